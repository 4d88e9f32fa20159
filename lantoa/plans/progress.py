"""A plan's progress as of a day: the one set of figures the dashboard, the exports and
the API show.

Today's figures (the plan's default view day) come from the rollups kept by tasks; any
other day is computed from source rows, so it replays what was true then.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from . import indicators, rollups
from .models import Campaign, Plan, Target, TargetValue


class Status:
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NO_DATA = "no_data"

    LABELS = {
        MET: _("Met"),
        ON_TRACK: _("On track"),
        BEHIND: _("Behind"),
        MISSED: _("Missed"),
        NO_DATA: _("Not computed yet"),
    }


@dataclass
class TargetProgress:
    target: Target
    kind: indicators.IndicatorKind
    day: datetime.date
    value: float | None
    numerator: int | None
    denominator: int | None
    details: dict
    status: str
    computed_at: datetime.datetime | None  # None: computed for this request
    trend: list[tuple[datetime.date, float]] = field(default_factory=list)

    @property
    def target_value(self) -> float:
        return float(self.target.target_value)

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def share_of_target(self) -> float | None:
        """How far towards the target, 0–100 (for bars)."""
        if self.value is None or not self.target_value:
            return None
        return max(0.0, min(100.0, 100.0 * self.value / self.target_value))


@dataclass
class PlanProgress:
    plan: Plan
    day: datetime.date
    live: bool
    targets: list[TargetProgress]
    campaigns: list[Campaign]

    @property
    def key_message(self):
        return self.plan.key_message_on(self.day)


def default_day(plan: Plan, today: datetime.date | None = None) -> datetime.date:
    """Today, or the last day the plan's targets are followed when it is over."""
    return rollups.default_day(plan, today)


def status_of(target: Target, value: float | None, day: datetime.date) -> str:
    """Met when the value reaches the target; missed when the deadline passed without;
    otherwise on track when at least the share of the target that the share of time gone
    by calls for, behind when not."""
    if value is None:
        return Status.NO_DATA
    goal = float(target.target_value)
    if value >= goal:
        return Status.MET
    if day >= target.deadline:
        return Status.MISSED
    start = rollups.span(target)[0]
    elapsed = (day - start).days / max(1, (target.deadline - start).days)
    return Status.ON_TRACK if value >= goal * max(0.0, elapsed) else Status.BEHIND


def trend(target: Target, unit_id: int, day: datetime.date) -> list[tuple[datetime.date, float]]:
    rows = TargetValue.objects.filter(target=target, unit_id=unit_id, on_date__lte=day).order_by("on_date")
    return list(rows.values_list("on_date", "value"))


def _progress(target, kind, day, computed, *, computed_at=None, trend_rows=()) -> TargetProgress:
    value = computed.value if computed else None
    return TargetProgress(
        target=target,
        kind=kind,
        day=day,
        value=value,
        numerator=computed.numerator if computed else None,
        denominator=computed.denominator if computed else None,
        details=computed.details if computed else {},
        status=status_of(target, value, day),
        computed_at=computed_at,
        trend=list(trend_rows),
    )


def _from_row(row: TargetValue | None) -> indicators.Value | None:
    return indicators.Value(row.value, row.numerator, row.denominator, row.details) if row else None


def target_progress(target: Target, day: datetime.date, *, live: bool, unit_id: int | None = None) -> TargetProgress:
    """One target's figure over `unit_id`'s subtree (default: the measured unit)."""
    unit_id = unit_id or target.measured_unit_id
    kind = indicators.REGISTRY[target.indicator]
    if live:
        return _progress(
            target, kind, day, indicators.evaluate(target, day, unit_id), trend_rows=trend(target, unit_id, day)
        )
    row = TargetValue.objects.filter(target=target, unit_id=unit_id, on_date=day).first()
    computed_at = row.computed_at if row else None
    return _progress(target, kind, day, _from_row(row), computed_at=computed_at, trend_rows=trend(target, unit_id, day))


def plan_progress(plan: Plan, day: datetime.date | None = None) -> PlanProgress:
    """Every target of the plan with its value and status as of `day` (default: the
    plan's default day, read from rollups; another day is computed live)."""
    default = default_day(plan)
    day = day or default
    live = day != default
    targets = [target_progress(t, day, live=live) for t in plan.targets.select_related("plan", "unit")]
    campaigns = list(
        Campaign.objects.filter(plan=plan).select_related("unit", "theme").prefetch_related("budget_lines")
    )
    return PlanProgress(plan=plan, day=day, live=live, targets=targets, campaigns=campaigns)


def child_progress(target: Target, unit_id: int, day: datetime.date, *, live: bool) -> list[tuple[int, TargetProgress]]:
    """The drill-down: the target over each child unit of `unit_id` on `day`, worst first,
    without trends. Children of the measured unit read the rollups on the default day (one
    query); deeper levels and other days are computed."""
    from lantoa.org.models import UnitState

    kind = indicators.REGISTRY[target.indicator]
    children = list(
        UnitState.objects.on(day).filter(parent_id=unit_id).order_by("path").values_list("unit_id", flat=True)
    )
    if not live and unit_id == target.measured_unit_id:
        rows = {r.unit_id: r for r in TargetValue.objects.filter(target=target, on_date=day, unit_id__in=children)}
        found = []
        for child in children:
            row = rows.get(child)
            found.append(
                (child, _progress(target, kind, day, _from_row(row), computed_at=getattr(row, "computed_at", None)))
            )
    else:
        found = [(c, _progress(target, kind, day, indicators.evaluate(target, day, c))) for c in children]
    return sorted(found, key=lambda pair: (pair[1].value is None, pair[1].value or 0.0))


def budget_summary(campaigns: list[Campaign]) -> dict[str, Decimal]:
    totals = [c.budget_totals() for c in campaigns]
    return {
        "estimate": sum((t["estimate"] for t in totals), Decimal(0)),
        "actual": sum((t["actual"] for t in totals), Decimal(0)),
    }
