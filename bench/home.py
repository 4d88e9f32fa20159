"""The workspace home ("Việc của tôi", issue #10) on the national tree, run by `bench.worker`
after `bench.plans` (its plan and campaigns are there).

Every unit of the benchmark province gets open assignments of the plan (a third overdue),
then we time `/admin/` for the provincial editor and for the officer of one of its commune
unions: p95 of the whole request, target 150 ms each.
"""

from __future__ import annotations

import datetime
import random
import time

from bench.plans import BATCH_SIZE, report_p95, sample
from bench.worker import out

SEED = 10
COMMUNE_OFFICER = "bench.xa"


def add_assignments(province, plan, today: datetime.date) -> int:
    """One open assignment per unit of the province's subtree, due within ±60 days of today."""
    from lantoa.org.models import Unit
    from lantoa.plans.models import Assignment

    rng = random.Random(SEED)
    unit_ids = list(Unit.objects.in_subtree(province.path).order_by("pk").values_list("pk", flat=True))
    rows = [
        Assignment(
            plan=plan,
            unit_id=unit_id,
            title="Tuyên truyền Tháng Công nhân tại đơn vị",
            due_on=today + datetime.timedelta(days=rng.randint(-60, 60)),
        )
        for unit_id in unit_ids
    ]
    Assignment.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def commune_officer(province):
    """The officer of the province's first commune union (created once)."""
    from django.contrib.auth import get_user_model

    from lantoa.org import actions
    from lantoa.org.models import RoleKind, Unit, UnitKind

    commune = Unit.objects.in_subtree(province.path).filter(kind=UnitKind.COMMUNE).order_by("pk").first()
    user, created = get_user_model().objects.get_or_create(username=COMMUNE_OFFICER, defaults={"is_active": True})
    if created:
        actions.do_assign_role(user=user, unit=commune, kind=RoleKind.UNIT_OFFICER, actor=None)
    return user, commune


def run(database: str, *, repeats: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from lantoa.demo import national
    from lantoa.org.models import Role, Unit
    from lantoa.plans.models import Plan

    today = timezone.localdate()
    editor = get_user_model().objects.get(username=national.PROVINCIAL_USERNAME)
    province = Role.objects.select_related("unit").get(user=editor).unit
    plan = Plan.objects.order_by("-pk").first()
    started = time.perf_counter()
    count = add_assignments(province, plan, today)
    officer, commune = commune_officer(province)
    subtree = Unit.objects.in_subtree(province.path).count()
    out(f"# home: {count} assignments in {province.name} ({subtree} units) in {time.perf_counter() - started:.1f} s")
    for name, user, where in (
        ("home_provincial_editor", editor, province.name),
        ("home_commune_officer", officer, commune.name),
    ):
        client = Client()
        client.force_login(user)
        statuses: set[int] = set()

        def get_home(_i, client=client, statuses=statuses):
            statuses.add(client.get("/admin/").status_code)

        samples = sample(get_home, repeats=repeats, warmup=2)
        report_p95(name, database, samples, f"; {where}; status {sorted(statuses)}")
