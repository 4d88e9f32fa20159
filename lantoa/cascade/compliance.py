"""Compliance counts of a root dispatch per subtree (`ComplianceCount`), and their reads.

`recount` rebuilds a root's rows from its tasks (the fan-out, a repair); `shift` moves the
rows of one unit and its ancestors (a mark, a relay): at most the tree's depth in updates.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from lantoa.org import paths
from lantoa.org.models import Unit

from .models import ComplianceCount, Dispatch, TaskStatus, UnitTask

FIELDS = ("total", "done", "done_late", "not_applicable")
CHUNK = 5000


def counted_tasks(root_id: int):
    return UnitTask.objects.filter(root_id=root_id).exclude(status=TaskStatus.RELAYED)


def task_fields(status: str, done_on, due_on) -> dict[str, int]:
    """What one task adds to the counts of its unit and of every unit above it."""
    if status == TaskStatus.RELAYED:
        return {}
    late = status == TaskStatus.DONE and done_on is not None and done_on > due_on
    return {
        "total": 1, "done": int(status == TaskStatus.DONE), "done_late": int(late),
        "not_applicable": int(status == TaskStatus.NOT_APPLICABLE),
    }  # fmt: skip


def recount(root_id: int) -> int:
    """Rebuild the root's counts from its tasks, in the database (`bulk.insert_counts`);
    returns the rows written."""
    from . import bulk

    with transaction.atomic():
        ComplianceCount.objects.filter(root_id=root_id).delete()
        bulk.insert_counts(root_id)
    return ComplianceCount.objects.filter(root_id=root_id).count()


def shift(root_id: int, unit_path: str, due_on: datetime.date, deltas: dict[str, int]) -> None:
    """Add `deltas` to the counts of the unit at `unit_path` and of every unit above it."""
    add(root_id, due_on, dict.fromkeys(paths.ancestor_ids(unit_path), deltas))


def add(root_id: int, due_on: datetime.date, by_unit: dict[int, dict[str, int]]) -> None:
    """Add each unit's deltas to its row of (root, due day), made when missing: updates for
    the rows that exist (a mark: the tree's depth of them), one insert for the rest."""
    by_unit = {pk: {f: v for f, v in deltas.items() if v} for pk, deltas in by_unit.items()}
    by_unit = {pk: deltas for pk, deltas in by_unit.items() if deltas}
    ids = list(by_unit)
    present: set[int] = set()
    for start in range(0, len(ids), 900):
        present.update(
            ComplianceCount.objects.filter(
                root_id=root_id, due_on=due_on, unit_id__in=ids[start : start + 900]
            ).values_list("unit_id", flat=True)
        )
    for pk in present:
        ComplianceCount.objects.filter(root_id=root_id, due_on=due_on, unit_id=pk).update(
            **{field: F(field) + value for field, value in by_unit[pk].items()}
        )
    ComplianceCount.objects.bulk_create(
        [ComplianceCount(root_id=root_id, unit_id=pk, due_on=due_on, **by_unit[pk]) for pk in ids if pk not in present],
        batch_size=CHUNK,
    )


def change(task: UnitTask, unit_path: str, old: dict[str, int]) -> None:
    """Move the counts from what the task counted (`old`) to what it counts now."""
    new = task_fields(task.status, task.done_on, task.due_on)
    shift(task.root_id, unit_path, task.due_on, {f: new.get(f, 0) - old.get(f, 0) for f in FIELDS})


@dataclass(frozen=True)
class Compliance:
    """Tasks of one subtree for one root dispatch as of `day`."""

    total: int
    done: int
    done_late: int
    not_applicable: int
    late: int  # pending past their due day

    @property
    def pending(self) -> int:
        return self.total - self.done - self.not_applicable

    @property
    def on_time(self) -> int:
        return self.done - self.done_late

    @property
    def done_percent(self) -> float:
        """Done or not applicable, of all: what the unit has settled."""
        return 100.0 * (self.done + self.not_applicable) / self.total if self.total else 0.0


def summarize(rows, day: datetime.date) -> Compliance:
    total = done = done_late = na = late = 0
    for row in rows:
        total, done, done_late, na = (
            total + row.total,
            done + row.done,
            done_late + row.done_late,
            na + row.not_applicable,
        )
        if row.due_on < day:
            late += row.total - row.done - row.not_applicable
    return Compliance(total, done, done_late, na, late)


def compliance_of(root: Dispatch, unit_id: int, day: datetime.date | None = None) -> Compliance:
    """The root dispatch's tasks in the unit's subtree."""
    day = day or timezone.localdate()
    return summarize(ComplianceCount.objects.filter(root=root, unit_id=unit_id), day)


def compliance_of_children(root: Dispatch, unit_id: int, day: datetime.date | None = None) -> dict[int, Compliance]:
    """Each unit directly below `unit_id` that has tasks of the root, with its subtree's figures."""
    day = day or timezone.localdate()
    by_unit: dict[int, list] = defaultdict(list)
    children = Unit.objects.filter(parent_id=unit_id).values("pk")  # the (root, unit, day) index, not a scan
    for row in ComplianceCount.objects.filter(root=root, unit_id__in=children):
        by_unit[row.unit_id].append(row)
    return {pk: summarize(rows, day) for pk, rows in by_unit.items()}


def totals(root: Dispatch) -> dict[str, int]:
    """The root's own figures summed over due days (for a quick check)."""
    return ComplianceCount.objects.filter(root=root, unit_id=root.sender_unit_id).aggregate(
        **{field: Sum(field) for field in FIELDS}
    )
