"""Tasks that exist today name their units, so the task screen can show a federation admin
their own: a rollup refresh names the issuing units of its targets' plans."""

from decimal import Decimal

import pytest
from django_tasks_db.models import DBTaskResult

from lantoa.lib.models import TaskUnit
from lantoa.lib.queries import visible_tasks
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions, tasks
from lantoa.plans.models import Plan, Target

pytestmark = pytest.mark.django_db


def plan_of(unit, number):
    plan = Plan(
        issuing_unit=unit, number=number, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=D(2025, 7, 1),
        title="Truyền thông Công đoàn", period_start=D(2025, 7, 1), period_end=D(2026, 12, 31),
    )  # fmt: skip
    return actions.do_save_plan(plan, actor=None)


def target_of(plan):
    target = Target(
        plan=plan, title="Nhóm Zalo", indicator="manual", target_value=Decimal(10), deadline=D(2026, 12, 31)
    )
    return actions.do_save_target(target, actor=None)


def test_a_rollup_refresh_names_the_issuing_units_of_its_targets(db_tasks):
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    other = make_unit(province, "commune", "Công đoàn xã Long Hồ")
    mine, theirs = target_of(plan_of(commune, 1)), target_of(plan_of(other, 2))
    DBTaskResult.objects.all().delete()

    own = tasks.refresh_targets.enqueue([mine.pk], None)
    mixed = tasks.refresh_targets.enqueue([mine.pk, theirs.pk], "2025-08-01", province.pk)

    assert set(TaskUnit.objects.filter(result_id=own.id).values_list("unit_id", flat=True)) == {commune.pk}
    assert set(TaskUnit.objects.filter(result_id=mixed.id).values_list("unit_id", flat=True)) == {commune.pk, other.pk}
    admin = make_user("phukhuong.quantri")
    org_actions.do_assign_role(user=admin, unit=commune, kind=RoleKind.FEDERATION_ADMIN, actor=None)
    assert [str(r.pk) for r in visible_tasks(fresh(admin))] == [str(own.id)]
