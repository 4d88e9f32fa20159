"""Background work of plans: rollup refreshes and the daily snapshot."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from lantoa.lib.tasks import background_task, describe_task, periodic

from . import rollups
from .models import Target


@background_task(max_attempts=3, backoff_seconds=60)
def refresh_targets(target_ids: list[int], from_day: str | None, unit_id: int | None = None) -> int:
    """Recompute the snapshots of the targets from `from_day` (ISO date, None: all); with
    `unit_id`, only the rows a change to that unit's rows can touch."""
    day = datetime.date.fromisoformat(from_day) if from_day else None
    targets = Target.objects.filter(pk__in=target_ids).select_related("plan")
    return sum(rollups.refresh_from(target, day, under=unit_id) for target in targets)


def units_of_refresh(target_ids: list[int], from_day: str | None = None, unit_id: int | None = None) -> list[int]:
    """A refresh is the business of the units that issued the targets' plans."""
    return list(Target.objects.filter(pk__in=target_ids).values_list("plan__issuing_unit_id", flat=True).distinct())


describe_task(refresh_targets, label=_("Refresh target figures"), units=units_of_refresh)


@periodic(every=datetime.timedelta(hours=1), name="plans.daily_snapshot")
@background_task(max_attempts=3)
def daily_snapshot() -> int:
    """Today's value of every followed target (hourly, so a new day gets its row early)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")  # keeps the planner's statistics fresh
    return rollups.refresh_today()


describe_task(daily_snapshot, label=_("Today's figures of every target"))
