"""Exports of plan 196/KH-LĐLĐ of LĐLĐ tỉnh Bến Tre: the plan as a Decree 30 document, its progress
report as a document and a workbook whose figures are the dashboard's, and the download views.

The plan is built through the actions from parts of the original (shared/seed/000_e6902f2b670a6d18.txt);
every file is read back with python-docx or openpyxl.
"""

import datetime
import io
import re
from decimal import Decimal

import docx
import pytest
from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from lantoa.channels.tests.factories import channel_with_history
from lantoa.org import actions as org_actions
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions, export_views, exports, progress, rollups
from lantoa.plans.models import (
    BudgetLine,
    Campaign,
    CampaignState,
    KeyMessage,
    Plan,
    PlanSection,
    Responsibility,
    Target,
    Theme,
)
from lantoa.reports.downloads import ascii_filename, content_disposition
from lantoa.reports.official import render_docx, render_text
from lantoa.vi import formats

pytestmark = pytest.mark.django_db

AS_OF = D(2021, 6, 30)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

OBJECTIVES = (
    "- Thông qua báo chí, truyền thông góp phần nâng cao nhận thức của cán bộ\n"
    "đoàn viên công đoàn về công tác truyền thông Công đoàn Việt Nam.\n"
    "- Tập trung các nguồn lực đầu tư cho công tác truyền thông Công đoàn.\n"
    "\n"
    "Ưu tiên các hoạt động có tính lan tỏa rộng đến đoàn viên, NLĐ."
)
BASIS = (
    "Căn cứ Chương trình số 01/CTr-BCH ngày 26/8/2020 của Tổng Liên đoàn Lao động Việt Nam về đẩy mạnh "
    "công tác truyền thông Công đoàn đến năm 2023."
)


def group(unit, kind, slug, *, since):
    address = f"https://www.facebook.com/groups/{slug}" if kind == "facebook_group" else f"https://zalo.me/g/{slug}"
    return channel_with_history(
        unit=unit, kind=kind, name=f"Nhóm {slug}", address=address, active_from=since,
        verified=True, verified_on=since,
    )  # fmt: skip


