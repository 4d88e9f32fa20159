"""The cases a user may read, as an .xlsx workbook: one sheet, one case a row.

The rows are those of the case list with the same filters (`CaseFilterForm`: status, topic,
urgency, unit, search), in the same order; `don_vi` (the dashboard's unit) further keeps
the cases handled today in that unit's subtree.

Personal data: the worker's name, phone, Zalo and e-mail columns are written only when the
user holds `inbox.view_contact` on every unit whose cases are in the file (checked on the
roles that grant it, as the case page does). One case of a unit where they do not hold it
drops the columns for the whole file, rather than leaving holes in some rows: a file whose
personal columns are sometimes empty would read as "no phone given". When the columns are
written, the export is recorded once, as an export of personal data, with the units of its
cases (`lantoa.privacy.record_access`); otherwise the privacy middleware records the
download as any other file. An erased worker's row reads «Đã xóa» in the name column.

The headers and yes/no are the file format, Vietnamese whatever the interface language, as
in lantoa/channels/xlsx.py; the topic, status and other labels are the model's choices.

Memory stays flat whatever the number of cases: openpyxl's write-only workbook streams its
rows to a temporary file, the cases are read 2,000 at a time, and the finished file is sent
from disk (`FileResponse`). Text cells are written as strings (never a formula) without
control characters (`lantoa.reports.downloads.cell_value`).
"""

from __future__ import annotations

import datetime
import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lantoa.lib.query_params import object_id
from lantoa.org import paths, scope
from lantoa.org.models import Unit
from lantoa.privacy.actions import record_access
from lantoa.privacy.models import AccessAction
from lantoa.reports.downloads import XLSX_CONTENT_TYPE, cell_value, content_disposition

from .models import Case
from .staff_forms import CaseFilterForm
from .views import PERSONAL, filtered_cases, ordered, readable_cases, readable_units

SHEET_TITLE = "Vụ việc"
YES, NO = "Có", "Không"
ERASED = "Đã xóa"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# (key, header, width); the personal columns come after these when written.
COLUMNS = [
    ("code", "Mã tra cứu", 18),
    ("opened", "Ngày nhận", 17),
    ("intake", "Kênh tiếp nhận", 20),
    ("unit", "Đơn vị xử lý", 40),
    ("topic", "Chủ đề", 26),
    ("urgency", "Mức khẩn", 12),
    ("status", "Trạng thái", 14),
    ("due", "Hạn trả lời", 17),
    ("answered", "Trả lời lần đầu", 17),
    ("late", "Trễ hạn", 9),
    ("subject", "Tiêu đề", 50),
    ("employer", "Doanh nghiệp", 36),
]
PERSONAL_COLUMNS = [
    ("name", "Họ và tên", 26),
    ("phone", "Số điện thoại", 16),
    ("email", "E-mail", 28),
    ("zalo", "Zalo", 18),
]


# --- Which cases, which columns


def export_cases(user, params):
    """The cases of the list with its filters (403 without `inbox.view_case`), plus `don_vi`."""
    cases = readable_cases(user)
    form = CaseFilterForm(params or None, units=readable_units(user))
    cases = filtered_cases(cases, form.filters() if form.is_bound else {})
    unit_id = object_id(params.get("don_vi"))
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id).first()
        low, high = paths.subtree_bounds(unit.path) if unit else ("", "")
        cases = cases.filter(unit__path__gte=low, unit__path__lt=high)
    return ordered(cases)


def may_see_contacts(user, cases) -> bool:
    """Whether a role of the user granting `inbox.view_contact` covers the unit of every case."""
    found = scope.scope_for(user)
    if found.everything:
        return True
    prefixes = found.perm_prefixes.get(PERSONAL, ())
    if not prefixes:
        return False
    return not cases.exclude(unit__in=Unit.objects.filter(found.perm_q(PERSONAL))).exists()


# --- The workbook


def local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A moment as the site's wall-clock time (Excel keeps no time zone)."""
    return timezone.make_naive(timezone.localtime(moment)) if moment else None


def is_late(case: Case, now: datetime.datetime) -> bool:
    """Answered after its deadline, or not answered and the deadline passed."""
    if case.due_at is None:
        return False
    if case.first_response_at is not None:
        return case.first_response_at > case.due_at
    return case.due_at < now


def text(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=cell_value(value))
    cell.data_type = "s"  # text, never a formula
    return cell


def moment_cell(sheet, value: datetime.datetime | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=local(value))
    cell.number_format = DATETIME_FORMAT
    return cell


def case_row(sheet, case: Case, now: datetime.datetime, personal: bool) -> list:
    row = [
        text(sheet, case.code),
        moment_cell(sheet, case.opened_at),
        text(sheet, case.get_intake_display()),
        text(sheet, case.unit.name),
        text(sheet, case.get_topic_display()),
        text(sheet, case.get_urgency_display()),
        text(sheet, case.get_status_display()),
        moment_cell(sheet, case.due_at),
        moment_cell(sheet, case.first_response_at),
        YES if is_late(case, now) else NO,
        text(sheet, case.subject),
        text(sheet, case.employer),
    ]
    if personal:
        contact = case.contact
        if contact.erased_at:
            row += [ERASED, "", "", ""]
        else:
            row += [text(sheet, contact.name), text(sheet, contact.phone), text(sheet, contact.email),
                    text(sheet, contact.zalo)]  # fmt: skip
    return row


def write_cases(cases, out, *, personal: bool, now: datetime.datetime | None = None) -> int:
    """Write the workbook to the binary file `out`; the number of cases written."""
    now = now or timezone.now()
    columns = COLUMNS + (PERSONAL_COLUMNS if personal else [])
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    for index, (_key, _header, width) in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header = []
    for _key, label, _width in columns:
        cell = text(sheet, label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    related = ("unit", "contact") if personal else ("unit",)
    count = 0
    for case in cases.select_related(*related).iterator(chunk_size=2000):
        sheet.append(case_row(sheet, case, now, personal))
        count += 1
    book.save(out)
    return count


def file_name(day: datetime.date) -> str:
    return f"Hop-thu-NLD-{day:%d-%m-%Y}.xlsx"


def export_view(request):
    """The download (GET); registered by dashboard_views.urlpatterns."""
    user = request.user
    cases = export_cases(user, request.GET)
    personal = may_see_contacts(user, cases)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    count = write_cases(cases, out, personal=personal)
    out.seek(0)
    if personal and count:
        units = list(cases.order_by().values_list("unit_id", flat=True).distinct())
        description = _("Export of %(count)s workers' cases with their contacts") % {"count": count}
        record_access(request, action=AccessAction.EXPORT, units=units, description=description,
                      subject_label=_("Worker inbox"))  # fmt: skip
    response = FileResponse(out, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(file_name(timezone.localdate()))
    return response
