"""Background work of plans: rollup refreshes, the daily snapshot and assignment reminders."""

from __future__ import annotations

import datetime

from lantoa.lib.tasks import background_task, periodic

from . import rollups
from .models import Target


@background_task(max_attempts=3, backoff_seconds=60)
def refresh_targets(target_ids: list[int], from_day: str | None) -> int:
    """Recompute the snapshots of the targets from `from_day` (ISO date, None: all)."""
    day = datetime.date.fromisoformat(from_day) if from_day else None
    return sum(rollups.refresh_from(target, day) for target in Target.objects.filter(pk__in=target_ids))


@periodic(every=datetime.timedelta(hours=1), name="plans.daily_snapshot")
@background_task(max_attempts=3)
def daily_snapshot() -> int:
    """Today's value of every followed target (hourly, so a new day gets its row early)."""
    return rollups.refresh_today()
