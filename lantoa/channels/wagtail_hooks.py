from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.org.admin_scope import ScopedPermissionPolicy

from .models import Channel
from .views import ChannelViewSet

register_permission_policy(Channel, ScopedPermissionPolicy(Channel))


@hooks.register("register_admin_viewset")
def register_channel_viewset():
    return ChannelViewSet("channel", url_prefix="channels")


@hooks.register("register_admin_urls")
def register_channel_xlsx_urls():
    from django.urls import path

    from .import_views import ChannelExportView, ChannelImportView

    return [
        path("channels-xlsx/import/", ChannelImportView.as_view(), name="channels_xlsx_import"),
        path("channels-xlsx/export/", ChannelExportView.as_view(), name="channels_xlsx_export"),
    ]