def build_plan(province, *, number=196):
    plan = Plan(
        issuing_unit=province,
        parent_unit_name="Tổng Liên đoàn Lao động Việt Nam",
        number=number,
        symbol="KH-LĐLĐ",
        place="Bến Tre",
        issued_on=D(2020, 10, 5),
        title="Truyền thông Công đoàn đến năm 2023",
        basis=BASIS,
        period_start=D(2020, 10, 5),
        period_end=D(2023, 12, 31),
        recipients="TLĐ (qua Ban TG)\nBTG-TU\n\nCông đoàn cấp trên trực tiếp cơ sở",
        archive="VP, TG-NC",
        signer_capacity="TM. Ban Thường vụ",
        signer_title="Phó Chủ tịch",
        signer_name="Nguyễn Thị Kim Dung",
    )
    # Given out of order on purpose: the document groups them by part.
    plan.sections = [
        PlanSection(kind="content", heading="Nội dung:", body="Bám sát Nghị quyết Đại hội XII Công đoàn Việt Nam."),
        PlanSection(kind="objectives", heading="Mục tiêu chung:", body=OBJECTIVES),
        PlanSection(kind="audiences", heading="Đối tượng:", body="Cán bộ công đoàn, đoàn viên, NLĐ."),
        PlanSection(kind="targets", heading="Chỉ tiêu:", body="Thực hiện chỉ tiêu do Tổng Liên đoàn giao."),
        PlanSection(kind="roadmap", heading="Lộ trình truyền thông:", body="- Truyền thông năm 2020.\n- Năm 2021."),
    ]
    plan.key_messages = [KeyMessage(text="Công đoàn Việt Nam: Chủ động - tích cực - sáng tạo - trách nhiệm")]
    plan.themes = [
        Theme(title="Vai trò vị trí của tổ chức Công đoàn Việt Nam"),
        Theme(title="An toàn vệ sinh lao động"),
    ]
    plan.responsibilities = [
        Responsibility(heading="Ban Tuyên giáo - Nữ công:", duties="Hàng năm tham mưu xây dựng kế hoạch."),
        Responsibility(heading="Công đoàn cấp trên trực tiếp cơ sở:", duties="- Cụ thể hóa kế hoạch.\n- Báo cáo."),
    ]
    return actions.do_save_plan(plan, actor=None)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def build_world():
    confederation = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam", valid_from=D(1929, 7, 28))
    province = make_unit(confederation, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    ba_tri = make_unit(province, "district", "Liên đoàn Lao động huyện Ba Tri", valid_from=D(1980, 1, 1))
    cho_lach = make_unit(province, "district", "Liên đoàn Lao động huyện Chợ Lách", valid_from=D(1980, 1, 1))
    elsewhere = make_unit(confederation, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1976, 1, 1))
    for kind in ("facebook_group", "zalo_group"):
        group(ba_tri, kind, f"batri{kind[0]}", since=D(2020, 11, 1))
    group(cho_lach, "zalo_group", "cholach", since=D(2020, 11, 1))

    plan = build_plan(province)
    groups = actions.do_save_target(
        Target(plan=plan, title="Nhóm truyền thông trên mạng xã hội ở LĐLĐ huyện", indicator="units_with_groups",
               params={"unit_kinds": ["district"]}, target_value=Decimal(100), deadline=D(2021, 3, 1), order=1),
        actor=None,
    )  # fmt: skip
    campaigns = actions.do_save_target(
        Target(plan=plan, title="Chiến dịch truyền thông về các hoạt động lớn", indicator="campaigns_run",
               target_value=Decimal(3), deadline=D(2023, 12, 31), order=2),
        actor=None,
    )  # fmt: skip

    actions.ensure_campaign_workflow()
    campaign = Campaign(
        plan=plan, theme=plan.themes.first(), unit=province, title="Tháng công nhân 2021",
        start_date=D(2021, 5, 1), end_date=D(2021, 5, 31),
    )  # fmt: skip
    campaign.budget_lines = [
        BudgetLine(item="Pano, áp phích", funding_source="budget", estimate=Decimal(12_000_000)),
        BudgetLine(item="Tin bài, video", funding_source="sponsorship", estimate=Decimal(8_000_000)),
    ]
    actions.do_propose_campaign(campaign, actor=None)
    approved_at = timezone.make_aware(datetime.datetime(2021, 4, 10, 9, 0))
    campaign = actions.do_decide_campaign(campaign, actor=None, approve=True, at=approved_at)
    actions.do_record_spending(
        campaign.budget_lines.first(), actor=None, actual=Decimal(11_500_000), spent_on=D(2021, 5, 20)
    )
    actions.do_close_campaign(campaign, actor=None, closed_on=D(2021, 6, 5), people_reached=4_600, results="Đạt.")
    rollups.rebuild_rollups([groups, campaigns])  # what the tasks keep: the dashboard's default day reads them
    return {
        "province": province, "elsewhere": elsewhere, "plan": Plan.objects.get(pk=plan.pk),
        "targets": (groups, campaigns), "districts": (ba_tri, cho_lach),
    }  # fmt: skip


def read_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def texts(word) -> list[str]:
    return [paragraph.text for paragraph in word.paragraphs]


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# --- The plan ------------------------------------------------------------------------------------


def test_plan_document_has_the_union_header_number_place_date_and_title(world):
    word = read_docx(render_docx(exports.plan_document(world["plan"])))
    header = word.tables[0]
    assert header.rows[0].cells[0].text.splitlines()[:2] == [
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE",
    ]
    assert cell_texts(header)[1] == ["Số: 196/KH-LĐLĐ", "Bến Tre, ngày 05 tháng 10 năm 2020"]
    paragraphs = texts(word)
    assert paragraphs.index("KẾ HOẠCH") + 1 == paragraphs.index("Truyền thông Công đoàn đến năm 2023")
    assert BASIS in paragraphs


def test_plan_sections_are_grouped_into_the_four_parts_in_order(world):
    paragraphs = texts(read_docx(render_docx(exports.plan_document(world["plan"]))))
    expected = [
        "I. MỤC TIÊU VÀ CHỈ TIÊU",
        "1. Mục tiêu chung:",
        "2. Chỉ tiêu:",
        "II. ĐỐI TƯỢNG VÀ KÊNH TRUYỀN THÔNG",
        "1. Đối tượng:",
        "III. NỘI DUNG VÀ LỘ TRÌNH TRUYỀN THÔNG",
        "1. Nội dung:",
        "2. Lộ trình truyền thông:",
        "3. Thông điệp truyền thông:",
        "4. Chủ đề các chiến dịch truyền thông:",
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Ban Tuyên giáo - Nữ công:",
        "2. Công đoàn cấp trên trực tiếp cơ sở:",
    ]
    positions = [paragraphs.index(heading) for heading in expected]
    assert positions == sorted(positions)


