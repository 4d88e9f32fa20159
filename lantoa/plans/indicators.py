"""The registry of indicator kinds (issue #4 groundwork).

An indicator computes a value for a unit's subtree as of a day from dated rows, so a
dashboard viewed for a past day shows what was true then, and a reorganisation after that
day changes nothing. Apps register their own kinds with `@indicator(...)`; targets and
dashboards (to come) read them through `compute()`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from lantoa.channels.models import Channel, ChannelKind
from lantoa.org.models import UnitState


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
    measure: str  # "count", "percent", "people"
    compute: Callable[..., Value]


REGISTRY: dict[str, IndicatorKind] = {}


def indicator(code: str, *, label: str, measure: str) -> Callable:
    """Register an indicator kind; the function takes (root_state, day, **params)."""

    def register(func: Callable[..., Value]) -> Callable[..., Value]:
        if code in REGISTRY:
            raise ValueError(f"indicator {code!r} is registered twice")
        REGISTRY[code] = IndicatorKind(code, label, measure, func)
        return func

    return register


def compute(code: str, root: UnitState, day: datetime.date, **params) -> Value:
    return REGISTRY[code].compute(root, day, **params)


def units_on(root: UnitState, day: datetime.date, kinds: set[str] | None = None):
    states = UnitState.objects.on(day).in_subtree(root.path)
    return states.filter(unit__kind__in=kinds) if kinds else states


def channels_on(unit_ids, day: datetime.date, *, kinds=None, verified: bool = False):
    """Channels of the units that were active on `day` (and verified by then, if asked)."""
    channels = Channel.objects.filter(unit_id__in=unit_ids)
    channels = channels.filter(Q(active_from__isnull=True) | Q(active_from__lte=day))
    channels = channels.filter(Q(active_to__isnull=True) | Q(active_to__gt=day))
    if kinds:
        channels = channels.filter(kind__in=kinds)
    if verified:
        channels = channels.filter(verified=True, verified_on__lte=day)
    return channels


@indicator("units_with_groups", label=_("Units running social-media groups"), measure="percent")
def units_with_groups(
    root: UnitState,
    day: datetime.date,
    *,
    unit_kinds: set[str],
    required_kinds: tuple[str, ...] = (ChannelKind.FACEBOOK_GROUP, ChannelKind.ZALO_GROUP),
    verified: bool = True,
) -> Value:
    """Share of the units of `unit_kinds` under `root` on `day` that run at least one group
    of each of `required_kinds` (plan 196: every unit at each level runs 2 groups, one on
    Facebook and one on Zalo)."""
    unit_ids = list(units_on(root, day, unit_kinds).values_list("unit_id", flat=True))
    present: dict[int, set[str]] = defaultdict(set)
    rows = channels_on(unit_ids, day, kinds=required_kinds, verified=verified).values_list("unit_id", "kind")
    for unit_id, kind in rows:
        present[unit_id].add(kind)
    meeting = sum(1 for unit_id in unit_ids if set(required_kinds) <= present[unit_id])
    share = 100.0 * meeting / len(unit_ids) if unit_ids else 0.0
    lagging = sorted(set(unit_ids) - {u for u in unit_ids if set(required_kinds) <= present[u]})
    return Value(round(share, 1), meeting, len(unit_ids), {"lagging_unit_ids": lagging})


@indicator("panels_in_industrial_parks", label=_("Panels in industrial parks"), measure="count")
def panels_in_industrial_parks(root: UnitState, day: datetime.date) -> Value:
    """Outdoor panels active on `day` in the subtrees of industrial-park unions under `root`."""
    parks = units_on(root, day, {"industrial_park"}).values_list("path", flat=True)
    unit_ids: set[int] = set()
    for path in parks:
        unit_ids |= set(UnitState.objects.on(day).in_subtree(path).values_list("unit_id", flat=True))
    return Value(float(channels_on(unit_ids, day, kinds=[ChannelKind.OUTDOOR_PANEL]).count()))


@indicator("reach", label=_("Reach (members and followers)"), measure="people")
def reach(root: UnitState, day: datetime.date) -> Value:
    """Members and followers of the subtree's channels active on `day`, as last counted by then."""
    unit_ids = units_on(root, day).values_list("unit_id", flat=True)
    counted = channels_on(unit_ids, day).filter(audience_counted_on__lte=day)
    return Value(float(counted.aggregate(total=Sum("audience_count"))["total"] or 0))
