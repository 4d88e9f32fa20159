"""The plan dashboard and its drill-down show the figures of `progress`, as of any day."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from lantoa.channels.tests.factories import channel_with_history
from lantoa.org import actions as org_actions
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans import actions, charts, progress, rollups
from lantoa.plans.models import BudgetLine, Campaign, KeyMessage, Plan, Target, TargetValue, Theme

pytestmark = pytest.mark.django_db
CHECK_2021, PLAN_END = D(2021, 3, 1), D(2021, 6, 30)


def groups(unit, slug, *, verified_on, zalo_verified_on=None):
    for kind, address in (("facebook_group", f"https://www.facebook.com/groups/{slug}"),
                          ("zalo_group", f"https://zalo.me/g/{slug}")):  # fmt: skip
        day = zalo_verified_on if kind == "zalo_group" and zalo_verified_on else verified_on
        channel_with_history(
            unit=unit, kind=kind, name=f"Nhóm {slug}", address=address, active_from=D(2020, 11, 1),
            verified=True, verified_on=day,
        )  # fmt: skip


def make_plan(unit, *, title, number):
    plan = Plan(
        issuing_unit=unit, symbol="KH-LĐLĐ", number=number, place="Bến Tre", issued_on=D(2020, 10, 1),
        title=title, period_start=D(2020, 10, 1), period_end=PLAN_END,
    )  # fmt: skip
    plan.key_messages = [KeyMessage(text="Công đoàn đồng hành cùng người lao động", valid_from=D(2020, 10, 1))]
    plan.themes = [Theme(title="Tháng Công nhân")]
    return actions.do_save_plan(plan, actor=None)


def make_target(plan, title, indicator, value, deadline, *, order=0, **params):
    target = Target(
        plan=plan, title=title, indicator=indicator, params=params, target_value=Decimal(value),
        deadline=deadline, check_dates=[CHECK_2021.isoformat()], order=order,
    )  # fmt: skip
    return actions.do_save_target(target, actor=None)


def approved_campaign(plan, unit):
    actions.ensure_campaign_workflow()
    campaign = Campaign(
        plan=plan, theme=plan.themes.first(), unit=unit, title="Tháng Công nhân 2021",
        start_date=D(2021, 5, 1), end_date=D(2021, 5, 31),
    )  # fmt: skip
    campaign.budget_lines = [BudgetLine(item="In pano", funding_source="accumulated", estimate=Decimal(20_000_000))]
    campaign = actions.do_propose_campaign(campaign, actor=None)
    approved_at = timezone.make_aware(datetime.datetime(2021, 4, 20, 9, 0))
    campaign = actions.do_decide_campaign(campaign, actor=None, approve=True, at=approved_at)
    actions.do_record_spending(
        campaign.budget_lines.get(), actor=None, actual=Decimal(15_000_000), spent_on=D(2021, 5, 20)
    )
    return actions.do_close_campaign(
        campaign, actor=None, closed_on=D(2021, 6, 5), people_reached=3000, results="Treo 20 pano"
    )


@pytest.fixture
def world():
    """Bến Tre with three district federations: Ba Tri runs both groups since 2020, Bình
    Đại's Zalo group was only verified in April 2021, Chợ Lách runs none; plan 196 follows them."""
    nation = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam", valid_from=D(1946, 1, 1))
    province = make_unit(nation, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    ba_tri, binh_dai, cho_lach = (
        make_unit(province, "district", f"Liên đoàn Lao động huyện {name}", valid_from=D(1980, 1, 1))
        for name in ("Ba Tri", "Bình Đại", "Chợ Lách")
    )
    grassroots = make_unit(ba_tri, "grassroots", "Công đoàn cơ sở Trường THCS Ba Tri")
    other = make_unit(nation, "provincial", "Liên đoàn Lao động tỉnh Trà Vinh", valid_from=D(1976, 1, 1))
    groups(ba_tri, "batri", verified_on=D(2020, 12, 1))
    groups(binh_dai, "binhdai", verified_on=D(2020, 12, 15), zalo_verified_on=D(2021, 4, 10))
    plan = make_plan(province, title="Kế hoạch tuyên truyền trên mạng xã hội", number=196)
    groups_target = make_target(
        plan, "100% LĐLĐ huyện có 2 nhóm", "units_with_groups", 100, CHECK_2021, unit_kinds=["district"]
    )
    campaigns_target = make_target(plan, "2 chiến dịch mỗi năm", "campaigns_run", 2, PLAN_END, order=1)
    approved_campaign(plan, province)
    district_plan = make_plan(ba_tri, title="Kế hoạch của LĐLĐ huyện Ba Tri", number=12)
    make_target(district_plan, "Mọi CĐCS có 2 nhóm", "units_with_groups", 100, PLAN_END, unit_kinds=["grassroots"])
    rollups.rebuild_rollups()
    officer = make_user("huyen.batri")
    org_actions.do_assign_role(user=officer, unit=ba_tri, kind="editor", actor=None)
    return {
        "province": province, "ba_tri": ba_tri, "binh_dai": binh_dai, "cho_lach": cho_lach,
        "grassroots": grassroots, "other": other, "plan": plan, "district_plan": district_plan,
        "groups": groups_target, "campaigns": campaigns_target, "officer": officer,
    }  # fmt: skip


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    return client


def dashboard(client, plan, **params):
    return client.get(reverse("plans_dashboard", args=[plan.pk]), params)


def drill(client, target, **params):
    return client.get(reverse("plans_target", args=[target.plan_id, target.pk]), params)


def figure(html: str, target_pk: int, name: str) -> str:
    """The text of a `data-figure` inside the card of a target."""
    card = re.search(rf'data-target="{target_pk}"(.*?)</article>', html, re.S).group(1)
    return re.search(rf'data-figure="{name}">([^<]*)', card).group(1).strip()


def shown(item: progress.TargetProgress) -> str:
    return charts.format_measure(item.value, item.kind.measure)


def test_the_dashboard_shows_the_figures_of_plan_progress(admin_client, world):
    expected = progress.plan_progress(world["plan"])
    response = dashboard(admin_client, world["plan"])
    html = response.content.decode()
    assert response.status_code == 200
    assert expected.day == PLAN_END and not expected.live
    for item in expected.targets:
        assert figure(html, item.target.pk, "value") == shown(item)
        assert figure(html, item.target.pk, "goal") == charts.format_measure(item.target_value, item.kind.measure)
    groups_figure = next(i for i in expected.targets if i.target == world["groups"])
    assert (groups_figure.numerator, groups_figure.denominator) == (2, 3)
    assert figure(html, world["groups"].pk, "ratio") == "(2/3)"
    assert shown(groups_figure) == "66,7\u00a0%"
    assert "196/KH-LĐLĐ" in html and "Công đoàn đồng hành cùng người lao động" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="lantoa-chart"') == 2


def test_the_dashboard_lists_campaigns_with_budget_and_cost_per_reach(admin_client, world):
    html = dashboard(admin_client, world["plan"]).content.decode()
    row = re.search(r'data-campaign="\d+">(.*?)</tr>', html, re.S).group(1)
    assert "Tháng Công nhân 2021" in row
    assert "20.000.000\u00a0đ" in row and "15.000.000\u00a0đ" in row
    assert "3.000" in row and "5.000\u00a0đ" in row  # 15.000.000 đ for 3.000 people
    assert re.search(r'data-figure="budget-actual">15.000.000\u00a0đ<', html)


def test_a_past_day_replays_what_was_true_then(admin_client, world):
    response = dashboard(admin_client, world["plan"], ngay="01/03/2021")
    html = response.content.decode()
    then = progress.plan_progress(world["plan"], CHECK_2021)
    groups_then = next(i for i in then.targets if i.target == world["groups"])
    # Bình Đại's Zalo group was verified in April: on the check day only Ba Tri counts.
    assert (groups_then.numerator, groups_then.denominator) == (1, 3)
    assert figure(html, world["groups"].pk, "value") == shown(groups_then) == "33,3\u00a0%"
    assert figure(html, world["campaigns"].pk, "value") == "0"
    assert 'value="01/03/2021"' in html


def test_a_bad_day_shows_a_message_and_the_latest_figures(admin_client, world):
    response = dashboard(admin_client, world["plan"], ngay="31/02/2021")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="help-block help-critical lantoa-day-error"' in html
    assert "31/02/2021" in html
    assert figure(html, world["groups"].pk, "value") == "66,7\u00a0%"


def test_a_future_day_is_refused_with_a_message(admin_client, world):
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    html = dashboard(admin_client, world["plan"], ngay=future).content.decode()
    assert "lantoa-day-error" in html and future in html


def test_a_missing_rollup_is_computed_by_a_task(admin_client, world):
    TargetValue.objects.filter(target=world["campaigns"]).delete()
    html = dashboard(admin_client, world["plan"]).content.decode()
    assert 'class="lantoa-computing"' in html
    assert figure(html, world["campaigns"].pk, "value") == "—"
    # The test settings run tasks inline: the rollup is back.
    assert TargetValue.objects.filter(target=world["campaigns"], on_date=PLAN_END).exists()


def test_the_export_links_carry_the_day(admin_client, world):
    html = dashboard(admin_client, world["plan"], ngay="01/03/2021").content.decode()
    report = reverse("plans_report_signer", args=[world["plan"].pk])  # the report's signer form
    assert f'href="{report}?ngay=01%2F03%2F2021"' in html
    assert f'href="{reverse("plans_export_plan_docx", args=[world["plan"].pk])}"' in html


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world):
    response = dashboard(client, world["plan"])
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_unit_officer_sees_their_own_plan_but_not_the_provinces(client, world):
    client.force_login(world["officer"])
    assert dashboard(client, world["district_plan"]).status_code == 200
    assert dashboard(client, world["plan"]).status_code == 404
    assert drill(client, world["groups"]).status_code == 404


