"""A plan's progress as of a day: the one set of figures the dashboard, the exports and
the API show.

Today's figures (the plan's default view day) come from the rollups kept by tasks; any
other day is computed from source rows, so it replays what was true then. Campaigns
count only once approved, and as of the day: a campaign approved later is not there,
spending counts from the day it was spent, the people reached from the day the campaign
was closed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lantoa.vi import formats

from . import indicators, queries, rollups
from .models import BudgetLine, Campaign, CampaignState, Plan, Target, TargetValue

DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


class Status:
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NO_DATA = "no_data"
    NOT_APPLICABLE = "not_applicable"  # nothing to count: no unit of the kinds, no estimate

    LABELS = {
        MET: _("Met"),
        ON_TRACK: _("On track"),
        BEHIND: _("Behind"),
        MISSED: _("Missed"),
        NO_DATA: _("Not computed yet"),
        NOT_APPLICABLE: _("Not applicable"),
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


@dataclass(frozen=True)
class CampaignFigures:
    """One approved campaign as of a day: its state then, its estimate, the spending
    recorded by then and the people reached once it was closed by then."""

    campaign: Campaign
    state: str
    estimate: Decimal
    actual: Decimal
    people_reached: int | None
    cost_per_reach: Decimal | None

    @property
    def state_label(self) -> str:
        return str(CampaignState(self.state).label)


@dataclass
class PlanProgress:
    plan: Plan
    day: datetime.date
    live: bool
    targets: list[TargetProgress]
    campaigns: list[Campaign]  # approved by `day`, those the viewer may see
    campaign_rows: list[CampaignFigures] = field(default_factory=list)  # the same, with their figures
    budget: dict[str, Decimal] = field(default_factory=dict)  # the whole plan's, as of `day`

    @property
    def key_message(self):
        return self.plan.key_message_on(self.day)


def parse_day(raw: str, today: datetime.date | None = None) -> datetime.date:
    """A day figures are asked for, as typed on a screen (`?ngay=`) or sent to the API
    (`as_of`): dd/mm/yyyy or YYYY-MM-DD, up to today. Raises ValidationError with the
    message both show."""
    text = raw.strip()
    for day_format in DAY_FORMATS:
        try:
            day = datetime.datetime.strptime(text, day_format).date()
            break
        except ValueError:
            continue
    else:
        refused = gettext("“%(value)s” is not a date: write it as YYYY-MM-DD or dd/mm/yyyy.")
        raise ValidationError(refused % {"value": raw[:40]})
    if day > (today or timezone.localdate()):
        raise ValidationError(
            gettext("%(day)s is in the future: figures exist up to today only.") % {"day": formats.date(day)}
        )
    return day


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
    nothing_to_count = computed is not None and computed.denominator == 0
    return TargetProgress(
        target=target,
        kind=kind,
        day=day,
        value=value,
        numerator=computed.numerator if computed else None,
        denominator=computed.denominator if computed else None,
        details=computed.details if computed else {},
        status=Status.NOT_APPLICABLE if nothing_to_count else status_of(target, value, day),
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


def plan_progress(plan: Plan, day: datetime.date | None = None, *, viewer=None) -> PlanProgress:
    """Every target of the plan with its value and status as of `day` (default: the
    plan's default day, read from rollups; another day is computed live), the campaigns
    approved by then with their figures of that day, and the plan's budget then. With
    `viewer`, the campaigns listed are those the viewer sees (`queries.campaigns_seen_by`);
    targets and budget stay plan-wide."""
    default = default_day(plan)
    day = day or default
    live = day != default
    targets = [target_progress(t, day, live=live) for t in plan_targets(plan)]
    campaigns = approved_campaigns(plan, day)
    if viewer is not None:
        campaigns = queries.campaigns_seen_by(viewer, campaigns)
    campaigns = list(campaigns.select_related("unit", "theme").prefetch_related("budget_lines"))
    return PlanProgress(
        plan=plan,
        day=day,
        live=live,
        targets=targets,
        campaigns=campaigns,
        campaign_rows=[campaign_figures(c, day) for c in campaigns],
        budget=plan_budget(plan, day),
    )


def plan_targets(plan: Plan) -> list[Target]:
    """The plan's targets holding this very plan object, so what is remembered on it (its
    end, its family of adopted plans) is looked up once per request, not once per target."""
    targets = list(plan.targets.select_related("unit"))
    for target in targets:
        target.plan = plan
    return targets


def approved_campaigns(plan: Plan, day: datetime.date):
    """The plan's campaigns approved by `day`: drafts, ones waiting, sent back or rejected
    count nowhere."""
    return Campaign.objects.filter(plan=plan).approved_by(day)


def spent_by(line: BudgetLine, day: datetime.date) -> Decimal:
    if line.actual is None or line.spent_on is None or line.spent_on > day:
        return Decimal(0)
    return line.actual


def campaign_figures(campaign: Campaign, day: datetime.date) -> CampaignFigures:
    """A campaign's figures as of `day`, from its (prefetched) budget lines."""
    lines = list(campaign.budget_lines.all())
    actual = sum((spent_by(line, day) for line in lines), Decimal(0))
    closed = campaign.closed_on is not None and campaign.closed_on <= day
    reached = campaign.people_reached if closed else None
    return CampaignFigures(
        campaign=campaign,
        state=campaign.state_on(day),
        estimate=sum((line.estimate or Decimal(0) for line in lines), Decimal(0)),
        actual=actual,
        people_reached=reached,
        cost_per_reach=(actual / reached).quantize(Decimal("1")) if reached and actual else None,
    )


def plan_budget(plan: Plan, day: datetime.date) -> dict[str, Decimal]:
    """The estimates of the plan's campaigns approved by `day` and the spending recorded by then."""
    lines = BudgetLine.objects.filter(campaign__in=approved_campaigns(plan, day))
    totals = lines.aggregate(
        estimate=Sum("estimate"), actual=Sum("actual", filter=Q(spent_on__lte=day, actual__isnull=False))
    )
    return {key: totals[key] or Decimal(0) for key in ("estimate", "actual")}


def covers(item: TargetProgress) -> bool:
    """Whether a target covers the unit of `item`: a target over some kinds of unit does
    not cover a unit with none of them in its subtree."""
    return not (item.target.params.get("unit_kinds") and item.denominator == 0)


def _worst_first(pair: tuple[int, TargetProgress]) -> tuple:
    item = pair[1]
    return (item.status == Status.NOT_APPLICABLE, item.value is None, item.value or 0.0)


def child_progress(target: Target, unit_id: int, day: datetime.date, *, live: bool) -> list[tuple[int, TargetProgress]]:
    """The drill-down: the target over each child unit of `unit_id` on `day` that it
    covers, worst first (units with nothing to count last), without trends. Children of
    the measured unit read the rollups on the default day (one query); deeper levels and
    other days are computed."""
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
    return sorted([pair for pair in found if covers(pair[1])], key=_worst_first)


def budget_summary(campaigns: list[Campaign], day: datetime.date | None = None) -> dict[str, Decimal]:
    """Estimates and spending of `campaigns`; with `day`, only the spending recorded by then."""
    day = day or datetime.date.max
    rows = [campaign_figures(campaign, day) for campaign in campaigns]
    return {
        "estimate": sum((row.estimate for row in rows), Decimal(0)),
        "actual": sum((row.actual for row in rows), Decimal(0)),
    }