def test_headings_typed_with_their_numbers_are_numbered_once(world):
    """Plan 196's parts copied with their numbers ("I. MỤC TIÊU VÀ CHỈ TIÊU – 1. Mục tiêu chung")."""
    plan = build_plan(world["province"], number=None)
    plan.sections = [
        PlanSection(kind="objectives", heading="I. MỤC TIÊU VÀ CHỈ TIÊU – 1. Mục tiêu chung", body="Nâng cao."),
        PlanSection(kind="targets", heading="2. Chỉ tiêu", body="Ba chiến dịch."),
        PlanSection(kind="audiences", heading="II. ĐỐI TƯỢNG VÀ KÊNH TRUYỀN THÔNG – 1. Đối tượng", body="NLĐ."),
        PlanSection(kind="roadmap", heading="1.2. Lộ trình", body="Năm 2021."),
    ]
    paragraphs = texts(read_docx(render_docx(exports.plan_document(plan))))
    headings = [p for p in paragraphs if re.match(r"^(?:[IVX]+|\d+)\. ", p)]
    assert headings[:6] == [
        "I. MỤC TIÊU VÀ CHỈ TIÊU",
        "1. Mục tiêu chung",
        "2. Chỉ tiêu",
        "II. ĐỐI TƯỢNG VÀ KÊNH TRUYỀN THÔNG",
        "1. Đối tượng",
        "III. NỘI DUNG VÀ LỘ TRÌNH TRUYỀN THÔNG",
    ]
    assert not [p for p in paragraphs if re.match(r"^\d+\. (?:[IVX]+|\d+)\.", p)]


@pytest.mark.parametrize(
    ("typed", "heading"),
    [
        ("I. MỤC TIÊU VÀ CHỈ TIÊU – 1. Mục tiêu chung", "Mục tiêu chung"),
        ("2. Chỉ tiêu", "Chỉ tiêu"),
        ("1.1. Nội dung chuyên sâu:", "Nội dung chuyên sâu:"),
        ("V. LỘ TRÌNH", "LỘ TRÌNH"),
        ("Ban Tuyên giáo - Nữ công", "Ban Tuyên giáo - Nữ công"),
        ("Văn phòng", "Văn phòng"),
    ],
)
def test_unnumbered_drops_the_numbers_typed_before_a_heading(typed, heading):
    assert exports.unnumbered(typed) == heading


def test_section_bodies_split_into_paragraphs_and_bullets(world):
    paragraphs = texts(read_docx(render_docx(exports.plan_document(world["plan"]))))
    start = paragraphs.index("1. Mục tiêu chung:")
    assert paragraphs[start + 1 : start + 4] == [
        "- Thông qua báo chí, truyền thông góp phần nâng cao nhận thức của cán bộ đoàn viên công đoàn về công tác "
        "truyền thông Công đoàn Việt Nam.",
        "- Tập trung các nguồn lực đầu tư cho công tác truyền thông Công đoàn.",
        "Ưu tiên các hoạt động có tính lan tỏa rộng đến đoàn viên, NLĐ.",
    ]


def test_targets_messages_and_themes_are_listed(world):
    paragraphs = texts(read_docx(render_docx(exports.plan_document(world["plan"]))))
    targets = paragraphs.index("2. Chỉ tiêu:")
    assert paragraphs[targets + 1 : targets + 4] == [
        "Thực hiện chỉ tiêu do Tổng Liên đoàn giao.",
        "- Nhóm truyền thông trên mạng xã hội ở LĐLĐ huyện: 100%, thời hạn 01/03/2021.",
        "- Chiến dịch truyền thông về các hoạt động lớn: 3, thời hạn 31/12/2023.",
    ]
    assert "- “Công đoàn Việt Nam: Chủ động - tích cực - sáng tạo - trách nhiệm”." in paragraphs
    themes = paragraphs.index("4. Chủ đề các chiến dịch truyền thông:")
    assert paragraphs[themes + 2 : themes + 4] == [
        "- Vai trò vị trí của tổ chức Công đoàn Việt Nam",
        "- An toàn vệ sinh lao động",
    ]


def test_plan_ends_with_recipients_archive_and_signature(world):
    word = read_docx(render_docx(exports.plan_document(world["plan"])))
    recipients, signature = word.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- TLĐ (qua Ban TG);",
        "- BTG-TU;",
        "- Công đoàn cấp trên trực tiếp cơ sở;",
        "- Lưu: VP, TG-NC.",
    ]
    assert [p.text for p in signature.paragraphs] == ["TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Nguyễn Thị Kim Dung"]


