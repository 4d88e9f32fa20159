"""The task screen: queued, running, failed and retried background tasks, with a retry button."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from lantoa.org.views import TitledAdminView

from . import actions, queries

PER_PAGE = 50


class TaskListView(TitledAdminView, TemplateView):
    template_name = "lib/tasks.html"
    page_title = _("Background tasks")
    header_icon = "cogs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("trang_thai")
        status = status if status in queries.STATUSES else None
        results = queries.with_status(queries.visible_tasks(self.request.user), status).order_by("-enqueued_at")
        page = Paginator(results, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(page=page, rows=queries.task_rows(list(page)), status=status, statuses=queries.STATUSES)
        return context


@require_POST
def retry_task(request, pk):
    try:
        actions.do_retry_task(pk, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The task was queued again."))
    return redirect("lantoa_tasks")


def admin_urls():
    return [
        path("tasks/", TaskListView.as_view(), name="lantoa_tasks"),
        path("tasks/<uuid:pk>/retry/", retry_task, name="lantoa_task_retry"),
    ]
