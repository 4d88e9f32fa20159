"""The demo plans over the demo province, loaded once per module (it takes a while)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lantoa.cascade.models import Action, TaskStatus, UnitTask
from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel, ChannelKind
from lantoa.demo.province import load_demo_province
from lantoa.org.models import Unit, UnitKind
from lantoa.plans import actions, rollups
from lantoa.plans.models import CampaignState, PlanStatus, TargetValue
from lantoa.plans.progress import Status, plan_progress

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]

D = datetime.date
END_2023 = D(2023, 12, 31)
MID_2022 = D(2022, 6, 30)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        units = load_demo_province(today=today)
        yield {"today": today, "units": units, **units["plans"]}
        transaction.set_rollback(True)


def user(username):
    return get_user_model().objects.get(username=username)


def by_indicator(progress):
    return {row.target.indicator: row for row in progress.targets}


def test_plan_196_is_entered_as_the_document_reads(loaded):
    plan = loaded["plan_196"]
    assert plan.reference == "196/KH-LĐLĐ"
    assert (plan.parent_unit_name, plan.place, plan.issued_on) == ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "Bến Tre",
                                                                   D(2020, 10, 5))  # fmt: skip
    assert plan.status == PlanStatus.ISSUED and plan.issuing_unit == loaded["units"]["ben_tre"]
    assert (plan.period_start, plan.period_end) == (D(2020, 10, 5), END_2023)
    assert plan.basis.startswith("Căn cứ Chương trình số 01/CTr-BCH ngày 26/8/2020")
    themes = [t.title for t in plan.themes.all()]
    assert len(themes) == 8
    assert themes[3] == "Đảm bảo An toàn vệ sinh lao động và phòng chống cháy nổ."
    assert themes[7] == "Chính sách lao động Nữ và vị trí của vai trò bình đẳng giới."
    assert plan.key_message_on(D(2020, 11, 1)).text == "Đổi mới - Sáng tạo - Hiệu quả trong hoạt động công đoàn"
    assert plan.key_message_on(D(2022, 5, 1)).text == "Công đoàn Việt Nam: Chủ động - tích cực - sáng tạo - trách nhiệm"
    kinds = {s.kind for s in plan.sections.all()}
    assert {"objectives", "targets", "audiences", "channels", "principles", "content", "roadmap"} <= kinds
    responsibilities = {r.heading: r.unit for r in plan.responsibilities.all()}
    assert responsibilities["Ban Tuyên giáo - Nữ công"].kind == UnitKind.BOARD
    assert responsibilities["Công đoàn cấp trên trực tiếp cơ sở"] is None
    assert plan.recipients.splitlines()[0] == "TLĐ (qua Ban TG);" and plan.archive == "VP, TG-NC"
    assert (plan.signer_capacity, plan.signer_title, plan.signer_name) == (
        "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Nguyễn Thị Kim Dung",
    )  # fmt: skip


def test_the_register_of_2020_suggests_197_after_plans_169_and_196(loaded):
    assert loaded["plan_169"].reference == "169/KH-LĐLĐ"
    assert actions.suggest_number(loaded["units"]["ben_tre"].pk, "KH", 2020) == 197


def test_results_at_the_end_of_2023_are_mixed(loaded):
    progress = plan_progress(loaded["plan_196"], END_2023)
    assert not progress.live  # the plan's last day: read from the rollups
    rows = by_indicator(progress)
    assert (rows["campaigns_run"].value, rows["campaigns_run"].status) == (3.0, Status.MET)
    assert rows["budget_spent"].status == Status.MET
    groups = rows["units_with_groups"]
    assert groups.status == Status.MISSED and 0 < groups.numerator < groups.denominator
    assert rows["panels_in_industrial_parks"].status == Status.MISSED
    closed = [c for c in progress.campaigns if c.state_on(END_2023) == CampaignState.CLOSED]
    assert len(closed) == 3 and all(c.cost_per_reach() for c in closed)


def test_the_as_of_view_replays_the_period(loaded):
    plan = loaded["plan_196"]
    in_2021 = by_indicator(plan_progress(plan, D(2021, 3, 31)))
    in_2022 = by_indicator(plan_progress(plan, MID_2022))
    assert in_2021["campaigns_run"].value == 0
    assert in_2022["campaigns_run"].value == 2 and in_2022["campaigns_run"].status == Status.ON_TRACK
    assert 0 < in_2022["budget_spent"].value < by_indicator(plan_progress(plan, END_2023))["budget_spent"].value


def test_responsibilities_became_plan_duties_some_done_some_late_some_not_done(loaded):
    duties = UnitTask.objects.filter(dispatch__plan=loaded["plan_196"])
    assert set(duties.values_list("action", flat=True)) == {Action.PLAN_DUTY}
    done = duties.filter(status=TaskStatus.DONE)
    assert done.count() >= 8 and not done.filter(report="").exists()
    assert done.filter(done_on__gt=F("due_on")).exists()  # the final report came a week late
    never = duties.filter(status=TaskStatus.PENDING)
    assert never.exists() and all(task.due_on < END_2023 for task in never)  # the groups never reported
    assert never.filter(dispatch__title__startswith="Lập nhóm Facebook").exists()
    assert never.filter(dispatch__title__startswith="Cung cấp tin, bài").count() == 1  # Ủy ban Kiểm tra
    district = loaded["district_plan"]
    assert district.adopted_from == loaded["plan_196"] and district.status == PlanStatus.ISSUED


def test_vinh_long_has_a_duty_due_soon_one_done_and_late_communes(loaded):
    today = loaded["today"]
    duties = UnitTask.objects.filter(dispatch__plan=loaded["vinh_long_plan"]).select_related("dispatch")
    by_title = {}
    for task in duties:
        by_title.setdefault(task.dispatch.title, []).append(task)
    (quarterly,) = by_title["Báo cáo quý về tiến độ các chỉ tiêu truyền thông"]
    assert quarterly.status == TaskStatus.PENDING and quarterly.due_on > today
    (check,) = by_title["Kiểm tra, xác minh nhóm Zalo của công đoàn xã, phường"]
    assert check.status == TaskStatus.DONE and check.done_on <= check.due_on and check.report
    late = by_title["Lập nhóm Zalo của cán bộ công đoàn xã, phường"]
    assert late and all(task.status == TaskStatus.PENDING and task.due_on < today for task in late)
    assert all(task.unit.kind == UnitKind.COMMUNE for task in late)


def test_vinh_long_adopts_the_national_plan_and_waits_for_a_decision(loaded):
    plan, national = loaded["vinh_long_plan"], loaded["national_plan"]
    assert national.issuing_unit.code == "TLD" and plan.adopted_from == national
    assert plan.issuing_unit == loaded["units"]["vinh_long"] and plan.status == PlanStatus.ISSUED
    running, waiting = loaded["campaigns_vinh_long"]
    assert running.state_on(loaded["today"]) == CampaignState.RUNNING
    waiting.refresh_from_db()
    state = waiting.current_workflow_task_state
    assert state is not None and not waiting.live
    assert state.task.specific.get_actions(waiting, user("tinh.lanhdao"))
    rows = by_indicator(plan_progress(plan))
    assert 20 < rows["units_with_groups"].value < 90
    assert rows["campaigns_run"].value == 1 and rows["reach"].value > 0
    assert plan.key_message_on(loaded["today"]) is not None


def test_rebuilding_every_rollup_gives_the_rows_kept_by_the_incremental_path(
    loaded, django_capture_on_commit_callbacks
):
    before = rollups.comparable(TargetValue.objects.all())
    today = loaded["today"]
    lacking = (
        Unit.objects.current()
        .filter(kind=UnitKind.COMMUNE)
        .exclude(channels__kind=ChannelKind.ZALO_GROUP)
        .order_by("code")
        .first()
    )
    _running, waiting = loaded["campaigns_vinh_long"]
    waiting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        do_save_channel(
            Channel(), actor=None, unit=lacking, kind=ChannelKind.ZALO_GROUP, name="Cán bộ công đoàn xã",
            address="https://zalo.me/g/demotest01", verified=True, active_from=today,
        )  # fmt: skip
        actions.do_decide_campaign(waiting, actor=user("tinh.lanhdao"), approve=True)
    assert callbacks
    incremental = rollups.comparable(TargetValue.objects.all())
    assert incremental != before
    rollups.rebuild_rollups()
    assert rollups.comparable(TargetValue.objects.all()) == incremental
