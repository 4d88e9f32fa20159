"""Wagtail page screens that list pages without asking the permission policy, and have no
hook to narrow them: the page chooser's "chosen pages" answer (it returns the title of any
page id it is given), the page types usage report (it names the last edited page of each
type, wherever it is) and the two moderation reports (every snippet of a model the user
may change: campaigns of other unions too). Served at Wagtail's own addresses, before Wagtail's admin
URLs (`lantoa.urls`), as the site history report is (`lantoa.core.site_history`).
"""

from __future__ import annotations

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.models import Page

from .admin_scope import changeable_workflow_objects_q, choosable_pages, page_policy


class ScopedChosenMultipleView(ChosenMultipleView):
    """Only the pages the chooser would have offered (live, or drafts the user may edit)."""

    def get(self, request):
        offered = choosable_pages(Page.objects.filter(pk__in=request.GET.getlist("id")), request.user)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in offered.values_list("pk", flat=True)])
        return super().get(request)


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Counts stay (they name no page); the last edited page shows only where the user explores."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        explorable = set(
            page_policy()
            .explorable_instances(self.request.user)
            .filter(pk__in=[item.last_edited_page_id for item in page_types if item.last_edited_page_id])
            .values_list("pk", flat=True)
        )
        for item in page_types:
            if item.last_edited_page_id not in explorable:
                item.last_edited_page = None
        return page_types


class ScopedWorkflowView(WorkflowView):
    def get_queryset(self):
        return super().get_queryset().filter(changeable_workflow_objects_q(self.request.user))


class ScopedWorkflowTasksView(WorkflowTasksView):
    def get_queryset(self):
        return super().get_queryset().filter(changeable_workflow_objects_q(self.request.user, "workflow_state__"))


def _admin_view(view):
    """As Wagtail's admin URLs wrap their views: admin access required, never cached."""
    return require_admin_access(never_cache(view))


urlpatterns = [
    path(
        "admin/choose-page/chosen-multiple/",
        _admin_view(ScopedChosenMultipleView.as_view()),
        name="portal_choose_page_chosen_multiple",
    ),
    path(
        "admin/reports/page-types-usage/",
        _admin_view(ScopedPageTypesUsageReportView.as_view()),
        name="portal_page_types_usage",
    ),
    path(
        "admin/reports/page-types-usage/results/",
        _admin_view(ScopedPageTypesUsageReportView.as_view(results_only=True)),
        name="portal_page_types_usage_results",
    ),
    path("admin/reports/workflow/", _admin_view(ScopedWorkflowView.as_view()), name="portal_workflow_report"),
    path(
        "admin/reports/workflow/results/",
        _admin_view(ScopedWorkflowView.as_view(results_only=True)),
        name="portal_workflow_report_results",
    ),
    path(
        "admin/reports/workflow_tasks/",
        _admin_view(ScopedWorkflowTasksView.as_view()),
        name="portal_workflow_tasks_report",
    ),
    path(
        "admin/reports/workflow_tasks/results/",
        _admin_view(ScopedWorkflowTasksView.as_view(results_only=True)),
        name="portal_workflow_tasks_report_results",
    ),
]
