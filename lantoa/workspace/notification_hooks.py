"""The bell in the sidebar (with the unread count) and the notifications page."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

from . import notification_views
from .queries import unread_count


class NotificationsMenuItem(MenuItem):
    """Labelled "Thông báo (3)" while three are unread (one count query per page)."""

    def render_component(self, request):
        count = unread_count(request.user)
        label = gettext("Notifications (%(count)s)") % {"count": count} if count else str(self.label)
        attrs = {**self.attrs, "data-unread": str(count)}
        return LinkMenuItemComponent(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=attrs
        )


@hooks.register("register_admin_urls")
def register_notification_urls():
    return notification_views.admin_urls()


@hooks.register("register_admin_menu_item")
def register_notifications_menu_item():
    return NotificationsMenuItem(
        _("Notifications"), reverse("workspace_notifications"), name="notifications", icon_name="mail", order=50
    )


@hooks.register("insert_global_admin_css")
def workspace_css():
    return format_html('<link rel="stylesheet" href="{}">', static("workspace/workspace.css"))
