"""Every figure of a plan seen as of a day counts only what was dated on or before that day:
campaigns approved by then, spending recorded by then, people reached once the campaign
was closed by then; campaigns never approved count nowhere (issue #9, "Every figure is as
of its day")."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans import actions, progress, rollups
from lantoa.plans.dashboard_views import value_heading
from lantoa.plans.models import BudgetLine, Campaign, Plan, Target, Theme

pytestmark = pytest.mark.django_db

SEEN_ON = D(2021, 12, 31)
LATER_TITLE = "Hội thi Nữ công nhân viên chức lao động giỏi 2023"
LATER_SPENT, LATER_ESTIMATE, LATER_REACHED = 43_210_000, 47_650_000, 12_345
WAITING_TITLE = "Chiến dịch chờ duyệt: Tháng hành động an toàn"
WAITING_ESTIMATE = 31_730_000


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9, 0))


def propose(plan, unit, title, start, end, estimates):
    actions.ensure_campaign_workflow()
    campaign = Campaign(plan=plan, theme=plan.themes.first(), unit=unit, title=title, start_date=start, end_date=end)
    campaign.budget_lines = [
        BudgetLine(item=f"Hạng mục {i}", funding_source="accumulated", estimate=Decimal(estimate))
        for i, estimate in enumerate(estimates, start=1)
    ]
    return actions.do_propose_campaign(campaign, actor=None)


def approve(campaign, on):
    return actions.do_decide_campaign(campaign, actor=None, approve=True, at=at(on))


def spend(campaign, *amounts_and_days):
    lines = campaign.budget_lines.order_by("sort_order", "pk")
    for line, (amount, day) in zip(lines, amounts_and_days, strict=True):
        actions.do_record_spending(line, actor=None, actual=Decimal(amount), spent_on=day)


@pytest.fixture
def world():
    """Plan 196 of Bến Tre (10/2020–12/2023): a 2021 campaign approved in April 2021 whose
    second line was paid in 2022 and which was closed in 2022; a campaign held in 2023;
    a campaign still waiting for approval."""
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    plan = Plan(
        issuing_unit=province, number=196, symbol="KH-LĐLĐ", place="Bến Tre", issued_on=D(2020, 10, 5),
        title="Truyền thông Công đoàn đến năm 2023", period_start=D(2020, 10, 5), period_end=D(2023, 12, 31),
        status="issued",
    )  # fmt: skip
    plan.themes = [Theme(title="Tháng Công nhân")]
    plan = actions.do_save_plan(plan, actor=None)
    for order, (title, indicator, value) in enumerate(
        (("03 chiến dịch", "campaigns_run", 3), ("Giải ngân 90% dự toán", "budget_spent", 90))
    ):
        actions.do_save_target(
            Target(plan=plan, order=order, title=title, indicator=indicator, target_value=Decimal(value),
                   deadline=D(2023, 12, 31)),
            actor=None,
        )  # fmt: skip
    early = approve(propose(plan, province, "Tháng Công nhân 2021", D(2021, 5, 1), D(2021, 12, 31),
                            [20_000_000, 10_000_000]), D(2021, 4, 20))  # fmt: skip
    spend(early, (15_000_000, D(2021, 5, 20)), (9_000_000, D(2022, 2, 1)))
    actions.do_close_campaign(early, actor=None, closed_on=D(2022, 1, 10), people_reached=3_000, results="Xong")
    later = approve(propose(plan, province, LATER_TITLE, D(2023, 3, 1), D(2023, 10, 20),
                            [LATER_ESTIMATE]), D(2023, 2, 10))  # fmt: skip
    spend(later, (LATER_SPENT, D(2023, 10, 1)))
    actions.do_close_campaign(later, actor=None, closed_on=D(2023, 11, 10), people_reached=LATER_REACHED,
                              results="Xong")  # fmt: skip
    propose(plan, province, WAITING_TITLE, D(2023, 4, 1), D(2023, 5, 31), [WAITING_ESTIMATE])
    rollups.rebuild_rollups()
    editor = make_user("tinh.tuyengiao")
    org_actions.do_assign_role(user=editor, unit=province, kind=RoleKind.EDITOR, actor=None)
    return {"plan": plan, "early": early, "later": later, "editor": editor}


@pytest.fixture
def as_editor(client, world):
    client.force_login(world["editor"])
    return client


def later_traces(world) -> list[str]:
    """The 2023 campaign's title, spending and reach as the screens, files and JSON write them."""
    return [LATER_TITLE, "43.210.000", "47.650.000", "12.345", str(LATER_SPENT), str(LATER_ESTIMATE),
            str(LATER_REACHED), WAITING_TITLE, "31.730.000", str(WAITING_ESTIMATE)]  # fmt: skip


