"""The progress report is issued by the unit that holds the plan today and signed by the person
asked when it is made.

Bến Tre's plan 196/KH-LĐLĐ of 2020 is reported in 2026 by Vĩnh Long's federation, which Bến Tre's
merged into on 01/07/2025: the report cites the original plan, and its signer is proposed from
Vĩnh Long's last signed document, never copied from the 2020 plan.
"""

import io

import docx
import pytest
from django.db import transaction
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantoa.org import actions as org_actions
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions, exports
from lantoa.plans.models import Plan
from lantoa.plans.tests.test_exports import build_plan
from lantoa.reports.actions import do_record_signed_document
from lantoa.reports.models import SignedDocument
from lantoa.reports.official import Signature, render_text
from lantoa.reports.queries import proposed_signer, reporting_unit

pytestmark = pytest.mark.django_db

MERGED_ON = D(2025, 7, 1)
TODAY = D(2026, 3, 16)
BEN_TRE = "Liên đoàn Lao động tỉnh Bến Tre"
VINH_LONG = "Liên đoàn Lao động tỉnh Vĩnh Long"
VINH_LONG_CODE = 86  # Tỉnh Vĩnh Long in the 2025 administrative units


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def build_world():
    confederation = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam", valid_from=D(1929, 7, 28))
    ben_tre = make_unit(confederation, "provincial", BEN_TRE, valid_from=D(1976, 1, 1))
    vinh_long = make_unit(
        confederation, "provincial", VINH_LONG, valid_from=D(1976, 1, 1), province_code=VINH_LONG_CODE
    )
    plan = actions.do_issue_plan(build_plan(ben_tre), actor=None)  # signed in 2020 by Nguyễn Thị Kim Dung
    org_actions.do_merge_units(ben_tre, target=vinh_long, on_date=MERGED_ON, actor=None)
    own = Plan(
        issuing_unit=vinh_long, parent_unit_name="Tổng Liên đoàn Lao động Việt Nam", number=12, symbol="KH-LĐLĐ",
        place="Vĩnh Long", issued_on=D(2025, 9, 2), title="Truyền thông công đoàn sau sắp xếp",
        period_start=D(2025, 9, 2), period_end=D(2028, 12, 31), signer_capacity="TM. BAN THƯỜNG VỤ",
        signer_title="CHỦ TỊCH", signer_name="Trần Văn Thành",
    )  # fmt: skip
    actions.do_issue_plan(actions.do_save_plan(own, actor=None), actor=None)
    plan = Plan.objects.get(pk=plan.pk)
    return {"confederation": confederation, "ben_tre": ben_tre, "vinh_long": vinh_long, "plan": plan}


@pytest.fixture
def editor(world):
    user = make_user("vinhlong.tuyengiao")
    org_actions.do_assign_role(user=user, unit=world["vinh_long"], kind="editor", actor=None)
    return fresh(user)


@pytest.fixture
def viewer(world):
    user = make_user("vinhlong.xem")
    org_actions.do_assign_role(user=user, unit=world["vinh_long"], kind="viewer", actor=None)
    return fresh(user)


# --- Who issues the report ---------------------------------------------------------------------


def test_the_plan_is_reported_by_the_unit_it_merged_into(world):
    assert reporting_unit(world["ben_tre"], on=TODAY) == world["vinh_long"]
    assert reporting_unit(world["ben_tre"], on=D(2024, 12, 31)) == world["ben_tre"]


def test_the_report_of_2026_is_vinh_longs_and_cites_ben_tres_plan(world):
    lines = render_text(exports.report_document(world["plan"], D(2021, 6, 30), on=TODAY)).splitlines()
    assert lines[:2] == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH VĨNH LONG"]
    assert "Vĩnh Long, ngày 16 tháng 3 năm 2026" in lines
    assert lines[lines.index("BÁO CÁO") + 1] == (
        f"Kết quả thực hiện Kế hoạch số 196/KH-LĐLĐ ngày 05/10/2020 của {BEN_TRE} về "
        "“Truyền thông Công đoàn đến năm 2023” tính đến ngày 30/06/2021"
    )
    assert f"Từ ngày 01/07/2025, {BEN_TRE} hợp nhất vào {VINH_LONG}; {VINH_LONG} tiếp tục tổ chức thực hiện và báo " \
        "cáo kế hoạch này." in lines  # fmt: skip
    assert lines[-1] == "Trần Văn Thành" and "Nguyễn Thị Kim Dung" not in lines


def test_before_the_merger_the_report_is_ben_tres_own(world):
    lines = render_text(exports.report_document(world["plan"], D(2021, 6, 30), on=D(2024, 5, 2))).splitlines()
    assert lines[1] == "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE"
    assert "Bến Tre, ngày 02 tháng 5 năm 2024" in lines


def test_the_signer_given_is_the_one_the_report_shows(world):
    signer = Signature("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hồng Nhung")
    document = exports.report_document(world["plan"], D(2021, 6, 30), on=TODAY, signature=signer, place="Vĩnh Long")
    assert render_text(document).splitlines()[-4:] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lê Thị Hồng Nhung"]


# --- The proposal --------------------------------------------------------------------------------


