"""A merged unit's open work goes on at its successor; its history and past figures stay.

Phú Khương's commune union merges into Long Hồ's on 01/07/2025 (the 2025 reorganisation):
its pending plan duty and its running and proposed campaigns move to Long Hồ, its done
duty, its closed campaign and its Zalo group stay Phú Khương's history."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lantoa.cascade import actions as cascade_actions
from lantoa.cascade.models import Action, TaskStatus, UnitTask
from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel, ChannelKind
from lantoa.org import actions as org_actions
from lantoa.org import scope
from lantoa.org.models import RoleKind, Unit
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions, indicators, progress
from lantoa.plans.models import BudgetLine, Campaign, Plan, Responsibility, Target, Theme

pytestmark = pytest.mark.django_db

MERGED_ON = D(2025, 7, 1)
BEFORE = D(2025, 6, 30)


def campaign(plan, unit, title, start, end, *, approved_on=None, spent=None):
    row = Campaign(plan=plan, theme=plan.themes.first(), unit=unit, title=title, start_date=start, end_date=end)
    row.budget_lines = [BudgetLine(item="In tờ gấp", funding_source="accumulated", estimate=Decimal(20_000_000))]
    row = actions.do_propose_campaign(row, actor=None)
    if approved_on:
        at = timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(9)))
        row = actions.do_decide_campaign(row, actor=None, approve=True, at=at)
    if spent:
        actions.do_record_spending(row.budget_lines.get(), actor=None, actual=Decimal(spent[0]), spent_on=spent[1])
    return Campaign.objects.get(pk=row.pk)


@pytest.fixture
def merger():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    source = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    successor = make_unit(province, "commune", "Công đoàn xã Long Hồ")
    grassroots = make_unit(source, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    admin, officer = make_user("tinh.quantri"), make_user("longho.canbo")
    org_actions.do_assign_role(user=admin, unit=province, kind=RoleKind.FEDERATION_ADMIN, actor=None)
    org_actions.do_assign_role(user=officer, unit=successor, kind=RoleKind.UNIT_OFFICER, actor=None)
    actions.ensure_campaign_workflow()

    plan = Plan(
        issuing_unit=province, number=12, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=D(2025, 1, 10),
        title="Truyền thông công đoàn năm 2025", period_start=D(2025, 1, 10), period_end=D(2025, 12, 31),
        status="issued",
    )  # fmt: skip
    plan.themes = [Theme(title="Công đoàn xã, phường mới")]
    plan.responsibilities = [Responsibility(unit=source, heading="Công đoàn phường", duties="Tuyên truyền")]
    plan = actions.do_save_plan(plan, actor=None)
    responsibility = plan.responsibilities.get()
    open_task, done_task = (
        actions.do_assign_responsibility(responsibility, actor=None, title=title, due_on=D(2025, 9, 30))[0]
        for title in ("Báo cáo quý III", "Báo cáo quý I")
    )
    cascade_actions.do_mark(done_task, actor=None, status=TaskStatus.DONE, day=D(2025, 4, 2), report="Đã gửi báo cáo")

    running = campaign(plan, source, "Tháng Công nhân 2025", D(2025, 5, 1), D(2025, 8, 31),
                       approved_on=D(2025, 4, 20), spent=(12_000_000, D(2025, 5, 20)))  # fmt: skip
    proposed = campaign(plan, source, "Tết Sum vầy 2026", D(2025, 12, 1), D(2026, 1, 31))
    closed = campaign(plan, source, "Ngày hội pháp luật", D(2025, 3, 1), D(2025, 3, 31), approved_on=D(2025, 2, 20))
    actions.do_close_campaign(closed, actor=None, closed_on=D(2025, 4, 5), people_reached=800, results="Đạt")
    for unit, name, count in (
        (source, "Nhóm Zalo phường Phú Khương", 400),
        (grassroots, "Nhóm Zalo May Sông Tiền", 250),
    ):
        do_save_channel(
            Channel(), actor=None, unit=unit, kind=ChannelKind.ZALO_GROUP, name=name,
            address=f"https://zalo.me/g/{unit.code.lower()}", active_from=D(2024, 1, 1),
            audience_count=count, audience_counted_on=D(2025, 1, 15),
        )  # fmt: skip
    targets = {
        code: actions.do_save_target(
            Target(plan=plan, title=code, indicator=code, target_value=10, deadline=D(2025, 12, 31)), actor=None
        )
        for code in ("campaigns_run", "budget_spent", "reach")
    }
    return {
        "province": province, "source": source, "successor": successor, "grassroots": grassroots,
        "admin": fresh(admin), "officer": fresh(officer), "plan": plan, "targets": targets,
        "open_task": open_task, "done_task": done_task, "running": running, "proposed": proposed, "closed": closed,
    }  # fmt: skip


def merge(world):
    org_actions.do_merge_units(world["source"], target=world["successor"], on_date=MERGED_ON, actor=world["admin"])


def figures(world, day, unit_id=None):
    return {code: indicators.evaluate(target, day, unit_id).value for code, target in world["targets"].items()}


def test_a_merge_moves_pending_plan_duties_and_running_or_upcoming_campaigns(merger):
    assert merger["open_task"].action == Action.PLAN_DUTY and merger["open_task"].unit == merger["source"]
    merge(merger)
    successor = merger["successor"]
    moved = UnitTask.objects.get(pk=merger["open_task"].pk)
    assert (moved.unit, moved.status, moved.dispatch.title) == (successor, TaskStatus.PENDING, "Báo cáo quý III")
    assert moved.dispatch.plan == merger["plan"]
    assert Campaign.objects.get(pk=merger["running"].pk).unit == successor
    assert Campaign.objects.get(pk=merger["proposed"].pk).unit == successor


def test_done_plan_duties_closed_campaigns_and_channels_stay_with_the_merged_unit(merger):
    channels_before = list(Channel.objects.filter(unit=merger["source"]).values("pk", "active_to"))
    merge(merger)
    done = UnitTask.objects.get(pk=merger["done_task"].pk)
    assert done.unit == merger["source"] and done.status == TaskStatus.DONE
    assert (done.done_on, done.report) == (D(2025, 4, 2), "Đã gửi báo cáo")
    assert not UnitTask.objects.filter(unit=merger["successor"], dispatch=done.dispatch).exists()
    assert Campaign.objects.get(pk=merger["closed"].pk).unit == merger["source"]
    assert list(Channel.objects.filter(unit=merger["source"]).values("pk", "active_to")) == channels_before


def test_the_merge_is_in_the_successors_history_with_what_moved(merger):
    merge(merger)
    entry = ModelLogEntry.objects.get(action="lantoa.plans.move_open_work", object_id=str(merger["successor"].pk))
    assert entry.user == merger["admin"]
    assert entry.data["campaigns"] == sorted([merger["running"].pk, merger["proposed"].pk])
    assert entry.data["source"]["name"] == "Công đoàn phường Phú Khương"


def test_the_successors_officer_sees_and_carries_on_the_moved_work(merger, client):
    merge(merger)
    officer = merger["officer"]
    running = Campaign.objects.get(pk=merger["running"].pk)
    assert scope.has_perm(officer, "plans.change_campaign", running.unit_id)
    client.force_login(officer)
    listing = client.get(reverse("wagtailsnippets_plans_campaign:list")).content.decode()
    assert "Tháng Công nhân 2025" in listing and "Tết Sum vầy 2026" in listing
    task = UnitTask.objects.get(pk=merger["open_task"].pk)
    assert "Báo cáo quý III" in client.get(reverse("viec:index")).content.decode()
    assert client.get(reverse("viec:task", args=[task.pk])).status_code == 200
    # The edit form shows the latest revision: it names the successor, not the ended unit.
    edit = client.get(reverse("wagtailsnippets_plans_campaign:edit", args=[running.pk]))
    assert edit.status_code == 200
    assert edit.context["form"].initial["unit"] == merger["successor"].pk
    assert running.get_latest_revision_as_object().unit_id == merger["successor"].pk
    marked = client.post(
        reverse("viec:task", args=[task.pk]), {"outcome": "done", "day": "20/09/2025", "report": "Đã gửi"}
    )
    assert marked.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.done_on, task.report, task.done_by) == (
        TaskStatus.DONE,
        D(2025, 9, 20),
        "Đã gửi",
        officer,
    )


def test_figures_of_days_before_the_merge_do_not_change(merger):
    plan, source = merger["plan"], merger["source"]
    plan_wide, source_reach = figures(merger, BEFORE), figures(merger, BEFORE, source.pk)["reach"]
    shown = [item.value for item in progress.plan_progress(plan, BEFORE).targets]
    merge(merger)
    assert figures(merger, BEFORE) == plan_wide
    assert plan_wide == {"campaigns_run": 2.0, "budget_spent": 30.0, "reach": 650.0}
    assert [item.value for item in progress.plan_progress(Plan.objects.get(pk=plan.pk), BEFORE).targets] == shown
    # The source's own subtree on that day still holds the grassroots union moved away since.
    assert Unit.objects.get(pk=merger["grassroots"].pk).parent_id == merger["successor"].pk
    assert figures(merger, BEFORE, source.pk)["reach"] == source_reach == 650.0


def test_the_moved_campaigns_count_for_the_successor_after_the_merge(merger):
    merge(merger)
    after = figures(merger, D(2025, 7, 15), merger["successor"].pk)
    assert after["campaigns_run"] == 1.0  # the running one; the proposed one is not approved


def test_a_moved_campaign_still_counts_for_the_merged_unit_on_days_before_the_merge(merger):
    before = figures(merger, BEFORE, merger["source"].pk)["campaigns_run"]
    merge(merger)
    assert figures(merger, BEFORE, merger["source"].pk)["campaigns_run"] == before
