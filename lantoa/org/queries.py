"""Reads over the union tree, as of any day, all scoped. None grows with the tree's depth:
a subtree is one range of materialised paths."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import Substr

from lantoa.vi.search import filter_folded
from lantoa.vi.text import sort_key

from . import paths, scope
from .models import UnitState

# Boards first, then upper-level unions, then grassroots unions; by name within a kind.
KIND_ORDER = {
    "board": 0,
    "district": 1,
    "commune": 1,
    "industrial_park": 2,
    "sector": 3,
    "corporation": 3,
    "provincial": 4,
    "grassroots": 5,
}


@dataclass
class TreeRow:
    state: UnitState
    units: int
    members: int
    workers: int
    female_members: int


def subtree_totals(path: str, day: datetime.date) -> dict[str, int]:
    """Units, members, workers and female members of the subtree at `path` on `day`."""
    totals = (
        UnitState.objects.on(day)
        .in_subtree(path)
        .aggregate(
            units=Count("id"),
            members=Sum("member_count"),
            workers=Sum("worker_count"),
            female_members=Sum("female_member_count"),
        )
    )
    return {k: v or 0 for k, v in totals.items()}


def state_on(user, unit_id: int, day: datetime.date) -> UnitState | None:
    return scope.visible_states(user, on=day).filter(unit_id=unit_id).select_related("unit").first()


def top_states(user, day: datetime.date) -> list[UnitState]:
    """The highest visible units on `day`: the roots of the user's tree view."""
    states = list(scope.visible_states(user, on=day).order_by("depth", "path").select_related("unit")[:2000])
    roots: list[UnitState] = []
    for state in states:
        if not any(state.path.startswith(r.path) for r in roots):
            roots.append(state)
    return roots


def children_with_totals(user, parent: UnitState, day: datetime.date) -> list[TreeRow]:
    """The units directly under `parent` on `day`, each with its subtree's totals (2 queries).

    `units` counts the units below each child; the counts include the child's own."""
    width = len(parent.path) + paths.SEGMENT
    in_subtree = scope.visible_states(user, on=day).in_subtree(parent.path)
    children = sorted(
        in_subtree.filter(depth=parent.depth + 1).select_related("unit"),
        key=lambda state: (KIND_ORDER.get(state.unit.kind, 99), sort_key(state.name)),
    )
    grouped = (
        in_subtree.filter(depth__gt=parent.depth)
        .annotate(branch=Substr("path", 1, width))
        .values("branch")
        .annotate(
            units=Count("id"),
            members=Sum("member_count"),
            workers=Sum("worker_count"),
            female_members=Sum("female_member_count"),
        )
    )
    by_branch = {row["branch"]: row for row in grouped}
    rows = []
    for child in children:
        totals = by_branch.get(child.path, {})
        rows.append(
            TreeRow(
                state=child,
                units=max((totals.get("units") or 1) - 1, 0),
                members=totals.get("members") or 0,
                workers=totals.get("workers") or 0,
                female_members=totals.get("female_members") or 0,
            )
        )
    return rows


def find_on(user, query: str, day: datetime.date, *, limit: int = 50) -> list[UnitState]:
    """Units whose name, code or employer matches `query` (diacritics and case ignored),
    as they were on `day`."""
    states = filter_folded(scope.visible_states(user, on=day), query, ("unit__search_text",))
    return list(states.select_related("unit").order_by("unit__sort_name")[:limit])


def ancestors_on(user, state: UnitState, day: datetime.date) -> list[UnitState]:
    ids = paths.ancestor_ids(state.path)[:-1]
    found = {s.unit_id: s for s in scope.visible_states(user, on=day).filter(unit_id__in=ids)}
    return [found[i] for i in ids if i in found]


def unit_of_collection(collection):
    """The unit whose collection holds `collection` (nearest first), or None for shared ones."""
    from .models import Unit

    owners = {u.collection_id: u for u in Unit.objects.filter(collection__in=collection.get_ancestors(inclusive=True))}
    for candidate in reversed(list(collection.get_ancestors(inclusive=True))):
        if candidate.pk in owners:
            return owners[candidate.pk]
    return None
