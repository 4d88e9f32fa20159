"""A plan received from above shows a lower unit the plan-wide figures, the campaigns of its
own subtree and of the units above it, never a sibling's; its drill-down opens the lower
unit's own line, lists only the units a target covers and says "không áp dụng" where there
is nothing to count (issue #9)."""

import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lantoa.channels.tests.factories import channel_with_history
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans import actions, progress, queries, rollups
from lantoa.plans.models import Plan, Target, Theme

from .test_figures_as_of_day import approve, propose, spend

pytestmark = pytest.mark.django_db

OWN, UPPER, SIBLING, SIBLING_DRAFT, OWN_DRAFT = (
    "Ngày hội công nhân phường Phú Khương",
    "Tháng Công nhân toàn tỉnh",
    "Hội thao xã Long Hồ",
    "Bản nháp của xã Long Hồ: chợ phiên công nhân",
    "Bản nháp của phường Phú Khương: tọa đàm",
)
SIBLING_ESTIMATE, SIBLING_DRAFT_ESTIMATE = 17_390_000, 28_460_000


@pytest.fixture
def world():
    """Vĩnh Long's plan 58 over two communes and an industrial-park union without communes:
    Phú Khương runs a Zalo group, Long Hồ none; campaigns of the province, of each commune,
    and drafts of both."""
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(2000, 1, 1))
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương", valid_from=D(2020, 1, 1))
    sibling = make_unit(province, "commune", "Công đoàn xã Long Hồ", valid_from=D(2020, 1, 1))
    park = make_unit(province, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh", valid_from=D(2020, 1, 1))
    grassroots = make_unit(
        commune, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền", valid_from=D(2020, 1, 1)
    )
    channel_with_history(
        unit=commune, kind="zalo_group", name="Nhóm Zalo Phú Khương", address="https://zalo.me/g/phukhuong",
        active_from=D(2025, 7, 1), verified=True, verified_on=D(2025, 7, 15),
    )  # fmt: skip
    plan = Plan(
        issuing_unit=province, number=58, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=D(2025, 9, 22),
        title="Truyền thông Công đoàn tỉnh Vĩnh Long giai đoạn 2025–2028", period_start=D(2025, 9, 22),
        period_end=D(2028, 12, 31), status="issued",
    )  # fmt: skip
    plan.themes = [Theme(title="Công đoàn xã, phường mới")]
    plan = actions.do_save_plan(plan, actor=None)
    groups = actions.do_save_target(
        Target(plan=plan, title="100% công đoàn xã, phường có nhóm Zalo", indicator="units_with_groups",
               target_value=100, deadline=D(2027, 6, 30),
               params={"unit_kinds": ["commune"], "required_kinds": ["zalo_group"]}),
        actor=None,
    )  # fmt: skip
    budget = actions.do_save_target(
        Target(plan=plan, order=1, title="Giải ngân 90% dự toán", indicator="budget_spent", target_value=90,
               deadline=D(2028, 12, 31)),
        actor=None,
    )  # fmt: skip
    period = (D(2025, 10, 1), D(2025, 10, 31))
    upper = approve(propose(plan, province, UPPER, *period, [50_000_000]), D(2025, 9, 25))
    spend(upper, (45_000_000, D(2025, 10, 20)))
    approve(propose(plan, grassroots, OWN, *period, [8_000_000]), D(2025, 9, 26))
    approve(propose(plan, sibling, SIBLING, *period, [SIBLING_ESTIMATE]), D(2025, 9, 27))
    propose(plan, sibling, SIBLING_DRAFT, *period, [SIBLING_DRAFT_ESTIMATE])
    propose(plan, commune, OWN_DRAFT, *period, [3_000_000])
    rollups.rebuild_rollups()

    def person(username, unit, kind):
        user = make_user(username)
        org_actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
        return user

    return {
        "province": province, "commune": commune, "sibling": sibling, "park": park, "grassroots": grassroots,
        "plan": plan, "groups": groups, "budget": budget,
        "officer": person("xa.phukhuong", commune, RoleKind.UNIT_OFFICER),
        "grassroots_officer": person("coso.songtien", grassroots, RoleKind.UNIT_OFFICER),
        "editor": person("tinh.tuyengiao", province, RoleKind.EDITOR),
    }  # fmt: skip


def logged_in(client, user):
    client.force_login(user)
    return client


def listed_campaigns(html: str) -> set[str]:
    rows = re.findall(r'data-campaign="\d+">\s*<td>([^<]*)<', html)
    return {title.strip() for title in rows}


def dashboard(client, plan, **params):
    return client.get(reverse("plans_dashboard", args=[plan.pk]), params)


def drill(client, target, **params):
    return client.get(reverse("plans_target", args=[target.plan_id, target.pk]), params)


@pytest.mark.parametrize("who", ["officer", "grassroots_officer"])
def test_a_lower_unit_sees_its_own_and_its_upper_units_campaigns_never_a_siblings(client, world, who):
    response = dashboard(logged_in(client, world[who]), world["plan"])
    html = response.content.decode()
    assert response.status_code == 200
    assert listed_campaigns(html) == {OWN, UPPER}
    for hidden in (SIBLING, SIBLING_DRAFT, OWN_DRAFT, "17.390.000", "28.460.000"):
        assert hidden not in html


def test_the_province_sees_every_approved_campaign_and_no_draft(client, world):
    html = dashboard(logged_in(client, world["editor"]), world["plan"]).content.decode()
    assert listed_campaigns(html) == {OWN, UPPER, SIBLING}
    assert SIBLING_DRAFT not in html and OWN_DRAFT not in html


def test_the_budget_card_shows_the_plan_wide_total_of_approved_campaigns(client, world):
    html = dashboard(logged_in(client, world["officer"]), world["plan"]).content.decode()
    total = 50_000_000 + 8_000_000 + SIBLING_ESTIMATE
    assert f'data-figure="budget-estimate">{total:,}\u00a0đ<'.replace(",", ".") in html
    assert 'data-figure="budget-actual">45.000.000\u00a0đ<' in html


def test_the_workbook_of_a_lower_unit_leaves_out_its_siblings(client, world):
    url = reverse("plans_export_report_xlsx", args=[world["plan"].pk])
    response = logged_in(client, world["officer"]).get(url)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = {cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row}
    assert {OWN, UPPER} <= cells
    assert not cells & {SIBLING, SIBLING_DRAFT, OWN_DRAFT, SIBLING_ESTIMATE, SIBLING_DRAFT_ESTIMATE}
    units = {row[1] for row in workbook["Đơn vị"].iter_rows(min_row=5, values_only=True)}
    assert "Công đoàn phường Phú Khương" in units and "Công đoàn xã Long Hồ" not in units


def test_the_api_shows_a_lower_unit_the_same_campaigns(client, world):
    client = logged_in(client, world["officer"])
    listed = client.get("/api/plans").json()
    assert world["plan"].pk in [item["id"] for item in listed["items"]]
    body = client.get(f"/api/plans/{world['plan'].pk}").json()
    assert {c["title"] for c in body["campaigns"]} == {OWN, UPPER}
    text = json.dumps(body, ensure_ascii=False)
    assert SIBLING not in text and SIBLING_DRAFT not in text and str(SIBLING_DRAFT_ESTIMATE) not in text


def test_a_commune_officer_opens_his_own_line_of_a_provincial_target(client, world):
    client = logged_in(client, world["officer"])
    html = dashboard(client, world["plan"]).content.decode()
    card = re.search(rf'data-target="{world["groups"].pk}"(.*?)</article>', html, re.S).group(1)
    line = re.search(r'href="([^"]*/targets/\d+/[^"]*)"', card).group(1).replace("&amp;", "&")
    assert f"don_vi={world['commune'].pk}" in line
    response = client.get(line)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-unit="{world["commune"].pk}"' in page
    trail = re.search(r'class="lantoa-trail">(.*?)</nav>', page, re.S).group(1)
    assert "tỉnh Vĩnh Long" in trail and "<a " not in trail  # named, not opened
    # Without a unit asked for, the drill-down opens the officer's own line too.
    assert f'data-unit="{world["commune"].pk}"' in drill(client, world["groups"]).content.decode()


def test_a_commune_officer_cannot_open_the_provincial_line_or_a_siblings(client, world):
    client = logged_in(client, world["officer"])
    assert drill(client, world["groups"], don_vi=world["province"].pk).status_code == 404
    assert drill(client, world["groups"], don_vi=world["sibling"].pk).status_code == 404


def test_units_a_target_does_not_cover_are_not_listed(client, world):
    html = drill(logged_in(client, world["editor"]), world["groups"]).content.decode()
    children = {int(pk) for pk in re.findall(r'data-child="(\d+)"', html)}
    assert children == {world["commune"].pk, world["sibling"].pk}  # the park union has no commune


def test_a_unit_with_nothing_to_count_is_not_applicable_never_missed(client, world):
    html = drill(logged_in(client, world["editor"]), world["budget"], ngay="31/12/2025").content.decode()
    park = re.search(rf'data-child="{world["park"].pk}">(.*?)</tr>', html, re.S).group(1)
    assert 'data-status="not_applicable">Không áp dụng<' in park
    assert "Không đạt" not in park


def test_a_grassroots_line_of_a_commune_target_is_not_applicable(world):
    item = progress.target_progress(world["groups"], D(2025, 12, 31), live=True, unit_id=world["grassroots"].pk)
    assert (item.numerator, item.denominator) == (0, 0)
    assert item.status == progress.Status.NOT_APPLICABLE


def test_the_lines_of_each_user(world):
    targets = [world["groups"], world["budget"]]
    day = D(2025, 12, 31)
    for user, unit in (("editor", "province"), ("officer", "commune"), ("grassroots_officer", "grassroots")):
        lines = queries.drill_units(world[user], targets, day)
        assert lines == {t.pk: world[unit].pk for t in targets}
    outsider = make_user("ngoai.tinh")
    assert queries.drill_units(outsider, targets, day) == {t.pk: None for t in targets}


def test_the_progress_report_of_a_lower_unit_leaves_out_its_siblings(world):
    import docx

    from lantoa.plans import exports
    from lantoa.reports.official import render_docx

    document = exports.report_document(world["plan"], D(2025, 12, 31), viewer=world["officer"])
    opened = docx.Document(io.BytesIO(render_docx(document)))
    text = "\n".join(p.text for p in opened.paragraphs) + "\n".join(
        cell.text for table in opened.tables for row in table.rows for cell in row.cells
    )
    assert OWN in text and UPPER in text
    for hidden in (SIBLING, SIBLING_DRAFT, OWN_DRAFT, "17.390.000", "28.460.000"):
        assert hidden not in text