def test_a_draft_without_number_leaves_the_number_blank(world):
    draft = build_plan(world["province"], number=None)
    document = exports.plan_document(draft)
    assert "Số: …/KH-LĐLĐ" in render_text(document).splitlines()
    assert int(document.number) == 197  # the register's next number, only suggested


# --- The report ----------------------------------------------------------------------------------


def test_report_is_numbered_as_a_report_and_titled_with_the_day(world):
    document = exports.report_document(world["plan"], AS_OF, on=D(2021, 7, 2))
    lines = render_text(document).splitlines()
    assert "Số: …/BC-LĐLĐ" in lines
    assert "Bến Tre, ngày 02 tháng 7 năm 2021" in lines
    assert lines[lines.index("BÁO CÁO") + 1] == (
        "Kết quả thực hiện Kế hoạch số 196/KH-LĐLĐ ngày 05/10/2020 về “Truyền thông Công đoàn đến năm 2023” "
        "tính đến ngày 30/06/2021"
    )
    assert int(document.number) == 1
    assert not Plan.objects.filter(doc_type="BC").exists()


def test_report_figures_are_those_of_plan_progress(world):
    result = progress.plan_progress(world["plan"], AS_OF)
    word = read_docx(render_docx(exports.report_document(world["plan"], AS_OF)))
    targets, campaigns = cell_texts(word.tables[1]), cell_texts(word.tables[2])
    groups, run = result.targets
    # One district of two runs both groups: 50%, behind the 100% due on 01/03/2021.
    assert (groups.value, groups.numerator, groups.denominator) == (50.0, 1, 2)
    assert (groups.status, run.status) == (progress.Status.MISSED, progress.Status.ON_TRACK)
    with translation.override("vi"):
        assert targets[1] == ["1", groups.target.title, str(groups.kind.label), "50% (1/2)", "100%", "01/03/2021",
                              str(groups.status_label)]  # fmt: skip
        assert targets[2][3:] == [formats.number(run.value), "3", "31/12/2023", str(run.status_label)]
        assert f"- {groups.target.title}: kết quả 50% (1/2), chỉ tiêu 100% ({groups.status_label})." in texts(word)
    assert run.value == 1.0
    assert campaigns[0] == list(exports.CAMPAIGN_COLUMNS)
    assert campaigns[1][1] == "Tháng công nhân 2021"
    assert campaigns[1][3:] == ["01/05/2021 – 31/05/2021", "20.000.000", "11.500.000", "4.600"]
    assert result.budget == {"estimate": Decimal(20_000_000), "actual": Decimal(11_500_000)}


def test_the_report_states_one_disbursement_figure(world):
    paragraphs = texts(read_docx(render_docx(exports.report_document(world["plan"], AS_OF))))
    spending = [p for p in paragraphs if "thực chi" in p.lower()]
    assert spending == [
        f"Kinh phí các chiến dịch đã được phê duyệt của kế hoạch: dự toán {formats.money(20_000_000)}; "
        f"thực chi {formats.money(11_500_000)} (57,5% dự toán)."
    ]


def test_spending_recorded_after_the_day_is_not_in_that_days_report(world):
    before = render_text(exports.report_document(world["plan"], D(2021, 5, 19)))
    assert f"thực chi {formats.money(0)} (0% dự toán)" in before and "11.500.000" not in before


def test_a_disbursement_target_is_the_reports_one_figure(world):
    plan = world["plan"]
    target = actions.do_save_target(
        Target(plan=plan, title="Giải ngân kinh phí các chiến dịch", indicator="budget_spent",
               target_value=Decimal(90), deadline=D(2023, 12, 31), order=3),
        actor=None,
    )  # fmt: skip
    try:
        result = progress.plan_progress(plan, AS_OF)
        spent = next(item for item in result.targets if item.target == target)
        money = exports.disbursement(result)
        assert (money.spent, money.estimate) == (spent.numerator, spent.denominator)
        lines = render_text(exports.report_document(plan, AS_OF)).splitlines()
        budget_lines = [line for line in lines if line.startswith("Kinh phí")]
        assert budget_lines == [
            f"Kinh phí theo chỉ tiêu “{target.title}”: dự toán {formats.money(spent.denominator)}; "
            f"thực chi {formats.money(spent.numerator)} ({exports.figure(spent.value, 'percent')} dự toán)."
        ]
    finally:
        target.delete()


