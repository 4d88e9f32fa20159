"""Import and export of the channel registry as an Excel workbook (.xlsx).

The sheet has one header row with Vietnamese column names (see `COLUMNS`) and one
channel per row. `export_channels` writes exactly the columns the import reads, so an
exported file imported back unchanged changes nothing: its rows are "unchanged", or
"read-only" where the channel is one the importer may read but not change (an ended
unit's, a unit's above). A second sheet lists the units the importer may write, with
their codes. «Đã xác minh» is written for reading only: verification is done by the
level above (the import never reads it).

Importing is a preview, then a confirmation. `preview_channels` reads and checks every
row without touching the database and says what each would do: add, change, nothing, or
why it is refused, cell by cell. A row names its channel by «Mã kênh»; a row without one
is matched on unit, kind and address (`match_key`), so importing the same file twice
never duplicates. `apply_preview` writes the confirmed rows through
`actions.do_save_channel`, one savepoint per row, with the version each channel had
when previewed: a row whose channel someone saved since is not written
(`lantoa.core.concurrency`), nor a row whose channel someone added since. Every problem is
reported with its Excel row number (the header is row 1) and the column header.

Whatever the file holds, the work and the report stay bounded: the archive may unpack to
`MAX_UNPACKED_BYTES`, a cell may hold `MAX_CELL_CHARS` characters (a longer one is an error
that gives its length, and is dropped as soon as its row is read), a value quoted back in a
message is cut to `MAX_ECHO_CHARS`, and the report lists the first `MAX_LISTED_ERRORS`
errors. (One 30,000-character cell shared by 5,000 rows, quoted back on every row, once made
an 80 MB page and a 15.8 GB server.)
"""

from __future__ import annotations

import datetime
import decimal
import functools
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.constants import SHARED_STRINGS, WORKSHEET_TYPE
from openpyxl.xml.functions import fromstring
from wagtail.admin.utils import get_user_display_name

from lantoa.core import concurrency
from lantoa.lib import batches
from lantoa.org import scope
from lantoa.org.models import Unit
from lantoa.reports.downloads import cell_value, text_cells_as_strings
from lantoa.vi.formats import number as vi_number
from lantoa.vi.text import strip_controls

from . import actions
from .models import PHYSICAL_KINDS, Channel, ChannelKind, FundingSource, Purpose
from .validation import validate_channel_address

MAX_ROWS = 5_000
MAX_FILE_BYTES = 5 * 1024 * 1024
# A 5 MB zip can hold far more XML than that; refuse archives that unpack to more. A full
# file of 5,000 rows with every column filled unpacks to about 5 MB.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
# The longest field is the address (500 characters); «Quản trị viên» is a list of names.
# openpyxl reads every part but the worksheets and the shared strings whole into a tree, at
# 15 to 25 times its size in memory (a 19 MB styles part: 420 MB): those stay small.
MAX_TREE_PART_BYTES = 2 * 1024 * 1024
MAX_CELL_CHARS = 1_000
MAX_ECHO_CHARS = 80
MAX_LISTED_ERRORS = 100
# Rows read at most, empty ones included (formatted but empty rows count here).
MAX_SCANNED_ROWS = 50_000
MAX_COLUMNS = 60
MAX_COST = 10**14 - 1  # Channel.cost has 14 digits

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- The file format
# The sheet title, the column headers and the value labels below are part of the file
# format, not interface text: they stay Vietnamese whatever the interface language, so
# that every exported file reads the same and imports parse them. Do not translate them.
SHEET_TITLE = "Kênh truyền thông"

# Vietnamese labels used in the workbook (the model labels are English msgids).
KIND_LABELS: dict[str, str] = {
    ChannelKind.PORTAL: "Cổng thông tin điện tử",
    ChannelKind.FACEBOOK_PAGE: "Trang Facebook",
    ChannelKind.FACEBOOK_GROUP: "Nhóm Facebook",
    ChannelKind.ZALO_OA: "Zalo OA",
    ChannelKind.ZALO_GROUP: "Nhóm Zalo",
    ChannelKind.YOUTUBE: "Kênh YouTube",
    ChannelKind.VIBER: "Cộng đồng Viber",
    ChannelKind.TIKTOK: "TikTok",
    ChannelKind.PRESS: "Cơ quan báo chí",
    ChannelKind.RADIO_TV: "Phát thanh - Truyền hình",
    ChannelKind.LOUDSPEAKER: "Hệ thống loa",
    ChannelKind.BULLETIN_BOARD: "Bảng tin",
    ChannelKind.OUTDOOR_PANEL: "Pano ngoài trời",
    ChannelKind.POSTER_SPOT: "Điểm dán áp phích",
}
PURPOSE_LABELS: dict[str, str] = {
    Purpose.DISSEMINATE: "Tuyên truyền",
    Purpose.FEEDBACK: "Tiếp nhận ý kiến",
    Purpose.BOTH: "Cả hai",
}
FUNDING_LABELS: dict[str, str] = {
    FundingSource.BUDGET: "Ngân sách công đoàn",
    FundingSource.ACCUMULATED: "Nguồn tích lũy",
    FundingSource.SPONSORSHIP: "Tài trợ",
    FundingSource.EMPLOYER: "Doanh nghiệp",
    FundingSource.OTHER: "Khác",
}
# Yes/no as written in the «Đã xác minh» column (file format, see above). The column is
# written for reading only: the import ignores it (verification is the level above's).
YES, NO = "Có", "Không"
UNITS_SHEET_TITLE = "Đơn vị được cập nhật"
UNITS_HEADERS = ("Mã đơn vị", "Tên đơn vị")
# The units sheet lists at most this many units (a superuser may write 130,000).
MAX_LISTED_UNITS = 10_000

