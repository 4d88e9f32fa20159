"""The cascade's staff screens in the Wagtail admin (lantoa/cascade/views.py): the menu
entry "Việc đã gửi xuống", and "Gửi xuống cơ sở" on a live article and an approved campaign."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from lantoa.org import scope
from lantoa.plans.models import Campaign

from .forms import ADD


@hooks.register("register_admin_urls")
def register_cascade_urls():
    from .views import urlpatterns

    return urlpatterns


class DispatchesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cascade.view_dispatch")


@hooks.register("register_admin_menu_item")
def register_dispatches_menu_item():
    return DispatchesMenuItem(_("Work sent down"), reverse("cascade_dispatches"), icon_name="mail", order=175)


def may_send(user) -> bool:
    return scope.units_with_perm(user, ADD).exists()


class DispatchArticleMenuItem(PageMenuItem):
    label = _("Send down to the units")
    icon_name = "mail"
    url_name = "cascade_dispatch_article"

    def is_shown(self, user):
        from lantoa.content.models import ArticlePage

        if not self.page.live or self.page.specific_class is not ArticlePage:
            return False
        unit_id = getattr(self.page.specific_deferred, "unit_id", None)
        return may_send(user) and (
            scope.can_read_unit(user, unit_id) or self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def dispatch_header_button(page, user, view_name, next_url=None):
    yield DispatchArticleMenuItem(page=page, priority=14)


@hooks.register("register_page_listing_more_buttons")
def dispatch_listing_button(page, user, next_url=None):
    yield DispatchArticleMenuItem(page=page, priority=5)


@hooks.register("register_snippet_action_menu_item")
def dispatch_campaign_menu_item(model):
    from wagtail.snippets.action_menu import ActionMenuItem

    class DispatchCampaignMenuItem(ActionMenuItem):
        label = _("Send down to the units")
        name = "cascade-dispatch"
        icon_name = "mail"

        def is_shown(self, context):
            instance = context.get("instance")
            if context.get("view") != "edit" or instance is None or not instance.live:
                return False
            user = context["request"].user
            return may_send(user) and scope.can_read_unit(user, instance.unit_id)

        def get_url(self, parent_context):
            return reverse("cascade_dispatch_campaign", args=[parent_context["instance"].pk])

    return DispatchCampaignMenuItem(order=75) if model is Campaign else None
