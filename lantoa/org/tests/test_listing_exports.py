"""A listing's spreadsheet export answers whatever is stored: a name saved with a control
character before input was cleaned, or starting with "=", is written as plain text."""

import io

import openpyxl
import pytest
from django.urls import reverse

from lantoa.org.models import Unit
from lantoa.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_unit_listing_exports_a_name_stored_with_control_characters(admin_client):
    unit = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    Unit.objects.filter(pk=unit.pk).update(name="Liên đoàn\x07 Lao động\x1b =HYPERLINK(1)")
    response = admin_client.get(reverse("unit:index") + "?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    names = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Liên đoàn Lao động =HYPERLINK(1)" in names
