"""Campaigns go through the Standing Committee's workflow; the rollups follow."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lantoa.org.tests.factories import D, fresh
from lantoa.plans import actions, progress, rollups
from lantoa.plans.models import BudgetLine, Campaign, CampaignState, Target, TargetValue

pytestmark = pytest.mark.django_db


def proposal(plan, unit, **extra):
    campaign = Campaign(
        plan=plan, theme=plan.themes.first(), unit=unit, title="Tháng Công nhân 2021: an toàn lao động",
        start_date=D(2021, 5, 1), end_date=D(2021, 5, 31), **extra,
    )  # fmt: skip
    campaign.budget_lines = [
        BudgetLine(item="In pano, áp phích", funding_source="accumulated", estimate=Decimal(20_000_000))
    ]
    return campaign


def test_a_proposed_campaign_waits_for_the_standing_committee(plan, people):
    editor, leader, _district_leader = people
    campaign = actions.do_propose_campaign(proposal(plan, plan.issuing_unit), actor=fresh(editor))
    assert not campaign.live
    assert campaign.current_workflow_state is not None
    assert campaign.state_on(D(2021, 5, 10)) == CampaignState.PROPOSED


def test_only_approvers_whose_scope_covers_the_unit_may_decide(plan, people):
    editor, leader, district_leader = people
    campaign = actions.do_propose_campaign(proposal(plan, plan.issuing_unit), actor=fresh(editor))
    with pytest.raises(ValidationError):
        actions.do_decide_campaign(campaign, actor=fresh(district_leader), approve=True)
    with pytest.raises(ValidationError):
        actions.do_decide_campaign(campaign, actor=fresh(editor), approve=True)
    campaign = actions.do_decide_campaign(campaign, actor=fresh(leader), approve=True)
    assert campaign.live and campaign.first_published_at is not None


def test_an_approved_campaign_runs_by_its_dates_and_closes_with_results(plan, people):
    editor, leader, _ = people
    campaign = actions.do_propose_campaign(proposal(plan, plan.issuing_unit), actor=fresh(editor))
    approved_at = datetime.datetime(2021, 4, 20, 9, 0, tzinfo=datetime.UTC)
    campaign = actions.do_decide_campaign(campaign, actor=fresh(leader), approve=True, at=approved_at)
    assert campaign.state_on(D(2021, 4, 19)) == CampaignState.PROPOSED
    assert campaign.state_on(D(2021, 4, 25)) == CampaignState.APPROVED
    assert campaign.state_on(D(2021, 5, 10)) == CampaignState.RUNNING
    assert campaign.state_on(D(2021, 6, 10)) == CampaignState.ENDED
    line = campaign.budget_lines.get()
    actions.do_record_spending(line, actor=fresh(editor), actual=Decimal(18_500_000), spent_on=D(2021, 5, 30))
    with pytest.raises(ValidationError):
        actions.do_close_campaign(campaign, actor=fresh(editor), closed_on=D(2021, 6, 5), people_reached=5, results=" ")
    actions.do_close_campaign(
        campaign, actor=fresh(editor), closed_on=D(2021, 6, 5), people_reached=12_500, results="12 công đoàn tham gia"
    )
    assert campaign.state_on(D(2021, 6, 10)) == CampaignState.CLOSED
    assert campaign.cost_per_reach() == Decimal(1480)


def test_a_campaign_sent_back_is_not_approved(plan, people):
    editor, leader, _ = people
    campaign = actions.do_propose_campaign(proposal(plan, plan.issuing_unit), actor=fresh(editor))
    actions.do_decide_campaign(campaign, actor=fresh(leader), approve=False, comment="Chưa phù hợp")
    campaign.refresh_from_db()
    assert not campaign.live


def test_campaigns_run_target_moves_when_a_campaign_is_approved(plan, people, django_capture_on_commit_callbacks):
    editor, leader, _ = people
    target = actions.do_save_target(
        Target(plan=plan, title="Ít nhất 03 chiến dịch", indicator="campaigns_run", target_value=3,
               deadline=D(2023, 12, 31), check_dates=["2021-12-31"]),
        actor=None,
    )  # fmt: skip
    rollups.rebuild_rollups()
    day = progress.default_day(plan)
    assert progress.target_progress(target, day, live=False).value == 0
    with django_capture_on_commit_callbacks(execute=True):
        campaign = actions.do_propose_campaign(proposal(plan, plan.issuing_unit), actor=fresh(editor))
    approved_at = datetime.datetime(2021, 4, 20, 9, 0, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_decide_campaign(campaign, actor=fresh(leader), approve=True, at=approved_at)
    assert progress.target_progress(target, day, live=False).value == 1
    incremental = rollups.comparable(TargetValue.objects.all())
    rollups.rebuild_rollups()
    assert rollups.comparable(TargetValue.objects.all()) == incremental


def test_the_register_suggests_the_next_number(plan):
    assert actions.suggest_number(plan.issuing_unit_id, "KH", 2020) == 197
    assert actions.suggest_number(plan.issuing_unit_id, "KH", 2021) == 1


def test_listings_write_dates_as_dd_mm_yyyy_and_amounts_as_60_000(plan, people, client):
    _editor, leader, _ = people
    actions.do_save_target(
        Target(plan=plan, title="Kết nạp đoàn viên", indicator="campaigns_run", target_value=Decimal("60000.00"),
               deadline=D(2028, 12, 31), check_dates=["2028-12-31"]),
        actor=None,
    )  # fmt: skip
    client.force_login(leader)
    from django.urls import reverse

    page = client.get(reverse("target:index")).content.decode()
    assert "31/12/2028" in page and "Vừa xong" not in page
    assert "60.000" in page and "60000" not in page
