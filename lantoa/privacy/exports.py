"""A person's export as JSON (for machines) and .xlsx (for people): one sheet per table."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook

from lantoa.reports.downloads import cell_value, text_cells_as_strings

from .actions import PersonExport

MAX_SHEET_TITLE = 31


def export_json(export: PersonExport) -> bytes:
    person = export.person
    document = {
        "person": {"model": person._meta.label_lower, "id": person.pk},
        "exported_at": export.exported_at.isoformat(),
        "tables": {table.key: {"title": table.title, "rows": table.rows} for table in export.tables},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode()


def _cell_text(value) -> str:
    if isinstance(value, bool):
        value = "x" if value else ""
    return cell_value("" if value is None else str(value))


def export_xlsx(export: PersonExport) -> bytes:
    """Every value is written as a string cell (a name starting with "=" stays text)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in export.tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, workbook.sheetnames))
        sheet.append([label for _key, label in table.columns])
        for row_number, row in enumerate(table.rows, start=2):
            for column_number, (key, _label) in enumerate(table.columns, start=1):
                sheet.cell(row=row_number, column=column_number, value=_cell_text(row.get(key)))
    text_cells_as_strings(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str, taken: list[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:MAX_SHEET_TITLE] or "Sheet"
    candidate, n = base, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate, n = base[: MAX_SHEET_TITLE - len(suffix)] + suffix, n + 1
    return candidate
