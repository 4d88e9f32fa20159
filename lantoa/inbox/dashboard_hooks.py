"""Wagtail hooks of the inbox's dashboard screens (imported by wagtail_hooks.py): the
dashboard and the cases' .xlsx download (lantoa/inbox/dashboard_views.py), and the menu
entry "Tổng quan hộp thư" beside "Hộp thư người lao động", for users who may read cases."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def register_inbox_dashboard_urls():
    from .dashboard_views import urlpatterns

    return urlpatterns


class InboxDashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("inbox.view_case")


@hooks.register("register_admin_menu_item")
def register_inbox_dashboard_menu_item():
    return InboxDashboardMenuItem(_("Inbox overview"), reverse("inbox_dashboard"), icon_name="mail", order=177)
