"""Admin wiring of the channel variants: their URLs, and a "Channel variants" entry in an
article's header menu (edit screen) and in its "more" menu in page listings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from lantoa.org import scope


class VariantsMenuItem(PageMenuItem):
    label = _("Channel variants")
    icon_name = "doc-full"
    url_name = "content_variants"

    def is_shown(self, user):
        from .models import ArticlePage

        if self.page.specific_class is not ArticlePage:
            return False
        return self.page.permissions_for_user(user).can_edit() or scope.can_read_unit(user, _unit_id(self.page))


def _unit_id(page):
    """The page's unit without fetching the specific page when the listing already did."""
    unit_id = getattr(page, "unit_id", None)
    return unit_id if unit_id is not None else getattr(page.specific_deferred, "unit_id", None)


@hooks.register("register_admin_urls")
def register_variant_urls():
    from .variant_views import urlpatterns

    return urlpatterns


@hooks.register("register_page_header_buttons")
def variants_header_button(page, user, view_name, next_url=None):
    yield VariantsMenuItem(page=page, priority=12)


@hooks.register("register_page_listing_more_buttons")
def variants_listing_button(page, user, next_url=None):
    yield VariantsMenuItem(page=page, priority=3)
