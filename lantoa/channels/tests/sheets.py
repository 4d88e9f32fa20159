"""Workbooks built in memory for the import tests."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from lantoa.channels import xlsx

HEADERS = [header for key, header in xlsx.COLUMNS if key != "id"]


def make_xlsx(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(**values):
    """A data row in HEADERS order, by column key."""
    keys = [key for key, _header in xlsx.COLUMNS if key != "id"]
    return [values.get(key) for key in keys]


def upload(content: bytes, name: str = "kenh.xlsx"):
    return SimpleUploadedFile(name, content, content_type=xlsx.XLSX_CONTENT_TYPE)


def messages_for(result, number):
    return [str(e) for e in result.errors if e.row == number]


@pytest.fixture
def private_dir(settings, tmp_path):
    """Uploaded imports are kept under DATA_DIR/private: a fresh directory per test."""
    settings.DATA_DIR = tmp_path
    return tmp_path