def test_report_tables_give_the_names_a_readable_width(world):
    word = read_docx(render_docx(exports.report_document(world["plan"], AS_OF)))
    for table, name_column in ((word.tables[1], "Chỉ tiêu"), (word.tables[2], "Chiến dịch")):
        widths = [column.width.mm for column in table.columns]
        header = [cell.text for cell in table.rows[0].cells]
        assert sum(widths) == pytest.approx(165, abs=0.5)  # the text's width, margins per Decree 30
        assert widths[header.index(name_column)] == max(widths) >= 40


def test_report_states_campaigns_as_of_its_day(world):
    before = exports.report_document(world["plan"], D(2021, 4, 30))
    rows = before.tables[1].rows
    with translation.override("vi"):
        assert rows[1][2] == str(CampaignState.APPROVED.label)
        after = exports.report_document(world["plan"], AS_OF)
        assert after.tables[1].rows[1][2] == str(CampaignState.CLOSED.label)


def test_a_plan_without_targets_or_campaigns_still_reports(world):
    draft = build_plan(world["province"], number=None)
    document = exports.report_document(draft, AS_OF)
    lines = render_text(document).splitlines()
    assert "Kế hoạch chưa có chỉ tiêu được theo dõi." in lines and "Chưa có chiến dịch truyền thông." in lines
    assert [len(table.rows) for table in document.tables] == [1, 1]  # the header rows alone
    book = load_workbook(io.BytesIO(exports.report_workbook(draft, AS_OF)))
    totals = list(book["Chiến dịch"].iter_rows(min_row=5, values_only=True))
    assert [row[1:9] for row in totals] == [("Tổng cộng", None, None, None, None, None, 0, 0)]


# --- The workbook --------------------------------------------------------------------------------


def test_workbook_holds_the_same_figures_with_real_dates_and_formats(world):
    result = progress.plan_progress(world["plan"], AS_OF)
    book = load_workbook(io.BytesIO(exports.report_workbook(world["plan"], AS_OF)))
    assert book.sheetnames == ["Chỉ tiêu", "Chiến dịch", "Đơn vị"]
    sheet = book["Chỉ tiêu"]
    assert sheet["B1"].value == "196/KH-LĐLĐ – Truyền thông Công đoàn đến năm 2023"
    assert sheet["B2"].value.date() == AS_OF and sheet["B2"].number_format == "dd/mm/yyyy"
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [(r[1], r[3], r[4], r[5], r[6]) for r in rows] == [
        (t.target.title, t.value, t.numerator, t.denominator, t.target_value) for t in result.targets
    ]
    assert rows[0][7].date() == D(2021, 3, 1) and sheet["H5"].number_format == "dd/mm/yyyy"

    campaigns = book["Chiến dịch"]
    first, total = list(campaigns.iter_rows(min_row=5, values_only=True))
    assert first[1] == "Tháng công nhân 2021" and first[5].date() == D(2021, 5, 1)
    assert first[7:] == (20_000_000, 11_500_000, 4_600, 2_500)
    assert campaigns["H5"].number_format == "#,##0"
    assert total[1] == "Tổng cộng" and total[7:9] == (20_000_000, 11_500_000)


def test_workbook_units_sheet_is_the_drill_down(world):
    groups, run = world["targets"]
    ba_tri, cho_lach = world["districts"]
    book = load_workbook(io.BytesIO(exports.report_workbook(world["plan"], AS_OF)))
    rows = list(book["Đơn vị"].iter_rows(min_row=5, values_only=True))
    drill = progress.child_progress(groups, groups.measured_unit_id, AS_OF, live=True)
    assert [(r[1], r[2]) for r in rows if r[0] == groups.title] == [
        ("Liên đoàn Lao động huyện Chợ Lách", 0.0),  # worst first
        ("Liên đoàn Lao động huyện Ba Tri", 100.0),
    ]
    assert [child.value for _unit, child in drill] == [0.0, 100.0]
    assert len([r for r in rows if r[0] == run.title]) == 2


# --- The views -----------------------------------------------------------------------------------


@pytest.fixture
def editor(world):
    user = make_user("tinh.tuyengiao")
    org_actions.do_assign_role(user=user, unit=world["province"], kind="editor", actor=None)
    return fresh(user)


