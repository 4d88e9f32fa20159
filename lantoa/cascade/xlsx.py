"""Spreadsheets of the cascade: the unit codes a sender uploads as the targets of a dispatch
(first column, read-only, bounded), and the export of a dispatch's tasks per unit."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from lantoa.org import paths

from .models import Dispatch, TaskStatus, UnitTask

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_CODES = 200_000
DATE_FORMAT = "DD/MM/YYYY"
SEPARATORS = re.compile(r"[\s,;]+")


def split_codes(text: str) -> list[str]:
    """Unit codes pasted as a list: one a line, or separated by commas, semicolons or spaces."""
    return [code for code in SEPARATORS.split(text or "") if code]


def read_codes(upload) -> list[str]:
    """The codes in the first column of the first sheet of an uploaded .xlsx, without a
    heading ("Mã đơn vị": a first cell with a space, or "mã", "code"). Raises
    ValidationError in Vietnamese for what cannot be read."""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)}, code="size"
        )
    try:
        book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationError(_("The file is not an Excel workbook (.xlsx)."), code="invalid") from None
    codes: list[str] = []
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(max_col=1, values_only=True):
            value = row[0] if row else None
            if value is None or str(value).strip() == "":
                continue
            if len(codes) >= MAX_CODES:
                raise ValidationError(
                    _("The file has more than %(count)s codes.") % {"count": f"{MAX_CODES:,}".replace(",", ".")},
                    code="rows",
                )
            codes.append(_code_text(value))
    finally:
        book.close()
    if codes and is_heading(codes[0]):
        codes = codes[1:]
    return codes


def is_heading(text: str) -> bool:
    return any(c.isspace() for c in text) or text.casefold() in {"mã", "ma", "code", "mã đơn vị", "ma_don_vi"}


def _code_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


HEADERS = (
    ("unit code", 18),
    ("unit name", 48),
    ("parent unit", 40),
    ("action", 34),
    ("task status", 22),
    ("due on (task)", 14),
    ("done on (task)", 14),
    ("late", 10),
    ("address of the post", 40),
    ("people reached", 14),
    ("reason", 30),
)


def header_labels() -> list[str]:
    labels = {
        "unit code": _("Unit code"),
        "unit name": _("Unit name"),
        "parent unit": _("Parent unit"),
        "action": _("Action asked"),
        "task status": _("Task status"),
        "due on (task)": _("Due day"),
        "done on (task)": _("Day done"),
        "late": _("Late after the due day"),
        "address of the post": _("Address of the post"),
        "people reached": _("People reached"),
        "reason": _("Reason not applicable"),
    }
    return [labels[key] for key, _width in HEADERS]


def export_tasks(root: Dispatch, unit_path: str, day: datetime.date | None = None) -> bytes:
    """Every task of the root dispatch in the subtree at `unit_path`, one row each, sorted by
    unit; relayed tasks show as relayed (their units' rows follow)."""
    day = day or timezone.localdate()
    low, high = paths.subtree_bounds(unit_path)
    tasks = (
        UnitTask.objects.filter(root=root, unit__path__gte=low, unit__path__lt=high)
        .select_related("unit", "unit__parent")
        .order_by("unit__path", "action", "pk")
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Tasks by unit"))
    for index, (_key, width) in enumerate(HEADERS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header = []
    for label in header_labels():
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    yes, no = _("yes"), _("no")
    for task in tasks.iterator(chunk_size=2000):
        due, done = WriteOnlyCell(sheet, value=task.due_on), WriteOnlyCell(sheet, value=task.done_on)
        due.number_format = done.number_format = DATE_FORMAT
        sheet.append(
            [
                task.unit.code,
                task.unit.name,
                task.unit.parent.name if task.unit.parent else "",
                task.get_action_display(),
                task.get_status_display(),
                due,
                done,
                yes if task.status != TaskStatus.RELAYED and task.is_late(day) else no,
                task.evidence_url,
                task.reach,
                task.reason,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
