"""The cascade listens to the union tree: when a unit is merged into another, its pending
tasks go on at the successor (done ones stay its history), and the compliance counts of
every dispatch with tasks in the successor's subtree, whose paths just changed, are rebuilt.
When a unit moves under another parent, the counts of every dispatch with tasks in its
subtree are rebuilt: its tasks leave the old ancestors' counts and join the new ones'."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from lantoa.org import paths
from lantoa.org.actions import unit_merged, unit_moved

from . import compliance
from .models import TaskStatus, UnitTask


def move_pending_tasks(source, target) -> int:
    """The source's pending tasks, now the target's; one the target already has (the same
    dispatch and action) is dropped. Returns the tasks moved."""
    pending = UnitTask.objects.filter(unit=source, status=TaskStatus.PENDING)
    twin = UnitTask.objects.filter(unit=target, dispatch=OuterRef("dispatch"), action=OuterRef("action"))
    pending.filter(Exists(twin)).delete()
    return pending.update(unit=target)


def recount_under(unit) -> int:
    """Rebuild the counts of every dispatch with tasks in `unit`'s subtree."""
    low, high = paths.subtree_bounds(unit.path)
    roots = UnitTask.objects.filter(unit__path__gte=low, unit__path__lt=high).values_list("root_id", flat=True)
    found = sorted(set(roots))
    for root_id in found:
        compliance.recount(root_id)
    return len(found)


def on_unit_merged(sender, *, source, target, **kwargs) -> None:
    move_pending_tasks(source, target)
    recount_under(target)


def on_unit_moved(sender, *, unit, **kwargs) -> None:
    recount_under(unit)


def connect() -> None:
    unit_merged.connect(on_unit_merged, dispatch_uid="lantoa.cascade.move_pending_tasks")
    unit_moved.connect(on_unit_moved, dispatch_uid="lantoa.cascade.recount_moved")