@pytest.mark.parametrize(
    ("name", "content_type", "filename"),
    [
        ("plans_export_plan_docx", DOCX, 'filename="KH-196-LDLD.docx"'),
        ("plans_export_report_xlsx", XLSX, 'filename="BC-KH-196-LDLD-30-06-2021.xlsx"'),
    ],
)
def test_an_officer_in_scope_downloads_the_exports(world, editor, client, name, content_type, filename):
    client.force_login(editor)
    response = client.get(reverse(name, args=[world["plan"].pk]), {"ngay": "30/06/2021"})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ") and filename in disposition
    assert "filename*=UTF-8''" in disposition and "L%C4%90L%C4%90" in disposition


def test_the_report_docx_address_leads_to_its_signer_form(world, editor, client):
    client.force_login(editor)
    response = client.get(reverse("plans_export_report_docx", args=[world["plan"].pk]), {"ngay": "30/06/2021"})
    assert response.status_code == 302
    assert response["Location"] == reverse("plans_report_signer", args=[world["plan"].pk]) + "?ngay=30%2F06%2F2021"


def test_the_report_is_as_of_the_requested_day(world, editor, client):
    client.force_login(editor)
    response = client.get(reverse("plans_export_report_xlsx", args=[world["plan"].pk]), {"ngay": "30/06/2021"})
    book = load_workbook(io.BytesIO(response.content))
    assert book["Chỉ tiêu"]["B2"].value.date() == AS_OF


@pytest.mark.parametrize("ngay", ["31/02/20x1", "<script>", "01/01/2999"])
def test_an_unusable_day_falls_back_to_the_dashboards_day(world, editor, client, ngay):
    client.force_login(editor)
    response = client.get(reverse("plans_export_report_xlsx", args=[world["plan"].pk]), {"ngay": ngay})
    assert response.status_code == 200
    day = progress.default_day(world["plan"])
    assert day.strftime("%d-%m-%Y") in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content))["Chỉ tiêu"]["B2"].value.date() == day


def test_without_a_day_the_report_is_as_of_the_dashboards_day(world, editor, client):
    client.force_login(editor)
    response = client.get(reverse("plans_export_report_xlsx", args=[world["plan"].pk]))
    sheet = load_workbook(io.BytesIO(response.content))["Chỉ tiêu"]
    dashboard = progress.plan_progress(world["plan"])  # the default day, read from the rollups
    assert not dashboard.live and sheet["B2"].value.date() == dashboard.day
    values = [row[3] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert values == [item.value for item in dashboard.targets] == [50.0, 1.0]


def test_a_plan_out_of_scope_is_not_found(world, client):
    officer = make_user("vinhlong.tuyengiao")
    org_actions.do_assign_role(user=officer, unit=world["elsewhere"], kind="editor", actor=None)
    client.force_login(fresh(officer))
    for name in ("plans_export_plan_docx", "plans_export_report_docx", "plans_export_report_xlsx"):
        assert client.get(reverse(name, args=[world["plan"].pk])).status_code == 404


def test_without_the_plan_permission_the_exports_are_refused(world, client):
    """Wagtail's admin turns the refusal (PermissionDenied) into its redirect to the dashboard with an error."""
    admin_only = Group.objects.create(name="Chỉ vào trang quản trị")
    admin_only.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = make_user("khach")
    user.groups.add(admin_only)
    client.force_login(fresh(user))
    for name in ("plans_export_plan_docx", "plans_export_report_docx", "plans_export_report_xlsx"):
        response = client.get(reverse(name, args=[world["plan"].pk]))
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
        assert messages.ERROR in [m.level for m in get_messages(response.wsgi_request)]


def test_the_refusal_is_a_403_outside_wagtails_redirect(world, rf):
    request = rf.get("/")
    request.user = make_user("khach2")
    with pytest.raises(PermissionDenied):
        export_views.export_plan_docx(request, world["plan"].pk)


def test_file_names_keep_vietnamese_and_offer_an_ascii_fold():
    assert ascii_filename("Báo cáo 196/KH-LĐLĐ.docx") == "Bao-cao-196-KH-LDLD.docx"
    assert content_disposition("KH-196-LĐLĐ.docx") == (
        "attachment; filename=\"KH-196-LDLD.docx\"; filename*=UTF-8''KH-196-L%C4%90L%C4%90.docx"
    )


def test_exports_only_answer_get(world, editor, client):
    client.force_login(editor)
    assert client.post(reverse("plans_export_plan_docx", args=[world["plan"].pk])).status_code == 405