# (key, header) in sheet order; the headers are the file format (see above).
# Keys are Channel fields, plus "id" and "unit" (its code).
COLUMNS: list[tuple[str, str]] = [
    ("unit", "Mã đơn vị"),
    ("kind", "Loại kênh"),
    ("name", "Tên kênh"),
    ("address", "Địa chỉ/đường dẫn"),
    ("purpose", "Mục đích"),
    ("admins", "Quản trị viên"),
    ("audience_count", "Số thành viên/người theo dõi"),
    ("audience_counted_on", "Ngày đếm"),
    ("verified", "Đã xác minh"),
    ("location", "Vị trí"),
    ("funding_source", "Nguồn kinh phí"),
    ("cost", "Chi phí (đ)"),
    ("id", "Mã kênh"),
]
HEADERS = dict(COLUMNS)
REQUIRED_KEYS = ("unit", "kind", "name")
COLUMN_WIDTHS = {
    "unit": 14,
    "kind": 24,
    "name": 36,
    "address": 42,
    "purpose": 18,
    "admins": 28,
    "audience_count": 16,
    "audience_counted_on": 13,
    "verified": 12,
    "location": 30,
    "funding_source": 22,
    "cost": 15,
    "id": 10,
}


# --- Results


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.row is not None and self.column:
            return _("Row %(row)s, column «%(column)s»: %(message)s") % values
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % values
        if self.column:
            return _("Column «%(column)s»: %(message)s") % values
        return self.message


@dataclass(frozen=True)
class SavedRow:
    row: int
    channel: Channel


@dataclass
class ImportResult:
    created: list[SavedRow] = field(default_factory=list)
    updated: list[SavedRow] = field(default_factory=list)
    unchanged: list[SavedRow] = field(default_factory=list)
    # Unchanged rows of channels the importer may read but not change.
    read_only: list[SavedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Rows not written because the registry changed after the preview.
    conflicts: list[RowError] = field(default_factory=list)
    # Set when the whole file was refused; nothing was saved then.
    file_error: str = ""

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})

    @property
    def listed_errors(self) -> list[RowError]:
        """The errors the report lists; `unlisted_errors` counts the others."""
        return self.errors[:MAX_LISTED_ERRORS]

    @property
    def unlisted_errors(self) -> int:
        return max(len(self.errors) - MAX_LISTED_ERRORS, 0)

    @property
    def summary(self) -> str:
        if self.file_error:
            return self.file_error
        counts = {
            "created": len(self.created),
            "updated": len(self.updated),
            "errors": self.error_rows,
            "unchanged": len(self.unchanged) + len(self.read_only),
        }
        text = _("%(created)s channels added, %(updated)s channels updated, %(errors)s rows with errors.") % counts
        if counts["unchanged"]:
            text = (
                _(
                    "%(created)s channels added, %(updated)s channels updated, %(errors)s rows with errors "
                    "(%(unchanged)s channels unchanged)."
                )
                % counts
            )
        if self.conflicts:
            text += " " + _("%(count)s rows not saved: changed by someone else after the preview.") % {
                "count": len(self.conflicts)
            }
        return text


class FileRejected(Exception):
    """The file as a whole cannot be imported."""


# --- Reading cells


def _norm(value: str) -> str:
    """Compare labels ignoring case, Unicode composition and repeated spaces."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def _lookup(labels: dict[str, str], model_choices) -> dict[str, str]:
    """Map normalised codes, model labels (Vietnamese and English) and our labels to codes."""
    table: dict[str, str] = {}
    for code, label in model_choices.choices:
        table[_norm(code)] = code
        for language in ("vi", None):  # None: the English msgid
            with translation.override(language):
                table[_norm(str(label))] = code
    for code, label in labels.items():
        table[_norm(label)] = str(code)
    return table


@functools.cache
def _lookups() -> dict[str, dict[str, str]]:
    """Built on first use: model labels must not be translated at import time."""
    return {
        "kind": _lookup(KIND_LABELS, ChannelKind),
        "purpose": _lookup(PURPOSE_LABELS, Purpose),
        "funding_source": _lookup(FUNDING_LABELS, FundingSource),
    }


HEADER_LOOKUP = {_norm(header): key for key, header in COLUMNS}

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
GROUPED_NUMBER_RE = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})?(?:\1\d{3})*$")
CURRENCY_SUFFIX_RE = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?$", re.IGNORECASE)


class CellError(Exception):
    """A cell's value is not acceptable; the message is shown to the user."""


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return strip_controls(str(value)).strip()


def _shown(value) -> str:
    """A cell's text as quoted back in a message: at most MAX_ECHO_CHARS characters."""
    return _shortened(_text(value))


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_ECHO_CHARS else text[: MAX_ECHO_CHARS - 1].rstrip() + "…"


# A value quoted in a message from elsewhere (the address validator, the model).
_QUOTED = re.compile(rf"([«“])([^«»“”]{{{MAX_ECHO_CHARS + 1},}})([»”])")
MAX_MESSAGE_CHARS = 400


def _bounded(message: str) -> str:
    """The message with any long quoted value cut, and at most MAX_MESSAGE_CHARS long."""
    message = _QUOTED.sub(lambda m: m[1] + _shortened(m[2]) + m[3], str(message))
    return message if len(message) <= MAX_MESSAGE_CHARS else message[: MAX_MESSAGE_CHARS - 1] + "…"


