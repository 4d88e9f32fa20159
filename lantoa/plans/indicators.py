"""The registry of indicator kinds: the one place figures of targets come from.

An indicator computes a value for a unit's subtree as of a day from dated rows, so a
dashboard viewed for a past day shows what was true then, and a reorganisation after that
day changes nothing. Every app registers its own kinds with `@indicator(...)` in a module
imported by its AppConfig.ready(); targets, dashboards, exports and the API read them
through `compute()` and `evaluate()`.

    @indicator("articles_published", label=_("Articles published"), measure="count",
               depends_on=("content.Article",), dates=("published_at",))
    def articles_published(root, day, **params) -> Value: ...

`depends_on` names the models whose changes make rollups of the kind stale, `dates`
the fields of those rows that say from which day on (see `lantoa.plans.rollups`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from lantoa.channels.models import VERDICTS, Channel, ChannelEvent, ChannelEventKind, ChannelKind
from lantoa.org import paths
from lantoa.org.models import Unit, UnitState

LAGGING_SHOWN = 500


@dataclass(frozen=True)
class Value:
    """A computed figure: `value`, and for shares the `numerator`/`denominator` behind it."""

    value: float
    numerator: int | None = None
    denominator: int | None = None
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorKind:
    code: str
    label: str  # lazily translated
    measure: str  # "count", "percent", "people", "money"
    compute: Callable[..., Value]
    uses_target: bool = False
    depends_on: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    # Settings a target must give (name → lazily translated description), for forms and the API.
    params: dict = field(default_factory=dict)
    # Whether the figure can be read per child unit (a hand-entered total cannot).
    drills_down: bool = True
    # Settings chosen from a list (name → [(value, lazily translated label)]): the target
    # form offers them (TargetForm's "setting") and requires one for this kind. A setting
    # naming rows of a plan (a campaign) gives instead a function of the plans a target may
    # belong to, returning that list; it is read when the form is built (`options_of`).
    param_choices: dict = field(default_factory=dict)


REGISTRY: dict[str, IndicatorKind] = {}


def indicator(
    code: str,
    *,
    label: str,
    measure: str,
    uses_target: bool = False,
    depends_on: tuple[str, ...] = (),
    dates: tuple[str, ...] = (),
    params: dict | None = None,
    drills_down: bool = True,
    param_choices: dict | None = None,
) -> Callable:
    """Register an indicator kind. The function takes (root_state, day, **params) and,
    with `uses_target`, also `target=` (for kinds that read the target's own rows)."""

    def register(func: Callable[..., Value]) -> Callable[..., Value]:
        if code in REGISTRY:
            raise ValueError(f"indicator {code!r} is registered twice")
        REGISTRY[code] = IndicatorKind(
            code, label, measure, func, uses_target, depends_on, dates, params or {}, drills_down, param_choices or {}
        )
        return func

    return register


def choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in REGISTRY.values()]


SETTING_SEPARATOR = "="


def options_of(kind: IndicatorKind, name: str, plans=None) -> list[tuple[str, str]]:
    """The values offered for `kind`'s listed setting `name`: its fixed list, or for a
    setting naming rows of a plan, those of `plans` (a queryset of the plans a target may
    belong to; none offered without it). Values are strings, as the form posts them."""
    options = kind.param_choices[name]
    if callable(options):
        options = options(plans) if plans is not None else []
    return [(str(value), shown) for value, shown in options]


