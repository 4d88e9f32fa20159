"""The plan's exports survive whatever text is stored: control characters stored before input
was cleaned are dropped on write (python-docx and openpyxl refuse them: the downloads answered
500), and text that looks like a formula stays text in the workbook."""

import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lantoa.org import actions as org_actions
from lantoa.org.tests.factories import D, fresh, make_user
from lantoa.plans import actions
from lantoa.plans.models import Campaign, KeyMessage, Plan, PlanSection, Target, Theme

# PostgreSQL stores no NUL character at all: only SQLite can hold one already.
NUL = "\x00" if connection.vendor == "sqlite" else "\x07"

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture
def tainted(plan, province):
    """The plan of conftest with a target and a campaign, then control characters and formulas
    written straight into the database, as rows saved before input was cleaned would hold them."""
    root, _districts = province
    target = actions.do_save_target(
        Target(plan=plan, title="Chiến dịch", indicator="campaigns_run", target_value=Decimal(3),
               deadline=D(2023, 12, 31), order=1),
        actor=None,
    )  # fmt: skip
    actions.ensure_campaign_workflow()
    campaign = Campaign(plan=plan, theme=plan.themes.first(), unit=root, title="Tháng công nhân",
                        start_date=D(2021, 5, 1), end_date=D(2021, 5, 31))  # fmt: skip
    actions.do_propose_campaign(campaign, actor=None)
    actions.do_decide_campaign(
        campaign, actor=None, approve=True, at=timezone.make_aware(datetime.datetime(2021, 4, 10, 9, 0))
    )
    Plan.objects.filter(pk=plan.pk).update(
        title="Truyền thông\x07 Công đoàn\x1b",
        place=f"Bến{NUL} Tre",
        signer_name="Nguyễn\x0c Thị Kim Dung",
        recipients="TLĐ\x08\nBTG-TU",
        basis="Căn cứ\x01 Chương trình",
    )
    PlanSection.objects.filter(plan=plan).update(heading="Mục tiêu\x1f chung", body="- Nâng cao\x07 nhận thức\tchung")
    Theme.objects.filter(plan=plan).update(title="An toàn\x0b lao động")
    KeyMessage.objects.create(plan=plan, text="Chủ động\x1b - tích cực")
    Target.objects.filter(pk=target.pk).update(title=f"{FORMULA}\x07")
    Campaign.objects.filter(pk=campaign.pk).update(title=FORMULA)
    return Plan.objects.get(pk=plan.pk)


@pytest.fixture
def editor(province):
    user = make_user("tinh.tuyengiao")
    org_actions.do_assign_role(user=user, unit=province[0], kind="editor", actor=None)
    return fresh(user)


SIGNER = {"authority": "TM. Ban Thường vụ", "position": "Phó Chủ tịch", "name": "Trần Văn Minh", "place": "Bến Tre"}


@pytest.mark.parametrize("name", ["plans_export_plan_docx", "plans_report_signer"])
def test_documents_download_without_the_stored_control_characters(tainted, editor, client, name):
    client.force_login(editor)
    url = reverse(name, args=[tainted.pk])
    if name == "plans_report_signer":  # the report is made through its signer form
        response = client.post(url, {**SIGNER, "ngay": "30/06/2021"})
    else:
        response = client.get(url, {"ngay": "30/06/2021"})
    assert response.status_code == 200
    word = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in word.paragraphs)
    text += "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert "Truyền thông Công đoàn" in text
    assert not any(ord(char) < 32 and char not in "\t\n\r" for char in text)


def test_plan_document_keeps_tabs_and_line_breaks(tainted, editor, client):
    client.force_login(editor)
    response = client.get(reverse("plans_export_plan_docx", args=[tainted.pk]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "- Nâng cao nhận thức\tchung" in text
    assert "Bến Tre" in text


def test_report_workbook_downloads_with_text_as_string_cells(tainted, editor, client):
    client.force_login(editor)
    response = client.get(reverse("plans_export_report_xlsx", args=[tainted.pk]), {"ngay": "30/06/2021"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    targets, campaigns = book["Chỉ tiêu"], book["Chiến dịch"]
    assert targets["B1"].value.endswith("– Truyền thông Công đoàn")
    assert targets["B5"].value == FORMULA and targets["B5"].data_type == "s"
    assert campaigns["B5"].value == FORMULA and campaigns["B5"].data_type == "s"
    text_cells = [c for sheet in book for r in sheet.iter_rows() for c in r if isinstance(c.value, str)]
    assert {c.data_type for c in text_cells} == {"s"}