def test_the_signer_is_proposed_from_the_units_last_signed_document(world):
    proposal = proposed_signer(world["vinh_long"])
    assert (proposal.authority, proposal.position, proposal.name, proposal.place) == (
        "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Trần Văn Thành", "Vĩnh Long",
    )  # fmt: skip
    with transaction.atomic():
        do_record_signed_document(
            unit=world["vinh_long"], doc_type="BC", made_on=D(2026, 1, 5), place="Vĩnh Long",
            authority="KT. CHỦ TỊCH", position="PHÓ CHỦ TỊCH", name="Lê Thị Hồng Nhung", actor=None,
        )  # fmt: skip
        assert proposed_signer(world["vinh_long"]).name == "Lê Thị Hồng Nhung"
        transaction.set_rollback(True)


def test_a_unit_without_signed_documents_proposes_only_its_place(world):
    lone = make_unit(world["vinh_long"], "commune", "Công đoàn phường Long Châu", province_code=VINH_LONG_CODE)
    proposal = proposed_signer(lone)
    assert (proposal.name, proposal.position, proposal.place, proposal.source) == ("", "", "Vĩnh Long", "")


# --- The form ------------------------------------------------------------------------------------


def signer_url(world):
    return reverse("plans_report_signer", args=[world["plan"].pk])


VALID = {"authority": "KT. Chủ tịch", "position": "Phó Chủ tịch", "name": "Lê Thị Hồng Nhung", "place": "Vĩnh Long"}


def test_the_form_proposes_vinh_longs_last_signer(world, editor, client):
    client.force_login(editor)
    response = client.get(signer_url(world), {"ngay": "30/06/2021"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {
        "authority": "TM. BAN THƯỜNG VỤ", "position": "CHỦ TỊCH", "name": "Trần Văn Thành", "place": "Vĩnh Long",
    }  # fmt: skip
    page = response.content.decode()
    assert VINH_LONG in page and "đã hợp nhất vào" in page and 'value="30/06/2021"' in page


def test_making_the_report_sends_the_docx_and_records_its_signer(world, editor, client):
    client.force_login(editor)
    response = client.post(signer_url(world), {**VALID, "ngay": "30/06/2021"})
    assert response.status_code == 200
    assert 'filename="BC-KH-196-LDLD-30-06-2021.docx"' in response["Content-Disposition"]
    word = docx.Document(io.BytesIO(response.content))
    signature = word.tables[-1].rows[0].cells[1]
    assert [p.text for p in signature.paragraphs] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hồng Nhung"]
    made = SignedDocument.objects.get(unit=world["vinh_long"])
    assert (made.plan, made.doc_type, made.as_of, made.signer_authority, made.made_by) == (
        world["plan"], "BC", D(2021, 6, 30), "KT. Chủ tịch", editor,
    )  # fmt: skip
    assert ModelLogEntry.objects.filter(action="lantoa.reports.make", object_id=str(made.pk)).exists()
    assert client.get(signer_url(world)).context["form"].initial["name"] == "Lê Thị Hồng Nhung"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "", "Nhập họ và tên người ký báo cáo."),
        ("name", "TS. Lê Thị Hồng Nhung", "không ghi học hàm, học vị"),
        ("name", "Nhung", "Nhập đủ họ và tên"),
        ("position", "", "Nhập chức vụ người ký"),
        ("authority", "Thay mặt Ban Thường vụ", "Bắt đầu bằng TM., KT., Q., TL. hoặc TUQ."),
        ("position", "Chủ tịch", "Người ký thay (KT.) là cấp phó"),
        ("place", "", "Nhập địa danh ghi trên báo cáo"),
    ],
)
def test_bad_signer_input_is_refused_in_vietnamese_and_nothing_typed_is_lost(world, editor, client, field, typed,
                                                                              message):  # fmt: skip
    client.force_login(editor)
    data = {**VALID, field: typed, "ngay": "30/06/2021"}
    response = client.post(signer_url(world), data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert message in page and "Chưa lập được báo cáo" in page
    form = response.context["form"]
    assert {name: form[name].value() for name in VALID} == {name: data[name] for name in VALID}
    assert 'value="30/06/2021"' in page
    assert not SignedDocument.objects.exists()


def test_a_viewer_reads_the_form_but_cannot_make_the_report(world, viewer, client):
    client.force_login(viewer)
    page = client.get(signer_url(world)).content.decode()
    assert "Chỉ cán bộ có quyền sửa kế hoạch của" in page and 'name="name"' not in page
    response = client.post(signer_url(world), VALID)
    assert response.status_code in (302, 403) and "Content-Disposition" not in response
    assert not SignedDocument.objects.exists()


def test_a_unit_outside_the_plans_line_does_not_find_the_form(world, client):
    stranger_unit = make_unit(
        world["confederation"], "provincial", "Liên đoàn Lao động tỉnh An Giang", valid_from=D(1976, 1, 1)
    )
    stranger = make_user("angiang.tuyengiao")
    org_actions.do_assign_role(user=stranger, unit=stranger_unit, kind="editor", actor=None)
    client.force_login(fresh(stranger))
    assert client.get(signer_url(world)).status_code == 404
    assert client.post(signer_url(world), VALID).status_code == 404