def setting_choices(plans=None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every listed setting of every kind, grouped under the setting's description; each
    value is "name=value" (one form field serves every kind). `plans`: see `options_of`."""
    groups: dict[str, tuple[str, list, set]] = {}
    for kind in REGISTRY.values():
        for name in kind.param_choices:
            _label, values, seen = groups.setdefault(name, (kind.params.get(name, name), [], set()))
            for value, shown in options_of(kind, name, plans):
                if value not in seen:  # a campaign list may run to thousands: no scan per value
                    seen.add(value)
                    values.append((f"{name}{SETTING_SEPARATOR}{value}", shown))
    return [(label, values) for label, values, _seen in groups.values() if values]


def compute(code: str, root: UnitState, day: datetime.date, *, target=None, **params) -> Value:
    kind = REGISTRY[code]
    if kind.uses_target:
        params["target"] = target
    return kind.compute(root, day, **params)


def evaluate(target, day: datetime.date, unit_id: int | None = None) -> Value | None:
    """A target's value over `unit_id`'s subtree (default: the unit it is measured over)
    as of `day`; None when that unit did not exist on that day."""
    root = UnitState.objects.on(day).filter(unit_id=unit_id or target.measured_unit_id).first()
    if root is None:
        return None
    return compute(target.indicator, root, day, target=target, **target.params)


def units_on(root: UnitState, day: datetime.date, kinds=None):
    """Unit states of `root`'s subtree on `day`, optionally of some unit kinds. The kind is
    checked per row (EXISTS) so the planner starts from the path range, not from every
    unit of that kind in the country."""
    states = UnitState.objects.on(day).in_subtree(root.path)
    if not kinds:
        return states
    return states.filter(Exists(Unit.objects.filter(pk=OuterRef("unit_id"), kind__in=list(kinds))))


def unit_ids_in_subtree(root: UnitState, day: datetime.date):
    """The ids of the units in `root`'s subtree on `day`, as a subquery."""
    return UnitState.objects.on(day).in_subtree(root.path).values("unit_id")


def latest_event_on(day: datetime.date, kinds, field: str = "kind"):
    """`field` of each channel's latest event of `kinds` on or before `day` (a subquery on
    the outer channel)."""
    events = ChannelEvent.objects.filter(channel=OuterRef("pk"), kind__in=list(kinds), on_date__lte=day)
    return Subquery(events.order_by("-on_date", "-pk").values(field)[:1])


def active_channels(day: datetime.date, *, kinds=None, verified: bool = False):
    """Channels active on `day` (and, if asked, verified as of that day: their latest
    verdict event by then is a verification, so a later un-verification leaves it)."""
    channels = Channel.objects.filter(Q(active_from__isnull=True) | Q(active_from__lte=day))
    channels = channels.filter(Q(active_to__isnull=True) | Q(active_to__gt=day))
    if kinds:
        channels = channels.filter(kind__in=list(kinds))
    if verified:
        channels = channels.alias(verdict=latest_event_on(day, VERDICTS)).filter(verdict=ChannelEventKind.VERIFIED)
    return channels


def channels_in_subtree(root: UnitState, day: datetime.date, **filters):
    """Active channels of the units that were in `root`'s subtree on `day` (a subquery on
    the path range, no id lists)."""
    return active_channels(day, **filters).filter(unit_id__in=unit_ids_in_subtree(root, day))


# Channel figures read the channel rows (active days) and their dated events.
CHANNEL_MODELS = ("channels.Channel", "channels.ChannelEvent", "org.UnitState")
CHANNEL_DATES = ("active_from", "active_to", "verified_on", "audience_counted_on", "on_date")


@indicator(
    "units_with_groups",
    label=_("Units running social-media groups"),
    measure="percent",
    depends_on=CHANNEL_MODELS,
    dates=CHANNEL_DATES,
    params={"unit_kinds": _("unit kinds counted"), "required_kinds": _("group kinds each unit must run")},
)
def units_with_groups(
    root: UnitState,
    day: datetime.date,
    *,
    unit_kinds,
    required_kinds=(ChannelKind.FACEBOOK_GROUP, ChannelKind.ZALO_GROUP),
    verified: bool = True,
) -> Value:
    """Share of the units of `unit_kinds` under `root` on `day` that run at least one group
    of each of `required_kinds` (plan 196: every unit at each level runs 2 groups, one on
    Facebook and one on Zalo, checked early 2021)."""
    states = units_on(root, day, unit_kinds)
    meets = Q()
    for kind in required_kinds:
        group = active_channels(day, kinds=[kind], verified=verified).filter(unit_id=OuterRef("unit_id"))
        meets &= Q(Exists(group))
    counts = states.aggregate(total=Count("pk"), meeting=Count("pk", filter=meets))
    total, meeting = counts["total"], counts["meeting"]
    lagging = list(states.exclude(meets).order_by("path").values_list("unit_id", flat=True)[:LAGGING_SHOWN])
    share = 100.0 * meeting / total if total else 0.0
    return Value(round(share, 1), meeting, total, {"lagging_unit_ids": sorted(lagging), "lagging": total - meeting})


@indicator(
    "panels_in_industrial_parks",
    label=_("Panels in industrial parks"),
    measure="count",
    depends_on=CHANNEL_MODELS,
    dates=CHANNEL_DATES,
)
def panels_in_industrial_parks(root: UnitState, day: datetime.date) -> Value:
    """Outdoor panels active on `day` in the subtrees of industrial-park unions under `root`."""
    parks = list(units_on(root, day, {"industrial_park"}).values_list("path", flat=True))
    in_parks = Q(pk__in=[])
    for path in parks:
        low, high = paths.subtree_bounds(path)
        in_parks |= Q(path__gte=low, path__lt=high)
    unit_states = UnitState.objects.on(day).filter(in_parks).filter(unit_id=OuterRef("unit_id"))
    panels = active_channels(day, kinds=[ChannelKind.OUTDOOR_PANEL]).filter(Exists(unit_states))
    return Value(float(panels.count()))


@indicator(
    "reach",
    label=_("Reach (members and followers)"),
    measure="people",
    depends_on=CHANNEL_MODELS,
    dates=CHANNEL_DATES,
)
def reach(root: UnitState, day: datetime.date) -> Value:
    """Members and followers of the subtree's channels active on `day`, as last counted by then."""
    counted = channels_in_subtree(root, day).annotate(
        counted=latest_event_on(day, [ChannelEventKind.AUDIENCE_COUNTED], "audience")
    )
    return Value(float(counted.aggregate(total=Sum("counted"))["total"] or 0))


def plan_family(plan) -> list[int]:
    """A plan and every plan adopted from it, at any depth (lower units' own versions);
    remembered on the plan object for the rest of its life (one rollup refresh)."""
    from .models import Plan

    cached = getattr(plan, "_family", None)
    if cached is not None:
        return cached
    found, frontier = {plan.pk}, {plan.pk}
    while frontier:
        frontier = set(Plan.objects.filter(adopted_from__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    plan._family = sorted(found)
    return plan._family


def campaigns_in_subtree(root: UnitState, day: datetime.date, target=None):
    from .models import Campaign

    units = unit_ids_in_subtree(root, day)
    # A campaign moved by a merge counts for the unit it came from before the move.
    held_now = Q(unit_id__in=units) & (Q(moved_on__isnull=True) | Q(moved_on__lte=day))
    held_then = Q(moved_from_id__in=units, moved_on__gt=day)
    campaigns = Campaign.objects.filter(held_now | held_then)
    if target is not None:
        campaigns = campaigns.filter(plan_id__in=plan_family(target.plan))
    return campaigns


@indicator(
    "campaigns_run",
    label=_("Campaigns run"),
    measure="count",
    uses_target=True,
    depends_on=("plans.Campaign", "org.UnitState"),
    dates=("start_date", "first_published_at"),
)
def campaigns_run(root: UnitState, day: datetime.date, *, target=None) -> Value:
    """Campaigns of the target's plan (and plans adopted from it) organised in the subtree,
    approved by `day` and started by then."""
    started = campaigns_in_subtree(root, day, target).approved_by(day).filter(start_date__lte=day)
    ids = list(started.order_by("start_date").values_list("pk", flat=True))
    return Value(float(len(ids)), details={"campaign_ids": ids})


@indicator(
    "budget_spent",
    label=_("Budget spent (share of the estimate)"),
    measure="percent",
    uses_target=True,
    depends_on=("plans.BudgetLine", "plans.Campaign", "org.UnitState"),
    dates=("spent_on", "first_published_at"),
)
def budget_spent(root: UnitState, day: datetime.date, *, target=None) -> Value:
    """Spending recorded by `day` against the estimates of the approved campaigns."""
    from .models import BudgetLine

    campaigns = campaigns_in_subtree(root, day, target).approved_by(day)
    totals = BudgetLine.objects.filter(campaign__in=campaigns).aggregate(
        estimate=Sum("estimate"), spent=Sum("actual", filter=Q(spent_on__lte=day))
    )
    estimate, spent = totals["estimate"] or 0, totals["spent"] or 0
    share = 100.0 * float(spent) / float(estimate) if estimate else 0.0
    return Value(round(share, 1), int(spent), int(estimate), {"planned": int(estimate), "spent": int(spent)})


@indicator(
    "manual",
    label=_("Entered by hand, with evidence"),
    measure="count",
    uses_target=True,
    depends_on=("plans.ManualValue",),
    dates=("on_date",),
    drills_down=False,
)
def manual(root: UnitState, day: datetime.date, *, target=None) -> Value:
    """The latest figure entered for the target on or before `day`."""
    row = target.manual_values.filter(on_date__lte=day).order_by("-on_date", "-pk").first() if target else None
    if row is None:
        return Value(0.0, details={"entered": False})
    return Value(
        float(row.value), details={"entered": True, "on_date": row.on_date.isoformat(), "evidence": row.evidence}
    )
