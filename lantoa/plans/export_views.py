"""(being written) Exports of a plan and its progress report."""

from django.http import Http404
from django.urls import path


def _pending(request, pk):
    raise Http404


urlpatterns: list = [
    path("plans/<int:pk>/export/plan.docx", _pending, name="plans_export_plan_docx"),
    path("plans/<int:pk>/export/report.docx", _pending, name="plans_export_report_docx"),
    path("plans/<int:pk>/export/report.xlsx", _pending, name="plans_export_report_xlsx"),
]
