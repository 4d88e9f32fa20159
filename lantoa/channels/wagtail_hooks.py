from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.permissions import register_permission_policy

from lantoa.org.admin_scope import ScopedPermissionPolicy

from .models import Channel
from .views import ChannelsMenu

register_permission_policy(Channel, ScopedPermissionPolicy(Channel))


@hooks.register("register_admin_viewset")
def register_channel_viewsets():
    return ChannelsMenu()


@hooks.register("register_log_actions")
def register_channel_log_actions(actions):
    for action, label in (
        ("lantoa.channels.verify", _("Channel verified")),
        ("lantoa.channels.refuse", _("Channel not verified")),
        ("lantoa.channels.connect", _("Channel connected to its platform account")),
        ("lantoa.channels.disconnect", _("Channel disconnected from its platform account")),
        ("lantoa.channels.webhook_key", _("Secret key for the platform's messages changed")),
    ):
        actions.register_action(action, label, label)


@hooks.register("register_admin_urls")
def register_channel_xlsx_urls():
    from django.urls import path

    from . import import_views as views

    return [
        path("channels-xlsx/import/", views.ChannelImportView.as_view(), name="channels_xlsx_import"),
        path(
            "channels-xlsx/import/<str:token>/",
            views.ChannelImportReviewView.as_view(),
            name="channels_xlsx_import_review",
        ),
        path(
            "channels-xlsx/import/<str:token>/confirm/",
            views.ChannelImportConfirmView.as_view(),
            name="channels_xlsx_import_confirm",
        ),
        path(
            "channels-xlsx/import/<str:token>/progress/",
            views.ChannelImportProgressView.as_view(),
            name="channels_xlsx_import_progress",
        ),
        path("channels-xlsx/export/", views.ChannelExportView.as_view(), name="channels_xlsx_export"),
    ]


# --- An article's publications on the channels (publication_views.py)


@hooks.register("register_admin_urls")
def register_publication_urls():
    from .publication_views import urlpatterns

    return urlpatterns


@hooks.register("register_admin_urls")
def register_connect_urls():
    from .connect_views import urlpatterns

    return urlpatterns


class PublicationsMenuItem(PageMenuItem):
    label = _("Publications on the channels")
    icon_name = "globe"
    url_name = "channels_publications"

    def is_shown(self, user):
        from lantoa.content.variant_hooks import VariantsMenuItem

        return VariantsMenuItem(page=self.page).is_shown(user)


@hooks.register("register_page_header_buttons")
def publications_header_button(page, user, view_name, next_url=None):
    yield PublicationsMenuItem(page=page, priority=13)


@hooks.register("register_page_listing_more_buttons")
def publications_listing_button(page, user, next_url=None):
    yield PublicationsMenuItem(page=page, priority=4)
