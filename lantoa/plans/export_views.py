"""Downloads of a plan (.docx) and of its progress report (.docx, .xlsx).

Wagtail wraps every `register_admin_urls` view in `require_admin_access`; these views add
the plan permission and the scope (`access_plan`: 404 out of scope). The report is as of
`?ngay=dd/mm/yyyy`, read as the dashboard reads it (`dashboard_views.requested_day`): absent,
unreadable or in the future, it is the plan's default day, so a report shows the figures of
the dashboard it was downloaded from.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.decorators.http import require_GET

from lantoa.privacy.actions import note_access
from lantoa.reports.downloads import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE, attachment
from lantoa.reports.official import render_docx

from . import exports, progress
from .dashboard_views import requested_day
from .models import Plan
from .queries import access_plan


def _readable_plan(request, pk, *, received: bool = False) -> Plan:
    if not request.user.has_perm("plans.view_plan"):
        raise PermissionDenied
    plan = access_plan(request.user, pk, received=received)
    note_access(request, subject=plan, units=[plan.issuing_unit_id])  # for the access record
    return plan


def _as_of(request, plan: Plan) -> datetime.date:
    day, _problem = requested_day(request.GET.get("ngay"))
    return day or progress.default_day(plan)


def _file_stem(plan: Plan) -> str:
    """ "KH-196-LĐLĐ"; a draft without number: "KH-LĐLĐ"."""
    doc_type, dash, body = plan.symbol.partition("-")
    return f"{doc_type}-{plan.number}-{body}" if plan.number and dash else plan.symbol


@require_GET
def export_plan_docx(request, pk):
    plan = _readable_plan(request, pk, received=True)
    content = render_docx(exports.plan_document(plan))
    return attachment(content, filename=f"{_file_stem(plan)}.docx", content_type=DOCX_CONTENT_TYPE)


@require_GET
def export_report_docx(request, pk):
    plan = _readable_plan(request, pk, received=True)
    day = _as_of(request, plan)
    content = render_docx(exports.report_document(plan, day))
    filename = f"BC-{_file_stem(plan)}-{day:%d-%m-%Y}.docx"
    return attachment(content, filename=filename, content_type=DOCX_CONTENT_TYPE)


@require_GET
def export_report_xlsx(request, pk):
    plan = _readable_plan(request, pk)
    day = _as_of(request, plan)
    content = exports.report_workbook(plan, day)
    filename = f"BC-{_file_stem(plan)}-{day:%d-%m-%Y}.xlsx"
    return attachment(content, filename=filename, content_type=XLSX_CONTENT_TYPE)


urlpatterns: list = [
    path("plans/<int:pk>/export/plan.docx", export_plan_docx, name="plans_export_plan_docx"),
    path("plans/<int:pk>/export/report.docx", export_report_docx, name="plans_export_report_docx"),
    path("plans/<int:pk>/export/report.xlsx", export_report_xlsx, name="plans_export_report_xlsx"),
]
