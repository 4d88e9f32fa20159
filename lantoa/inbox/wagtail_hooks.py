"""The inbox's staff screens in the Wagtail admin (lantoa/inbox/views.py): the menu entry
"Hộp thư người lao động", shown to users whose roles let them read cases."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def register_inbox_urls():
    from .views import urlpatterns

    return urlpatterns


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("inbox.view_case")


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(_("Worker inbox"), reverse("inbox_cases"), icon_name="mail", order=176)


# The other screens' hooks: routing rules, the Q&A knowledge base, the dashboard and export.
from . import answer_hooks, dashboard_hooks, rule_hooks  # noqa: E402, F401
