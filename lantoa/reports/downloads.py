"""File downloads: an attachment response whose name survives every browser.

    attachment(content, filename="KH-196-LĐLĐ.docx", content_type=DOCX_CONTENT_TYPE)

sends ``Content-Disposition: attachment; filename="KH-196-LDLD.docx"; filename*=UTF-8''KH-196-L%C4%90L%C4%90.docx``:
browsers that read RFC 6266's ``filename*`` keep the Vietnamese name, the others get its ASCII fold.

Every .xlsx the project writes puts its values through ``cell_value`` and ends with
``text_cells_as_strings``: stored text, whatever it holds, is written as that text. Control
characters (which XML, so openpyxl, refuses: the download answered 500) are dropped, and text
starting with "=" is a string cell, never a live formula (``=HYPERLINK(…)``), so an exported
name imported back is the same name.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import HttpResponse

from lantoa.vi.text import fold, strip_controls

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_filename(filename: str) -> str:
    """ "Báo cáo 196/KH-LĐLĐ.docx" → "Bao-cao-196-KH-LDLD.docx": letters, digits, dots, hyphens."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    folded = _fold_keeping_case(stem)
    safe = _UNSAFE.sub("-", folded).strip("-.") or "tep"
    return f"{safe}.{_UNSAFE.sub('', extension)}" if extension else safe


def _fold_keeping_case(text: str) -> str:
    return "".join(folded.upper() if char.isupper() else folded for char in text for folded in [fold(char) or char])


def content_disposition(filename: str) -> str:
    return f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def cell_value(value):
    """A value an .xlsx cell can hold: text without control characters (TAB, LF, CR kept)."""
    return strip_controls(value) if isinstance(value, str) else value


def text_cells_as_strings(workbook) -> None:
    """Mark every text cell of the workbook as a string (data type "s"); openpyxl makes text
    that starts with "=" a formula."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
