"""Rollups of target values, kept current by tasks so dashboards read rows, not trees.

For each target, `TargetValue` holds the value over the measured unit's subtree and over
each of its children (the first level of the drill-down) on every snapshot day: each month
end of the plan's period, each check date, the deadline, and today. A change to a source
row (a channel, a campaign, a budget line, a reorganisation) refreshes the snapshots of the
targets above it from the first day the change touches (`lantoa.plans.signals`); a daily
job adds today's row. `rebuild_rollups()` recomputes everything from source rows and must
give the same rows as the incremental path.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lantoa.org import paths

from . import indicators
from .models import Target, TargetValue

ROW_FIELDS = ("target_id", "unit_id", "on_date", "value", "numerator", "denominator", "details")


def month_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        if start <= last <= end:
            days.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def plan_end(plan) -> datetime.date:
    """The last day a plan's targets are followed: the later of its period's end and its
    targets' deadlines (remembered on the plan object)."""
    cached = getattr(plan, "_followed_until", None)
    if cached is None:
        deadlines = plan.targets.aggregate(last=Max("deadline"))["last"]
        cached = plan._followed_until = max(plan.period_end, deadlines or plan.period_end)
    return cached


def default_day(plan, today: datetime.date | None = None) -> datetime.date:
    """The day a plan's dashboard shows by default: today, or the last followed day when
    the plan is over (or its start while it has not begun)."""
    today = today or timezone.localdate()
    return max(plan.period_start, min(today, plan_end(plan)))


def span(target: Target) -> tuple[datetime.date, datetime.date]:
    """The days a target is followed: from its baseline (or the plan's start) to the plan's end."""
    return target.baseline_on or target.plan.period_start, plan_end(target.plan)


def view_day(target: Target, today: datetime.date | None = None) -> datetime.date:
    return default_day(target.plan, today)


def snapshot_days(target: Target, today: datetime.date | None = None) -> list[datetime.date]:
    today = today or timezone.localdate()
    start, end = span(target)
    last = min(today, end)
    if last < start:
        return []
    days = set(month_ends(start, last)) | {d for d in target.check_days() if start <= d <= last}
    if target.deadline <= last:
        days.add(target.deadline)
    days.add(last)
    days.add(default_day(target.plan, today))
    return sorted(days)


def values_for(
    target: Target, day: datetime.date, *, children: bool = True, under: int | None = None
) -> dict[int, indicators.Value]:
    """The target's value over its measured unit and, with `children` where the kind
    drills down, over each child unit of that day; with `under` (a changed row's unit),
    over the one child above that unit only."""
    from lantoa.org.models import UnitState

    root = UnitState.objects.on(day).filter(unit_id=target.measured_unit_id).first()
    if root is None:
        return {}
    kind = indicators.REGISTRY[target.indicator]
    found = {root.unit_id: indicators.compute(target.indicator, root, day, target=target, **target.params)}
    if children and kind.drills_down:
        states = UnitState.objects.on(day).filter(parent_id=root.unit_id)
        if under is not None:
            changed = UnitState.objects.on(day).filter(unit_id=under).values_list("path", flat=True).first()
            states = states.filter(unit_id__in=paths.ancestor_ids(changed)) if changed else states.none()
        for child in states.order_by("path"):
            found[child.unit_id] = indicators.compute(target.indicator, child, day, target=target, **target.params)
    return found


def _rows(target: Target, day: datetime.date, *, children: bool, under: int | None) -> list[TargetValue]:
    now = timezone.now()
    return [
        TargetValue(target=target, unit_id=unit_id, on_date=day, value=v.value, numerator=v.numerator,
                    denominator=v.denominator, details=v.details, computed_at=now)
        for unit_id, v in values_for(target, day, children=children, under=under).items()
    ]  # fmt: skip


def refresh_target(
    target: Target, days: Iterable[datetime.date], today: datetime.date | None = None, under: int | None = None
) -> int:
    """Recompute the snapshots of `target` on `days`; returns the rows written. Child units
    get rows only on the dashboard's default day: the trend needs the measured unit alone,
    and any other day's drill-down is computed on request. With `under`, only the rows a
    change to that unit's rows can touch are recomputed (the measured unit, one child)."""
    shown = view_day(target, today)
    written = 0
    for day in days:
        rows = _rows(target, day, children=day == shown, under=under)
        with transaction.atomic():
            stale = TargetValue.objects.filter(target=target, on_date=day)
            if under is not None:
                stale = stale.filter(unit_id__in=[row.unit_id for row in rows])
            stale.delete()
            TargetValue.objects.bulk_create(rows)
        written += len(rows)
    return written


def refresh_from(
    target: Target, from_day: datetime.date | None, today: datetime.date | None = None, under: int | None = None
) -> int:
    """Refresh every snapshot of `target` on or after `from_day` (None: all of them), and
    drop rows of days that are no longer snapshot days (yesterday's "today")."""
    days = snapshot_days(target, today)
    TargetValue.objects.filter(target=target).exclude(on_date__in=days).delete()
    wanted = [d for d in days if from_day is None or d >= from_day]
    # Yesterday's default day kept its children's rows: today's refresh drops them.
    TargetValue.objects.filter(target=target).exclude(on_date=view_day(target, today)).exclude(
        unit_id=target.measured_unit_id
    ).delete()
    if under is not None and not TargetValue.objects.filter(target=target, on_date=view_day(target, today)).exists():
        under = None  # a new default day: its children's rows are all still to write
    return refresh_target(target, wanted, today, under)


def refresh_today(today: datetime.date | None = None) -> int:
    """The daily job: today's snapshot of every target still followed."""
    today = today or timezone.localdate()
    written = 0
    for target in Target.objects.select_related("plan"):
        if span(target)[0] <= today <= span(target)[1] or not target.values.exists():
            written += refresh_from(target, today, today)
    return written


def rebuild_rollups(targets: Iterable[Target] | None = None, today: datetime.date | None = None) -> int:
    """Recompute every snapshot of every target (or of `targets`) from source rows."""
    written = 0
    for target in targets if targets is not None else Target.objects.select_related("plan"):
        TargetValue.objects.filter(target=target).delete()
        written += refresh_from(target, None, today)
    return written


def stored(target: Target, unit_id: int, on_or_before: datetime.date) -> TargetValue | None:
    """The latest rollup row of a target over a unit, as of a day."""
    return (
        TargetValue.objects.filter(target=target, unit_id=unit_id, on_date__lte=on_or_before)
        .order_by("-on_date")
        .first()
    )


def comparable(rows) -> list[tuple]:
    """Rollup rows without their computation time, for comparing rebuilds with increments."""
    return sorted(tuple(getattr(row, f) for f in ROW_FIELDS) for row in rows)
