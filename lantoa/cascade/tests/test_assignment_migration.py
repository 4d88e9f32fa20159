"""Migration cascade 0003: the plan assignments of a running site become cascade tasks, one
dispatch per group handed out together, with their states, reports and counts."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lantoa.cascade import compliance
from lantoa.cascade.models import Action, Dispatch, TaskStatus, UnitTask
from lantoa.org.tests.factories import D, make_unit
from lantoa.plans import actions as plan_actions
from lantoa.plans.models import Plan, Responsibility

BEFORE = [("cascade", "0002_plan_duties"), ("plans", "0007_home_indexes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_assignments_become_tasks_of_one_dispatch_per_group():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    wards = [make_unit(province, "commune", f"Công đoàn phường {name}") for name in ("1", "2", "3")]
    plan = Plan(
        issuing_unit=province, number=196, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=D(2026, 1, 5),
        title="Truyền thông Công đoàn", period_start=D(2026, 1, 5), period_end=D(2026, 12, 31), status="issued",
    )  # fmt: skip
    plan.responsibilities = [Responsibility(heading="Công đoàn cấp trên cơ sở", duties="Báo cáo quý.")]
    plan = plan_actions.do_save_plan(plan, actor=None)
    responsibility = plan.responsibilities.get()
    leaves = migrate(BEFORE)
    try:
        Assignment = leaves.get_model("plans", "Assignment")
        common = {"plan_id": plan.pk, "responsibility_id": responsibility.pk, "description": "Báo cáo quý."}
        quarter = {**common, "title": "Báo cáo quý I", "due_on": D(2026, 4, 10)}
        Assignment.objects.create(unit_id=wards[0].pk, status="done", done_on=D(2026, 4, 12),
                                  report="Đã gửi báo cáo.", **quarter)  # fmt: skip
        Assignment.objects.create(unit_id=wards[1].pk, status="open", last_reminded_on=D(2026, 4, 9), **quarter)
        Assignment.objects.create(unit_id=wards[2].pk, status="cancelled", **quarter)
        Assignment.objects.create(unit_id=wards[0].pk, title="Báo cáo quý II", due_on=D(2026, 7, 10), **common)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    first, second = Dispatch.objects.order_by("due_on")
    assert (first.title, second.title) == ("Báo cáo quý I", "Báo cáo quý II")
    assert first.plan_id == plan.pk and first.responsibility_id == responsibility.pk
    assert first.sender_unit_id == province.pk and first.actions == [Action.PLAN_DUTY] and first.root_id == first.pk
    tasks = {task.unit_id: task for task in UnitTask.objects.filter(dispatch=first)}
    done, pending, cancelled = (tasks[ward.pk] for ward in wards)
    assert (done.status, done.done_on, done.report) == (TaskStatus.DONE, D(2026, 4, 12), "Đã gửi báo cáo.")
    assert (pending.status, pending.reminded_on) == (TaskStatus.PENDING, D(2026, 4, 9))
    assert cancelled.status == TaskStatus.NOT_APPLICABLE and cancelled.reason
    counts = compliance.compliance_of(first, province.pk, D(2026, 5, 1))
    assert (counts.total, counts.done, counts.not_applicable) == (3, 1, 1)
    # Handing the same duty again through the live code finds the migrated dispatch.
    again = plan_actions.do_assign_responsibility(
        responsibility, actor=None, title="Báo cáo quý I", due_on=D(2026, 4, 10), units=wards
    )
    assert {task.pk for task in again} == {task.pk for task in tasks.values()}