def test_the_drill_down_lists_child_units_worst_first(admin_client, world):
    response = drill(admin_client, world["groups"])
    html = response.content.decode()
    children = [int(pk) for pk in re.findall(r'data-child="(\d+)"', html)]
    assert children[0] == world["cho_lach"].pk
    assert set(children) == {world["ba_tri"].pk, world["binh_dai"].pk, world["cho_lach"].pk}
    pairs = progress.child_progress(world["groups"], world["province"].pk, PLAN_END, live=False)
    assert children == [unit_id for unit_id, _item in pairs]
    assert f"don_vi={world['cho_lach'].pk}" in html


def test_the_drill_down_on_a_past_day_lists_the_lagging_units(admin_client, world):
    html = drill(admin_client, world["groups"], ngay="01/03/2021").content.decode()
    lagging = {int(pk) for pk in re.findall(r'data-lagging="(\d+)"', html)}
    assert lagging == {world["binh_dai"].pk, world["cho_lach"].pk}
    children = [int(pk) for pk in re.findall(r'data-child="(\d+)"', html)]
    assert children[-1] == world["ba_tri"].pk  # the only district meeting it then


def test_the_drill_down_goes_below_the_first_level(admin_client, world):
    response = drill(admin_client, world["groups"], don_vi=world["ba_tri"].pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-unit="{world["ba_tri"].pk}"' in html
    # The target counts districts: a grassroots union below Ba Tri is not a unit it covers.
    assert re.findall(r'data-child="(\d+)"', html) == []
    trail = re.search(r'class="lantoa-trail">(.*?)</nav>', html, re.S).group(1)
    assert "tỉnh Bến Tre" in trail and 'aria-current="page">Liên đoàn Lao động huyện Ba Tri' in trail


def test_a_unit_outside_the_measured_subtree_is_not_found(admin_client, world):
    assert drill(admin_client, world["groups"], don_vi=world["other"].pk).status_code == 404
    assert drill(admin_client, world["groups"], don_vi="abc").status_code == 404


def test_a_scoped_officer_cannot_drill_outside_their_subtree(client, world):
    client.force_login(world["officer"])
    target = world["district_plan"].targets.get()
    assert drill(client, target).status_code == 200
    assert drill(client, target, don_vi=world["grassroots"].pk).status_code == 200
    assert drill(client, target, don_vi=world["binh_dai"].pk).status_code == 404


def test_a_target_of_another_plan_is_not_found(admin_client, world):
    url = reverse("plans_target", args=[world["district_plan"].pk, world["groups"].pk])
    assert admin_client.get(url).status_code == 404


def dashboard_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert dashboard(client, plan).status_code == 200
    return len(captured)


def test_the_dashboard_query_count_is_bounded(admin_client, world, django_assert_max_num_queries):
    dashboard(admin_client, world["plan"])  # warm the session and the caches
    with django_assert_max_num_queries(27):  # 27th: may the user edit the plan (its "Sửa kế hoạch" button)
        dashboard(admin_client, world["plan"])


def test_each_extra_target_adds_a_small_constant_number_of_queries(admin_client, world):
    dashboard(admin_client, world["plan"])
    before = dashboard_queries(admin_client, world["plan"])
    for order in range(2, 6):
        make_target(world["plan"], f"Chỉ tiêu {order}", "reach", 1000, PLAN_END, order=order)
    rollups.rebuild_rollups(Target.objects.filter(plan=world["plan"]))
    after = dashboard_queries(admin_client, world["plan"])
    assert after - before <= 4 * 3


def test_a_target_short_of_its_value_at_the_deadline_is_labelled_missed(admin_client, world):
    html = dashboard(admin_client, world["plan"]).content.decode()
    card = re.search(rf'data-target="{world["campaigns"].pk}"(.*?)</article>', html, re.S).group(1)
    with translation.override("vi"):
        label = str(progress.Status.LABELS[progress.Status.MISSED])
    assert f'data-status="missed">{label}<' in card
