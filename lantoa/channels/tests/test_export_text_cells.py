"""The channel export writes text as text: a name is never a live formula, and control
characters already stored do not break the download.

A name starting with `=` became a formula (`=HYPERLINK(…)` a live link in the officer's
Excel); a name with BEL or ESC, stored before input was cleaned, made the export answer 500.
"""

import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from lantoa.channels import xlsx
from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel, ChannelKind

# PostgreSQL stores no NUL character at all: only SQLite can hold one already.
NUL = "\x00" if connection.vendor == "sqlite" else "\x07"

NAMES = ['=HYPERLINK("http://x","y")', "+1", "-2", "@x", "=1+1"]


@pytest.fixture
def formula_like(tree, admin_user):
    return [
        do_save_channel(Channel(), actor=admin_user, unit=tree["a"], kind=ChannelKind.BULLETIN_BOARD,
                        name=name, location=name, admins=name)
        for name in NAMES
    ]  # fmt: skip


def _name_cells(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    column = [key for key, _header in xlsx.COLUMNS].index("name")
    return [r[column] for r in sheet.iter_rows(min_row=2)]


def test_text_that_looks_like_a_formula_is_written_as_a_string_cell(formula_like):
    cells = _name_cells(xlsx.export_channels(Channel.objects.all()))
    assert sorted(c.value for c in cells) == sorted(NAMES)
    assert {c.data_type for c in cells} == {"s"}


def test_every_text_cell_of_the_export_is_a_string(formula_like):
    sheet = load_workbook(io.BytesIO(xlsx.export_channels(Channel.objects.all()))).active
    types = {c.data_type for r in sheet.iter_rows() for c in r if isinstance(c.value, str)}
    assert types == {"s"}


def test_an_export_imported_back_is_identical(tree, officer, formula_like):
    before = {c.pk: (c.name, c.location, c.admins) for c in Channel.objects.all()}
    data = xlsx.export_channels(Channel.objects.all())
    result = xlsx.import_channels(data, actor=officer)
    assert result.errors == [] and result.created == [] and result.updated == []
    assert len(result.unchanged) == len(NAMES)
    assert {c.pk: (c.name, c.location, c.admins) for c in Channel.objects.all()} == before


def test_control_characters_already_stored_do_not_break_the_download(client, tree, officer, channels):
    stored = {"name": f"Nhóm\x07 Zalo\x1b[31m{NUL}", "admins": "An\x0bBình\tCường"}
    Channel.objects.filter(pk=channels["zalo"].pk).update(**stored)
    client.force_login(officer)
    response = client.get(reverse("channels_xlsx_export"))
    assert response.status_code == 200
    rows = {r[2]: r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)}
    assert "Nhóm Zalo[31m" in rows
    assert rows["Nhóm Zalo[31m"][5] == "AnBình\tCường"