def _multiline(value) -> str:
    lines = (line.strip() for line in _text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _invalid_choice(key: str, value: str) -> str:
    value = _shortened(value)
    if key == "kind":
        return _("«%(value)s» is not a valid channel kind.") % {"value": value}
    if key == "purpose":
        message = _("«%(value)s» is not a valid purpose (write one of: %(choices)s).")
        labels = PURPOSE_LABELS
    else:
        message = _("«%(value)s» is not a valid funding source (write one of: %(choices)s).")
        labels = FUNDING_LABELS
    return message % {"value": value, "choices": ", ".join(labels.values())}


def _choice(value, key: str) -> str:
    """The code for a cell of the «kind», «purpose» or «funding_source» column."""
    code = _lookups()[key].get(_norm(_text(value)))
    if code is None:
        raise CellError(_invalid_choice(key, _text(value)))
    return code


def _whole_number(value, *, maximum: int | None = None) -> int:
    if isinstance(value, bool):
        raise CellError(_("«%(value)s» is not a valid number.") % {"value": _shown(value)})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | decimal.Decimal):
        if not math.isfinite(value) or value != int(value):
            raise CellError(_("«%(value)s» is not a whole number.") % {"value": _shown(value)})
        number = int(value)
    else:
        raw = _text(value)
        text = CURRENCY_SUFFIX_RE.sub("", raw).replace("\u00a0", " ").strip()
        if text.isdigit():
            number = int(text)
        elif GROUPED_NUMBER_RE.match(text):
            number = int(re.sub(r"[.,\s]", "", text))
        else:
            raise CellError(
                _("«%(value)s» is not a valid number (for example: 1.500.000).") % {"value": _shortened(raw)}
            )
    if number < 0:
        raise CellError(_("«%(value)s» is a negative number.") % {"value": _shown(value)})
    if maximum is not None and number > maximum:
        raise CellError(_("«%(value)s» is too large.") % {"value": _shown(value)})
    return number


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        # A date cell whose date format was lost: Excel's serial day number.
        converted = from_excel(value)
        return converted.date() if isinstance(converted, datetime.datetime) else converted
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(
        _("«%(value)s» is not a valid date (write it as dd/mm/yyyy, for example 05/03/2025).")
        % {"value": _shortened(text)}
    )


def _invalid_channel_id(value) -> str:
    return _("«%(value)s» is not a valid channel ID (the channel ID is a number).") % {"value": _shown(value)}


def _channel_id(value) -> int:
    try:
        number = _whole_number(value)
    except CellError:
        raise CellError(_invalid_channel_id(value)) from None
    if number <= 0:
        raise CellError(_invalid_channel_id(value))
    return number


# --- Export


def _header_cells(sheet) -> None:
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, (key, header) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS[key]
    sheet.freeze_panes = "A2"


def _dropdowns(sheet, last_row: int) -> None:
    """Offer the Vietnamese labels as drop-down lists (typing a code stays allowed)."""
    lists = {
        "kind": KIND_LABELS.values(),
        "purpose": PURPOSE_LABELS.values(),
        "funding_source": FUNDING_LABELS.values(),
    }
    keys = [key for key, _header in COLUMNS]
    for key, values in lists.items():
        formula = '"' + ",".join(values) + '"'
        if len(formula) > 255:  # Excel's limit for an inline list
            continue
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
        letter = get_column_letter(keys.index(key) + 1)
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)


def _row_values(channel: Channel) -> list[Any]:
    values = {
        "id": channel.pk,
        "unit": channel.unit.code,
        "kind": KIND_LABELS.get(channel.kind, channel.kind),
        "name": channel.name,
        "address": channel.address,
        "purpose": PURPOSE_LABELS.get(channel.purpose, channel.purpose),
        "admins": channel.admins.replace("\r\n", "\n"),
        "audience_count": channel.audience_count,
        "audience_counted_on": channel.audience_counted_on,
        "verified": YES if channel.verified else NO,
        "location": channel.location,
        "funding_source": FUNDING_LABELS.get(channel.funding_source, channel.funding_source),
        "cost": int(channel.cost) if channel.cost is not None else None,
    }
    return [values[key] for key, _header in COLUMNS]


def _units_sheet(workbook, units: QuerySet[Unit]) -> int:
    """A sheet of the units the importer may write, with their codes; returns the last row."""
    sheet = workbook.create_sheet(UNITS_SHEET_TITLE)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, (header, width) in enumerate(zip(UNITS_HEADERS, (16, 60), strict=True), start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    row = 1
    for code, name in units.order_by("path").values_list("code", "name")[:MAX_LISTED_UNITS]:
        row += 1
        sheet.cell(row=row, column=1, value=cell_value(code))
        sheet.cell(row=row, column=2, value=cell_value(name))
    return row


def _unit_dropdown(sheet, last_unit_row: int, last_row: int) -> None:
    """Offer the writable units' codes in «Mã đơn vị» (any other code stays allowed)."""
    if last_unit_row < 2:
        return
    formula = f"'{UNITS_SHEET_TITLE}'!$A$2:$A${last_unit_row}"
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
    validation.add(f"A2:A{last_row}")
    sheet.add_data_validation(validation)


def export_channels(queryset: QuerySet[Channel], *, writable_units: QuerySet[Unit] | None = None) -> bytes:
    """Write the channels (already scoped by the caller) as an .xlsx workbook, with a second
    sheet of `writable_units` (the units the reader may add channels to) when given."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _header_cells(sheet)
    keys = [key for key, _header in COLUMNS]
    date_col = keys.index("audience_counted_on") + 1
    count_col = keys.index("audience_count") + 1
    cost_col = keys.index("cost") + 1
    admins_col = keys.index("admins") + 1
    row = 1
    for channel in queryset.select_related("unit").order_by("unit__path", "kind", "name", "pk"):
        row += 1
        for column, value in enumerate(_row_values(channel), start=1):
            cell = sheet.cell(row=row, column=column, value=cell_value(value) if value != "" else None)
            if column == date_col:
                cell.number_format = "DD/MM/YYYY"
            elif column in (count_col, cost_col):
                cell.number_format = "#,##0"
            elif column == admins_col and value and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    _dropdowns(sheet, max(row, 1) + MAX_ROWS)
    if writable_units is not None:
        _unit_dropdown(sheet, _units_sheet(workbook, writable_units), max(row, 1) + MAX_ROWS)
    text_cells_as_strings(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Import: reading the workbook


def _read_bytes(file) -> bytes:
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)
        if size is not None and size > MAX_FILE_BYTES:
            raise FileRejected(too_big_message())
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(too_big_message())
    return data


def read_upload(file) -> bytes:
    """The uploaded file's bytes; raises FileRejected when it is over MAX_FILE_BYTES."""
    return _read_bytes(file)


def too_big_message() -> str:
    """The message for a file over MAX_FILE_BYTES (also used by the upload form)."""
    return _("The file is too large: only files of at most %(size)s MB are accepted.") % {
        "size": MAX_FILE_BYTES // (1024 * 1024)
    }


def empty_file_message() -> str:
    return _("The uploaded file is empty.")


def _not_xlsx() -> str:
    return _(
        "The uploaded file is not a valid Excel workbook (.xlsx) or is damaged. "
        "Open the file in Excel and save it again as «Excel Workbook (.xlsx)»."
    )


def _unpacks_too_big() -> str:
    return _(
        "The file unpacks to more than %(size)s MB: a workbook may take at most %(size)s MB once unpacked. "
        "Remove pictures and sheets that are not needed and try again."
    ) % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}


