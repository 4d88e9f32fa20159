"""A person's data is exported as JSON and .xlsx: account, roles, what they changed, who
read their data, what they uploaded; only by those who oversee the person."""

import io
import json

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from lantoa.privacy import registry
from lantoa.privacy.actions import do_export_person, record_access
from lantoa.privacy.models import AccessAction, AccessRecord
from lantoa.privacy.registry import Table, register_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world):
    officer = world["officer"]
    log(world["grassroots"], "lantoa.org.rename", user=officer, data={"name": "Công đoàn cơ sở May Sông Tiền"})
    record_access(world["admin"], action=AccessAction.READ, subject=officer, units=[world["grassroots"]])
    get_document_model().objects.create(
        title="Biên bản hội nghị", file=ContentFile(b"x", name="bien-ban.txt"), uploaded_by_user=officer
    )
    return officer


def tables_of(payload):
    return payload["tables"]


def test_the_json_export_holds_account_roles_changes_access_records_and_uploads(world, history, as_user):
    response = as_user(world["admin"]).get(reverse("privacy_person_export_json", args=[history.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    tables = tables_of(json.loads(response.content))
    assert tables["account"]["rows"][0]["email"] == "songtien.canbo@example.vn"
    assert tables["account"]["rows"][0]["last_name"] == "Nguyễn"
    assert tables["roles"]["rows"][0]["unit"] == "Công đoàn cơ sở Công ty TNHH May Sông Tiền"
    assert [row["action"] for row in tables["audit_log"]["rows"]] == ["lantoa.org.rename"]
    assert [row["user"] for row in tables["access_about"]["rows"]][:1] == ["phukhuong.quantri"]
    assert tables["uploads"]["rows"][0]["title"] == "Biên bản hội nghị"


def test_the_xlsx_export_has_a_sheet_per_table_and_keeps_formulas_as_text(world, history, as_user):
    history.first_name = '=HYPERLINK("http://evil.example","Hà")'
    history.save()
    response = as_user(world["admin"]).get(reverse("privacy_person_export_xlsx", args=[history.pk]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) >= 6
    account = workbook.worksheets[[ws.title for ws in workbook.worksheets].index("Tài khoản")]
    cell = account.cell(row=2, column=3)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil.example","Hà")'


def test_the_export_is_recorded_once_and_logged(world, history, as_user):
    as_user(world["admin"]).get(reverse("privacy_person_export_json", args=[history.pk]))
    exports = AccessRecord.objects.filter(action=AccessAction.EXPORT)
    assert exports.count() == 1
    assert exports.get().subject_id == str(history.pk)
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="lantoa.privacy.export", object_id=str(history.pk)).exists()


@pytest.mark.parametrize("name", ["privacy_person", "privacy_person_export_json", "privacy_person_export_xlsx"])
def test_people_outside_the_admins_scope_and_superusers_are_not_found(world, as_user, name):
    client = as_user(world["admin"])
    for other in (world["sibling_officer"], world["superuser"]):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404


@pytest.mark.parametrize("name", ["privacy_person", "privacy_person_export_json", "privacy_person_erase"])
def test_a_unit_officer_is_refused_the_person_screens(world, as_user, name):
    response = as_user(world["officer"]).get(reverse(name, args=[world["officer"].pk]))
    assert response.status_code in (302, 403)


def test_the_person_page_shows_what_each_source_holds(world, history, as_user):
    response = as_user(world["admin"]).get(reverse("privacy_person", args=[history.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("privacy_person_export_xlsx", args=[history.pk]) in page
    assert reverse("privacy_person_erase", args=[history.pk]) in page


def test_another_app_registers_what_it_holds_and_it_is_exported(world, history, monkeypatch):
    monkeypatch.setattr(registry, "SOURCES", dict(registry.SOURCES))
    user_model = type(history)
    register_personal_data(
        "inbox.messages",
        label="Tin nhắn",
        person_model=user_model,
        exporter=lambda person: [Table("messages", "Tin nhắn", (("text", "Nội dung"),), [{"text": "Xin chào"}])],
    )
    export = do_export_person(history, actor=world["admin"])
    assert [table.rows for table in export.tables if table.key == "messages"] == [[{"text": "Xin chào"}]]


def test_the_xlsx_export_works_whatever_control_characters_are_stored(world, history, as_user):
    type(history).objects.filter(pk=history.pk).update(first_name="Thị\x07 Thu\x1b Hà")
    response = as_user(world["admin"]).get(reverse("privacy_person_export_xlsx", args=[history.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Tài khoản"]
    assert sheet.cell(row=2, column=3).value == "Thị Thu Hà"
