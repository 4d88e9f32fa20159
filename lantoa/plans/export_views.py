"""Downloads of a plan (.docx) and of its progress report (.docx, .xlsx).

The progress report (.docx) is made through a small form (`ReportSignerView`): the report is
issued by the unit that holds the plan today (`lantoa.reports.queries.reporting_unit`) and
the form asks who signs it, proposing the signer of that unit's last signed document. Making
it records the signer (`do_record_signed_document`), so only someone who may change that
unit's plans makes it; the old GET address of report.docx leads to the form.

Wagtail wraps every `register_admin_urls` view in `require_admin_access`; these views add
the plan permission and the scope (`access_plan`: 404 out of scope). The report is as of
`?ngay=dd/mm/yyyy`, read as the dashboard reads it (`dashboard_views.requested_day`): absent,
unreadable or in the future, it is the plan's default day, so a report shows the figures of
the dashboard it was downloaded from.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from lantoa.org import scope
from lantoa.org.views import TitledAdminView
from lantoa.privacy.actions import note_access
from lantoa.reports.actions import MAKE_PERMISSION, do_record_signed_document
from lantoa.reports.downloads import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE, attachment
from lantoa.reports.forms import AUTHORITY_EXAMPLES, SignerForm
from lantoa.reports.official import Signature, render_docx
from lantoa.reports.queries import proposed_signer, reporting_unit, succession_date

from . import exports, progress
from .dashboard_views import requested_day, with_query
from .models import DocumentType, Plan
from .queries import access_plan


def _readable_plan(request, pk, *, received: bool = False) -> Plan:
    if not request.user.has_perm("plans.view_plan"):
        raise PermissionDenied
    plan = access_plan(request.user, pk, received=received)
    note_access(request, subject=plan, units=[plan.issuing_unit_id])  # for the access record
    return plan


def _as_of(request, plan: Plan) -> datetime.date:
    day, _problem = requested_day(request.POST.get("ngay") or request.GET.get("ngay"))
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
    """The report is made through its signer form: this address leads there, with its day."""
    plan = _readable_plan(request, pk, received=True)
    return redirect(with_query(reverse("plans_report_signer", args=[plan.pk]), ngay=request.GET.get("ngay")))


class ReportSignerView(TitledAdminView, FormView):
    """Ask who signs the progress report, then send the .docx and record the signer."""

    template_name = "reports/report_signer.html"
    form_class = SignerForm
    page_title = _("Make the progress report")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.plan = _readable_plan(request, kwargs["pk"], received=True)
        self.day = _as_of(request, self.plan)
        self.on = timezone.localdate()
        self.unit = reporting_unit(self.plan.issuing_unit, on=self.on)
        self.can_make = scope.has_perm(request.user, MAKE_PERMISSION, self.unit.pk)
        self.proposal = proposed_signer(self.unit)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.plan)

    def get_initial(self):
        proposal = self.proposal
        return {
            "authority": proposal.authority,
            "position": proposal.position,
            "name": proposal.name,
            "place": proposal.place or (self.plan.place if self.unit.pk == self.plan.issuing_unit_id else ""),
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "plan": self.plan,
            "day": self.day,
            "unit": self.unit,
            "succeeded_on": succession_date(self.plan.issuing_unit, self.unit),
            "proposal": self.proposal,
            "can_make": self.can_make,
            "authorities": AUTHORITY_EXAMPLES,
            "dashboard_url": with_query(reverse("plans_dashboard", args=[self.plan.pk]), ngay=f"{self.day:%d/%m/%Y}"),
        }

    def post(self, request, *args, **kwargs):
        if not self.can_make:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        signature = Signature(data["authority"], data["position"], data["name"])
        document = exports.report_document(
            self.plan, self.day, on=self.on, signature=signature, place=data["place"], viewer=self.request.user
        )
        content = render_docx(document)
        do_record_signed_document(
            unit=self.unit, plan=self.plan, doc_type=DocumentType.REPORT, as_of=self.day, made_on=self.on,
            place=data["place"], authority=data["authority"], position=data["position"], name=data["name"],
            actor=self.request.user,
        )  # fmt: skip
        filename = f"BC-{_file_stem(self.plan)}-{self.day:%d-%m-%Y}.docx"
        return attachment(content, filename=filename, content_type=DOCX_CONTENT_TYPE)


@require_GET
def export_report_xlsx(request, pk):
    plan = _readable_plan(request, pk, received=True)
    day = _as_of(request, plan)
    content = exports.report_workbook(plan, day, viewer=request.user)
    filename = f"BC-{_file_stem(plan)}-{day:%d-%m-%Y}.xlsx"
    return attachment(content, filename=filename, content_type=XLSX_CONTENT_TYPE)


urlpatterns: list = [
    path("plans/<int:pk>/export/plan.docx", export_plan_docx, name="plans_export_plan_docx"),
    path("plans/<int:pk>/export/report.docx", export_report_docx, name="plans_export_report_docx"),
    path("plans/<int:pk>/export/report/", ReportSignerView.as_view(), name="plans_report_signer"),
    path("plans/<int:pk>/export/report.xlsx", export_report_xlsx, name="plans_export_report_xlsx"),
]