def _part_too_big() -> str:
    return _(
        "The workbook cannot be read: a part other than its sheets (cell formats, names, charts…) "
        "takes more than %(size)s MB. Copy the rows into a new workbook and try again."
    ) % {"size": MAX_TREE_PART_BYTES // (1024 * 1024)}


def _check_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse an archive that would take too much memory to open.

    The declared sizes bound what is unpacked (zipfile stops at a member's size); only the
    parts openpyxl streams may pass MAX_TREE_PART_BYTES."""
    infos = archive.infolist()
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise FileRejected(_unpacks_too_big())
    large = {info.filename for info in infos if info.file_size > MAX_TREE_PART_BYTES}
    if large and large - _streamed_parts(archive):
        raise FileRejected(_part_too_big())


# Parts openpyxl reads whole whatever the package says of them.
_TREE_PARTS = {"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "docProps/core.xml", "docProps/custom.xml"}


def _streamed_parts(archive: zipfile.ZipFile) -> set[str]:
    """The parts openpyxl does not read whole when it opens the workbook read-only: those
    declared only as worksheets or shared strings, and pictures, when nothing links to them
    as anything else (a chart sheet is read whole)."""
    if archive.getinfo("[Content_Types].xml").file_size > MAX_TREE_PART_BYTES:
        return set()
    manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
    kinds: dict[str, set[str]] = {}
    for override in manifest.Override:
        kinds.setdefault(override.PartName.lstrip("/"), set()).add(override.ContentType)
    pictures = {d.Extension.lower() for d in manifest.Default if d.ContentType.startswith("image/")}
    names = set(archive.namelist())
    streamed = {name for name, types in kinds.items() if types <= {WORKSHEET_TYPE, SHARED_STRINGS}}
    streamed |= {name for name in names - set(kinds) if name.rpartition(".")[2].lower() in pictures}
    streamed -= _TREE_PARTS
    for part in (names - streamed) | _TREE_PARTS:
        rels = get_rels_path(part)
        if rels not in names or archive.getinfo(rels).file_size > MAX_TREE_PART_BYTES:
            continue
        for relation in get_dependents(archive, rels):
            if not relation.Type.endswith(("/worksheet", "/sharedStrings", "/image")):
                streamed.discard(relation.target)
    return streamed


def _open_sheet(data: bytes):
    if not data:
        raise FileRejected(empty_file_message())
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            _(
                ".xls files (Excel 97–2003) are not supported. "
                "Open the file in Excel and save it again as «Excel Workbook (.xlsx)»."
            )
        )
    if not data.startswith(b"PK"):
        raise FileRejected(_not_xlsx())
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_sizes(archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except FileRejected:
        raise
    except Exception:  # openpyxl raises many kinds of errors on foreign or broken files
        raise FileRejected(_not_xlsx()) from None
    return workbook


def _columns_of(header_row) -> dict[str, int]:
    """Map column keys to 0-based positions; raise FileRejected on missing or repeated headers."""
    positions: dict[str, int] = {}
    for index, value in enumerate(header_row or ()):
        if _is_blank(value):
            continue
        key = HEADER_LOOKUP.get(_norm(_text(value)))
        if key is None:
            continue  # extra columns are ignored
        if key in positions:
            raise FileRejected(
                _("Column «%(column)s» appears twice in the header row (row 1).") % {"column": HEADERS[key]}
            )
        positions[key] = index
    missing = [HEADERS[key] for key in REQUIRED_KEYS if key not in positions]
    if missing:
        names = ", ".join(f"«{name}»" for name in missing)
        expected = ", ".join(f"«{header}»" for _key, header in COLUMNS)
        raise FileRejected(
            _(
                "The header row (row 1) lacks the column %(missing)s. The columns of the channel registry are: "
                "%(expected)s (column «%(optional)s» is optional)."
            )
            % {"missing": names, "expected": expected, "optional": HEADERS["id"]}
        )
    return positions


def _too_many_rows() -> str:
    limit = f"{MAX_ROWS:,}".replace(",", ".")
    return _(
        "The file has too many rows: at most %(limit)s channel rows are accepted at a time. "
        "Split it into several smaller files."
    ) % {"limit": limit}


def _sheet_rows(workbook):
    """Yield a `_Row` for every non-empty data row, its over-long cells already refused."""
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header = next(rows, None)
    positions = _columns_of(header)
    non_empty = 0
    for number, values in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:
            raise FileRejected(_too_many_rows())
        raw = {key: (values[pos] if pos < len(values) else None) for key, pos in positions.items()}
        if all(_is_blank(v) for v in raw.values()):
            continue
        non_empty += 1
        if non_empty > MAX_ROWS:
            raise FileRejected(_too_many_rows())
        row = _Row(number, raw)
        row.refuse_over_long_cells()
        yield row


# --- Import: checking rows


@dataclass
class _Row:
    number: int
    raw: dict[str, Any]
    fields: dict[str, Any] = field(default_factory=dict)
    channel_id: int | None = None
    errors: list[RowError] = field(default_factory=list)
    # Columns whose cell was too long: already reported, read as empty without more errors.
    too_long: set[str] = field(default_factory=set)

    def error(self, key: str | None, message: str) -> None:
        self.errors.append(RowError(self.number, HEADERS.get(key) if key else None, _bounded(message)))

    def missing(self, key: str, message: str) -> None:
        """Report a required cell left empty (not one emptied for being too long)."""
        if key not in self.too_long:
            self.error(key, message)

    def refuse_over_long_cells(self) -> None:
        for key, value in self.raw.items():
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                self.error(
                    key,
                    _("the cell holds %(length)s characters; at most %(limit)s characters are accepted.")
                    % {"length": vi_number(len(value)), "limit": vi_number(MAX_CELL_CHARS)},
                )
                self.too_long.add(key)
        for key in self.too_long:
            self.raw[key] = None  # not kept: 5,000 rows may each hold a long cell


def _parse_cell(row: _Row, key: str, parse):
    value = row.raw.get(key)
    if _is_blank(value):
        return None
    try:
        return parse(value)
    except CellError as error:
        row.error(key, str(error))
        return None


def _parse_row(row: _Row, *, units: dict[str, Unit]) -> None:
    """Read the row's cells into `row.fields`; `units` maps the codes of the units the
    importer may read. «Đã xác minh» is not read: verification is the level above's."""
    raw = row.raw
    present = set(raw)
    # Required columns.
    code = _text(raw.get("unit"))
    if not code:
        row.missing("unit", _("the unit code is missing."))
    elif code not in units:
        row.error(
            "unit", _("no unit with the code «%(code)s» within the scope you may update.") % {"code": _shortened(code)}
        )
    else:
        row.fields["unit"] = units[code]
    kind = None
    if _is_blank(raw.get("kind")):
        row.missing("kind", _("the channel kind is missing."))
    else:
        kind = _parse_cell(row, "kind", lambda v: _choice(v, "kind"))
        if kind:
            row.fields["kind"] = kind
    name = _text(raw.get("name"))
    if not name:
        row.missing("name", _("the channel name is missing."))
    row.fields["name"] = name
    # Optional columns: a blank cell clears the value (the row is the whole record).
    if "address" in present:
        row.fields["address"] = _text(raw.get("address"))
    if "purpose" in present:
        purpose = _parse_cell(row, "purpose", lambda v: _choice(v, "purpose"))
        if purpose:
            row.fields["purpose"] = purpose
    if "admins" in present:
        row.fields["admins"] = _multiline(raw.get("admins"))
    if "audience_count" in present:
        row.fields["audience_count"] = _parse_cell(row, "audience_count", _whole_number)
    if "audience_counted_on" in present:
        row.fields["audience_counted_on"] = _parse_cell(row, "audience_counted_on", _date)
    if "location" in present:
        row.fields["location"] = _text(raw.get("location"))
    if "funding_source" in present:
        funding = _parse_cell(row, "funding_source", lambda v: _choice(v, "funding_source"))
        row.fields["funding_source"] = funding or ""
    if "cost" in present:
        row.fields["cost"] = _parse_cell(row, "cost", lambda v: _whole_number(v, maximum=MAX_COST))
    if "id" in present:
        row.channel_id = _parse_cell(row, "id", _channel_id)
    # Rules between cells (same as the channel form).
    if kind:
        try:
            row.fields["address"] = validate_channel_address(kind, row.fields.get("address", ""))
        except ValidationError as error:
            for message in error.messages:
                row.error("address", message)
        if kind in PHYSICAL_KINDS and not row.fields.get("location"):
            row.missing(
                "location",
                _("on-site channels (loudspeakers, bulletin boards, panels, poster spots) must give a location."),
            )
    if row.fields.get("audience_count") is not None and not row.fields.get("audience_counted_on"):
        if not any(e.column == HEADERS["audience_counted_on"] for e in row.errors):
            row.error("audience_counted_on", _("give the date on which the members or followers were counted."))


def _chunks(values, size: int = 500):
    values = sorted(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _units_by_code(units: QuerySet[Unit], codes: set[str]) -> dict[str, Unit]:
    """Map each code of the file to its unit among `units`.

    An exact match wins; otherwise a code typed in another case ("cdcs-a") still matches.
    """
    variants = {v for code in codes for v in (code, code.upper(), code.lower())}
    by_code: dict[str, Unit] = {}
    for chunk in _chunks(variants):
        for unit in units.filter(code__in=chunk):
            by_code[unit.code] = unit
    by_folded: dict[str, Unit] = {}
    for code, unit in sorted(by_code.items()):
        by_folded.setdefault(code.casefold(), unit)
    found: dict[str, Unit] = {}
    for code in codes:
        unit = by_code.get(code) or by_folded.get(code.casefold())
        if unit is not None:
            found[code] = unit
    return found


def _readable_units(actor) -> QuerySet[Unit]:
    return Unit.objects.all() if actor is None else scope.visible_units(actor)


def _allowed_unit_ids(actor, perm: str, unit_ids: set[int]) -> set[int]:
    units = Unit.objects.current() if actor is None else scope.units_with_perm(actor, perm)
    allowed: set[int] = set()
    for chunk in _chunks(unit_ids):
        allowed.update(units.filter(pk__in=chunk).values_list("pk", flat=True))
    return allowed


def _readable_channels(actor) -> QuerySet[Channel]:
    channels = Channel.objects.select_related("unit")
    return channels if actor is None else scope.scope_queryset(channels, actor)


def _channels_by_id(actor, ids: set[int]) -> dict[int, Channel]:
    found: dict[int, Channel] = {}
    for chunk in _chunks(ids):
        for channel in _readable_channels(actor).filter(pk__in=chunk):
            found[channel.pk] = channel
    return found


# --- Matching rows without «Mã kênh»

_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://")


def address_key(address: str) -> str:
    """An address as compared between a row and the registry: the link without its scheme,
    "www."/"m." or trailing slash, in one case and composition ("HTTPS://www.Zalo.me/g/Ab/"
    and "zalo.me/g/ab" are one address)."""
    text = _norm(address or "").replace(" ", "")
    text = _SCHEME_RE.sub("", text)
    for prefix in ("www.", "m."):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text.rstrip("/")


def match_key(unit_id: int, kind: str, address: str, name: str = "", location: str = "") -> tuple:
    """What identifies a channel without its «Mã kênh»: its unit, kind and address. An
    on-site channel, which may have no address, is told apart by its name and location."""
    address = address_key(address)
    if address:
        return (unit_id, kind, address)
    return (unit_id, kind, "", _norm(name or ""), _norm(location or ""))


def channel_key(channel: Channel) -> tuple:
    return match_key(channel.unit_id, channel.kind, channel.address, channel.name, channel.location)


def _row_key(row: _Row) -> tuple:
    fields = row.fields
    return match_key(
        fields["unit"].pk, fields["kind"], fields.get("address", ""), fields.get("name", ""), fields.get("location", "")
    )


def _channels_by_key(actor, unit_ids: set[int]) -> dict[tuple, list[Channel]]:
    found: dict[tuple, list[Channel]] = {}
    for chunk in _chunks(unit_ids):
        for channel in _readable_channels(actor).filter(unit_id__in=chunk).order_by("pk"):
            found.setdefault(channel_key(channel), []).append(channel)
    return found


# --- Import: the preview


class Action:
    ADD = "add"
    CHANGE = "change"
    UNCHANGED = "unchanged"
    READ_ONLY = "read_only"  # unchanged, of a channel the importer may not change
    REFUSED = "refused"


@dataclass
class RowPlan:
    """What importing one row would do, decided without writing anything."""

    row: int
    action: str
    fields: dict[str, Any] = field(default_factory=dict)
    channel: Channel | None = None
    errors: list[RowError] = field(default_factory=list)
    # The changed row's version when previewed, so confirming cannot overwrite an edit made since.
    opened: concurrency.OpenedVersion | None = None
    changed: list[str] = field(default_factory=list)  # headers of the changed columns

    @property
    def name(self) -> str:
        return self.channel.name if self.channel is not None and not self.fields.get("name") else self.fields["name"]

    @property
    def unit(self) -> Unit | None:
        return self.fields.get("unit") or (self.channel.unit if self.channel is not None else None)


@dataclass
class ImportPreview:
    rows: list[RowPlan] = field(default_factory=list)
    file_error: str = ""

    def having(self, action: str) -> list[RowPlan]:
        return [plan for plan in self.rows if plan.action == action]

    @property
    def to_write(self) -> list[RowPlan]:
        return [plan for plan in self.rows if plan.action in (Action.ADD, Action.CHANGE)]

    @property
    def errors(self) -> list[RowError]:
        return [error for plan in self.rows for error in plan.errors]

    def counts(self) -> dict[str, int]:
        return {action: len(self.having(action)) for action in (Action.ADD, Action.CHANGE, Action.UNCHANGED,
                                                                  Action.READ_ONLY, Action.REFUSED)}  # fmt: skip


def _differences(channel: Channel, fields: dict[str, Any]) -> list[str]:
    """The keys of the row's fields whose value differs from the channel's."""
    changed = []
    for name, value in fields.items():
        current = channel.unit_id if name == "unit" else getattr(channel, name)
        wanted = value.pk if name == "unit" else value
        if current != wanted:
            changed.append(name)
    return changed


def _read_only_reason(unit: Unit) -> str:
    if unit.valid_to is not None:
        return _("the unit «%(unit)s» ended on %(day)s: its channels are kept as history and cannot be changed.") % {
            "unit": unit.name,
            "day": unit.valid_to.strftime("%d/%m/%Y"),
        }
    return _("you may not change the channels of «%(unit)s».") % {"unit": unit.name}


def _cell_text(value) -> str:
    if isinstance(value, Unit):
        return value.code
    return _shortened(_text(value)) or "—"


class _Planner:
    """Classifies the checked rows of a file against the registry as it is now."""

    def __init__(self, actor, rows: list[_Row]):
        self.actor = actor
        self.rows = rows
        unit_ids = {row.fields["unit"].pk for row in rows if "unit" in row.fields}
        self.by_id = _channels_by_id(actor, {row.channel_id for row in rows if row.channel_id is not None})
        unit_ids |= {channel.unit_id for channel in self.by_id.values()}
        self.may_add = _allowed_unit_ids(actor, "channels.add_channel", unit_ids)
        self.may_change = _allowed_unit_ids(actor, "channels.change_channel", unit_ids)
        keyed_units = {row.fields["unit"].pk for row in rows if row.channel_id is None and _keyed(row)}
        self.by_key = _channels_by_key(actor, keyed_units)
        self.claimed: dict[int, int] = {}  # channel pk → row number
        self.added: dict[tuple, int] = {}  # key → row number

    def plan(self) -> list[RowPlan]:
        return [self._plan_row(row) for row in self.rows]

    def _plan_row(self, row: _Row) -> RowPlan:
        # A «Mã kênh» is checked even on a row with other errors: every refused cell is listed.
        id_refused = any(error.column == HEADERS["id"] for error in row.errors)  # a repeated ID
        channel = self._channel_of(row) if (row.channel_id is not None or not row.errors) and not id_refused else None
        if row.errors:
            return RowPlan(row.number, Action.REFUSED, row.fields, channel, errors=row.errors)
        return self._compare(row, channel) if channel is not None else self._add(row)

    def _channel_of(self, row: _Row) -> Channel | None:
        if row.channel_id is not None:
            channel = self.by_id.get(row.channel_id)
            if channel is None:
                # Out of scope and unknown IDs read the same: nothing tells that the channel exists.
                row.error(
                    "id",
                    _(
                        "no channel with the ID %(id)s within the scope you may update; "
                        "to add a new channel, leave «%(column)s» empty."
                    )
                    % {"id": row.channel_id, "column": HEADERS["id"]},
                )
                return None
        else:
            channel = self._matched(row)
        if channel is not None and channel.pk in self.claimed:
            row.error(
                "id" if row.channel_id is not None else None,
                _("this is the same channel as row %(row)s (channel ID %(id)s).")
                % {"row": self.claimed[channel.pk], "id": channel.pk},
            )
            return None
        if channel is not None:
            self.claimed[channel.pk] = row.number
        return channel

    def _matched(self, row: _Row) -> Channel | None:
        candidates = [c for c in self.by_key.get(_row_key(row), []) if c.pk not in self.claimed]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        same = [c for c in candidates if not _differences(c, row.fields)]
        if same:
            return same[0]
        ids = ", ".join(str(c.pk) for c in candidates[:5])
        row.error(
            "id",
            _("the unit, kind and address match several channels (IDs %(ids)s): write the «%(column)s» to update.")
            % {"ids": ids, "column": HEADERS["id"]},
        )
        return None

    def _add(self, row: _Row) -> RowPlan:
        unit = row.fields["unit"]
        key = _row_key(row)
        if key in self.added:
            row.error(
                None,
                _("this is the same channel as row %(row)s (same unit, kind and address).") % {"row": self.added[key]},
            )
        elif unit.pk not in self.may_add:
            row.error("unit", _no_add_reason(unit))
        if row.errors:
            return RowPlan(row.number, Action.REFUSED, row.fields, errors=row.errors)
        self.added[key] = row.number
        return RowPlan(row.number, Action.ADD, row.fields)

    def _compare(self, row: _Row, channel: Channel) -> RowPlan:
        changed = _differences(channel, row.fields)
        writable = channel.unit_id in self.may_change
        if not changed:
            action = Action.UNCHANGED if writable else Action.READ_ONLY
            return RowPlan(row.number, action, row.fields, channel)
        if not writable:
            reason = _read_only_reason(channel.unit).rstrip(".")
            for key in changed:
                row.error(
                    key,
                    _("%(reason)s (file «%(yours)s», registry «%(saved)s»).")
                    % {
                        "reason": reason,
                        "yours": _cell_text(row.fields[key]),
                        "saved": _cell_text(channel.unit if key == "unit" else getattr(channel, key)),
                    },
                )
        elif "unit" in changed and row.fields["unit"].pk not in self.may_change:
            row.error("unit", _no_add_reason(row.fields["unit"]))
        if row.errors:
            return RowPlan(row.number, Action.REFUSED, row.fields, channel, errors=row.errors)
        opened = concurrency.opened_version(channel, list(row.fields))
        return RowPlan(
            row.number, Action.CHANGE, row.fields, channel, opened=opened, changed=[HEADERS[k] for k in changed]
        )


def _keyed(row: _Row) -> bool:
    return not row.errors and "unit" in row.fields and "kind" in row.fields


def _no_add_reason(unit: Unit) -> str:
    if unit.valid_to is not None:
        return _("the unit «%(unit)s» ended on %(day)s: no channel can be added to it.") % {
            "unit": unit.name,
            "day": unit.valid_to.strftime("%d/%m/%Y"),
        }
    return _("you may not add channels to «%(unit)s».") % {"unit": unit.name}


def read_file(file) -> list[_Row]:
    """The file's non-empty rows; raises FileRejected when the file as a whole is refused."""
    workbook = None
    try:
        workbook = _open_sheet(_read_bytes(file))
        rows = list(_sheet_rows(workbook))
    except FileRejected:
        raise
    except Exception:  # a broken sheet can fail while its rows are read
        raise FileRejected(_not_xlsx()) from None
    finally:
        if workbook is not None:
            workbook.close()
    if not rows:
        raise FileRejected(_("The file has no channel rows below the header row."))
    return rows


def preview_channels(file, *, actor) -> ImportPreview:
    """What importing the file (bytes, a file object or an UploadedFile) would do, row by
    row, against the registry as it is now; nothing is written.

    `actor` is the user importing: channels and units are looked up in what they may read,
    and a row is written only where they hold the permission. A row naming a channel they
    may read but not change (an ended unit's, a unit's above) is "read-only" when it is
    unchanged, refused otherwise. None means the system (no scope check)."""
    try:
        rows = read_file(file)
    except FileRejected as error:
        return ImportPreview(file_error=str(error))
    codes = {_text(r.raw.get("unit")) for r in rows} - {""}
    units = _units_by_code(_readable_units(actor), codes)
    ids_seen: dict[int, int] = {}
    for row in rows:
        _parse_row(row, units=units)
        if row.channel_id is None:
            continue
        if row.channel_id in ids_seen:
            row.error(
                "id",
                _("channel ID %(id)s is already on row %(row)s.")
                % {"id": row.channel_id, "row": ids_seen[row.channel_id]},
            )
        else:
            ids_seen[row.channel_id] = row.number
    return ImportPreview(_Planner(actor, rows).plan())


# --- Import: writing the confirmed rows


@dataclass(frozen=True)
class Expected:
    """A row as the preview the importer confirmed saw it."""

    action: str
    channel_id: int | None = None
    opened: concurrency.OpenedVersion | None = None

    def dumps(self) -> list:
        opened = [self.opened.version, dict(self.opened.fingerprints)] if self.opened else None
        return [self.action, self.channel_id, opened]

    @classmethod
    def loads(cls, value: list) -> Expected:
        action, channel_id, opened = value
        return cls(action, channel_id, concurrency.OpenedVersion(opened[0], opened[1]) if opened else None)

    @classmethod
    def of(cls, plan: RowPlan) -> Expected:
        return cls(plan.action, plan.channel.pk if plan.channel is not None else None, plan.opened)


def expectations(preview: ImportPreview) -> dict[int, Expected]:
    """The rows a confirmation writes, as previewed."""
    return {plan.row: Expected.of(plan) for plan in preview.to_write}


def _conflict_error(row: int, channel_pk: int, changes: list[concurrency.Change]) -> RowError:
    user, saved_at = concurrency.last_saved(Channel(pk=channel_pk))
    when = timezone.localtime(saved_at).strftime("%H:%M %d/%m/%Y") if saved_at else "—"
    fields = "; ".join(f"{c.label}: «{c.yours}» → «{c.saved}»" for c in changes)
    values = {"id": channel_pk, "who": get_user_display_name(user) if user else "—", "time": when, "fields": fields}
    message = (
        _(
            "channel %(id)s was changed by %(who)s at %(time)s, after the preview; the row was not saved, "
            "so that change is kept (file → saved: %(fields)s). Download the registry again to see it."
        )
        % values
    )
    return RowError(row, None, _bounded(message))


def _added_since_error(row: int, channel: Channel) -> RowError:
    message = _(
        "a channel with the same unit, kind and address (ID %(id)s, «%(name)s») was added after the preview; "
        "the row was not saved, so there is no duplicate."
    ) % {"id": channel.pk, "name": _shortened(channel.name)}
    return RowError(row, None, message)


def _save_error(row: int, error: ValidationError) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [
            RowError(row, HEADERS.get(name), _bounded(message))
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [RowError(row, None, _bounded(message)) for message in error.messages]


def _existing_with_key(plan: RowPlan) -> Channel | None:
    """A channel of the row's unit and kind with the row's key, the unit row locked so two
    confirmations cannot both add it."""
    unit = plan.fields["unit"]
    list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))
    key = match_key(unit.pk, plan.fields["kind"], plan.fields.get("address", ""), plan.fields["name"],
                    plan.fields.get("location", ""))  # fmt: skip
    candidates = Channel.objects.filter(unit=unit, kind=plan.fields["kind"])
    # Narrowed in SQL (the key's address is part of any matching address), compared in Python.
    candidates = candidates.filter(address__icontains=key[2]) if key[2] else candidates.filter(address="")
    for channel in candidates.order_by("pk"):
        if channel_key(channel) == key:
            return channel
    return None


def _write_row(plan: RowPlan, expected: Expected, result: ImportResult, actor) -> None:
    """Write one confirmed row in its own savepoint, unless the registry moved since the preview."""
    try:
        with transaction.atomic():
            if expected.action == Action.ADD:
                if plan.action != Action.ADD:
                    result.conflicts.append(_added_since_error(plan.row, plan.channel))
                    return
                found = _existing_with_key(plan)
                if found is not None:
                    result.conflicts.append(_added_since_error(plan.row, found))
                    return
                scope.require_perm(actor, "channels.add_channel", plan.fields["unit"].pk, _("channels"))
                saved = actions.do_save_channel(Channel(), actor=actor, **plan.fields)
                result.created.append(SavedRow(plan.row, saved))
                return
            channel = Channel(pk=expected.channel_id)
            units = {plan.fields["unit"].pk, plan.channel.unit_id if plan.channel else None}
            scope.require_perm(actor, "channels.change_channel", units, _("channels"))
            saved = actions.do_save_channel(channel, actor=actor, opened=expected.opened, **plan.fields)
            result.updated.append(SavedRow(plan.row, saved))
    except concurrency.EditConflict as conflict:
        result.conflicts.append(_conflict_error(plan.row, expected.channel_id, conflict.changes))
    except Channel.DoesNotExist:
        result.errors.append(RowError(plan.row, HEADERS["id"], _("the channel was deleted after the preview.")))
    except ValidationError as error:
        result.errors.extend(_save_error(plan.row, error))


def apply_preview(
    file, expected: dict[int, Expected], *, actor, progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Write the rows a confirmed preview would add or change, each in its own savepoint
    (a row that fails undoes only itself), committed `ROWS_PER_COMMIT` rows at a time.

    The file is checked again against the registry as it is now: a row whose channel was
    saved by someone else since the preview, in a column the row would overwrite, or whose
    channel was added by someone else since, is not written and is listed as a conflict
    (`lantoa.core.concurrency`). Rows the preview found unchanged are not written.
    `progress(done, total)` is called after each commit."""
    result = ImportResult()
    preview = preview_channels(file, actor=actor)
    if preview.file_error:
        result.file_error = preview.file_error
        return result
    plans = {plan.row: plan for plan in preview.rows}
    rows = sorted(expected.items())
    with batches.bulk_changes():  # follow-up work (figures) once after the import, not per row
        for start in range(0, len(rows), ROWS_PER_COMMIT):
            with transaction.atomic():
                for number, wanted in rows[start : start + ROWS_PER_COMMIT]:
                    _apply_row(plans.get(number), number, wanted, result, actor)
            if progress is not None:
                progress(min(start + ROWS_PER_COMMIT, len(rows)), len(rows))
    return result


def _apply_row(plan: RowPlan | None, number: int, wanted: Expected, result: ImportResult, actor) -> None:
    if plan is None or plan.action == Action.REFUSED:
        result.errors.extend(plan.errors if plan else [RowError(number, None, _not_xlsx())])
    elif wanted.action == Action.CHANGE and plan.action in (Action.UNCHANGED, Action.READ_ONLY):
        result.unchanged.append(SavedRow(number, plan.channel))  # someone saved the same values
    elif wanted.action == Action.CHANGE and (plan.channel is None or plan.channel.pk != wanted.channel_id):
        result.errors.append(RowError(number, HEADERS["id"], _("the channel was deleted after the preview.")))
    else:
        _write_row(plan, wanted, result, actor)


# Rows written per commit: a commit per row costs a disk sync each; a long transaction
# would hold SQLite's write lock from the other writers.
ROWS_PER_COMMIT = 50


def import_channels(file, *, actor) -> ImportResult:
    """Preview the file and write what the preview would, at once (no confirmation step):
    the system's and the tests' shortcut. Refused rows are reported as errors."""
    preview = preview_channels(file, actor=actor)
    if preview.file_error:
        return ImportResult(file_error=preview.file_error)
    result = apply_preview(file, expectations(preview), actor=actor)
    result.errors = sorted([*preview.errors, *result.errors], key=lambda e: e.row or 0)
    result.unchanged.extend(SavedRow(p.row, p.channel) for p in preview.rows if p.action == Action.UNCHANGED)
    result.read_only.extend(SavedRow(p.row, p.channel) for p in preview.having(Action.READ_ONLY))
    return result
