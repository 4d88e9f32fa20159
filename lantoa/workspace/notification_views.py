"""The bell's page: one's notifications, newest first; opening one marks it read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from lantoa.org.views import TitledAdminView

from . import actions, queries

PER_PAGE = 30


class NotificationListView(TitledAdminView, TemplateView):
    template_name = "workspace/notifications.html"
    page_title = _("Notifications")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(queries.notifications_of(self.request.user), PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(page=page, unread=queries.unread_count(self.request.user))
        return context


@require_POST
def open_notification(request, pk):
    """Mark one notification read and follow its link (only links inside this site)."""
    notification = get_object_or_404(queries.notifications_of(request.user), pk=pk)
    actions.do_mark_read(request.user, [notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("workspace_notifications")


@require_POST
def mark_all_read(request):
    count = actions.do_mark_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(reverse("workspace_notifications"))


def admin_urls():
    return [
        path("notifications/", NotificationListView.as_view(), name="workspace_notifications"),
        path("notifications/read-all/", mark_all_read, name="workspace_notifications_read_all"),
        path("notifications/<int:pk>/open/", open_notification, name="workspace_notification_open"),
    ]