def test_the_2021_dashboard_shows_nothing_of_the_2023_campaign(as_editor, world):
    response = as_editor.get(reverse("plans_dashboard", args=[world["plan"].pk]), {"ngay": "31/12/2021"})
    html = response.content.decode()
    assert response.status_code == 200
    for trace in later_traces(world):
        assert trace not in html
    assert f'data-campaign="{world["early"].pk}"' in html


def test_the_2021_workbook_shows_nothing_of_the_2023_campaign(as_editor, world):
    url = reverse("plans_export_report_xlsx", args=[world["plan"].pk])
    response = as_editor.get(url, {"ngay": "31/12/2021"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    for value in (LATER_TITLE, WAITING_TITLE, LATER_SPENT, LATER_ESTIMATE, LATER_REACHED, WAITING_ESTIMATE):
        assert value not in cells
    assert not any(isinstance(cell, str) and "2023" in cell and "Hội thi" in cell for cell in cells)
    sheet = workbook["Chiến dịch"]
    rows = [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]]
    assert [row[1] for row in rows] == ["Tháng Công nhân 2021", "Tổng cộng"]
    early = rows[0]
    assert (early[7], early[8], early[9]) == (30_000_000, 15_000_000, None)  # second line paid in 2022, closed 2022


def test_the_2021_api_answer_shows_nothing_of_the_2023_campaign(as_editor, world):
    response = as_editor.get(f"/api/plans/{world['plan'].pk}", {"as_of": "2021-12-31"})
    assert response.status_code == 200
    text = json.dumps(response.json(), ensure_ascii=False)
    for trace in later_traces(world):
        assert trace not in text
    body = response.json()
    assert [c["title"] for c in body["campaigns"]] == ["Tháng Công nhân 2021"]
    (early,) = body["campaigns"]
    assert early["budget"] == {"estimate": 30_000_000, "actual": 15_000_000}
    assert early["people_reached"] is None and early["cost_per_reach"] is None
    assert early["state"] == "running"
    assert body["budget"] == {"estimate": 30_000_000, "actual": 15_000_000}


def test_spending_and_reach_count_from_their_own_days(world):
    early = progress.plan_progress(world["plan"], D(2022, 3, 1)).campaign_rows[-1]
    assert early.campaign == world["early"]
    assert (early.actual, early.people_reached, early.cost_per_reach) == (24_000_000, 3_000, 8_000)
    assert early.state == "closed"


def test_a_campaign_never_approved_counts_nowhere(world):
    figures = progress.plan_progress(world["plan"])
    assert WAITING_TITLE not in [c.title for c in figures.campaigns]
    assert figures.budget == {
        "estimate": Decimal(30_000_000 + LATER_ESTIMATE),
        "actual": Decimal(24_000_000 + LATER_SPENT),
    }
    run = next(item for item in figures.targets if item.target.indicator == "campaigns_run")
    spent = next(item for item in figures.targets if item.target.indicator == "budget_spent")
    assert run.value == 2
    assert spent.denominator == 30_000_000 + LATER_ESTIMATE


def test_the_2021_figures_count_only_the_2021_campaign(world):
    figures = progress.plan_progress(world["plan"], SEEN_ON)
    run = next(item for item in figures.targets if item.target.indicator == "campaigns_run")
    spent = next(item for item in figures.targets if item.target.indicator == "budget_spent")
    assert run.value == 1
    assert (spent.numerator, spent.denominator) == (15_000_000, 30_000_000)
    assert figures.budget == {"estimate": Decimal(30_000_000), "actual": Decimal(15_000_000)}


def test_the_figure_cards_say_which_day_they_are_of(as_editor, world):
    html = as_editor.get(reverse("plans_dashboard", args=[world["plan"].pk]), {"ngay": "31/12/2021"}).content
    assert "Kết quả tại ngày 31/12/2021" in html.decode()
    # A finished plan shows its last day by default, which is not today either.
    html = as_editor.get(reverse("plans_dashboard", args=[world["plan"].pk])).content.decode()
    assert "Kết quả tại ngày 31/12/2023" in html


def test_today_s_figures_are_the_current_value(settings):
    settings.LANGUAGE_CODE = "vi"
    from django.utils import translation

    with translation.override("vi"):
        assert value_heading(timezone.localdate()) == "Kết quả hiện tại"
        assert value_heading(D(2021, 12, 31)) == "Kết quả tại ngày 31/12/2021"


def test_the_past_dashboard_takes_a_bounded_number_of_queries(as_editor, world, django_assert_max_num_queries):
    url = reverse("plans_dashboard", args=[world["plan"].pk])
    as_editor.get(url, {"ngay": "31/12/2021"})
    # 41: whether "Sửa kế hoạch" shows is one more; 44: the sidebar asks the page rights (portal).
    with django_assert_max_num_queries(44):
        assert as_editor.get(url, {"ngay": "31/12/2021"}).status_code == 200
