"""Rollup triggers: a change to a row an indicator reads refreshes the targets above it.

Each indicator kind names the models it reads (`depends_on`) and the date fields that say
from which day a row counts (`dates`). On save or delete of such a row, the targets whose
measured unit lies above the row's unit are refreshed from the earliest of those dates,
old and new, in a task enqueued when the transaction commits.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import threading

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from lantoa.lib import batches
from lantoa.org import paths

from . import indicators

_state = threading.local()


@contextlib.contextmanager
def rollups_paused():
    """Bulk loaders (the demo) pause the triggers and call `rebuild_rollups()` after."""
    _state.paused = getattr(_state, "paused", 0) + 1
    try:
        yield
    finally:
        _state.paused -= 1


def _refresh_batch(pending: dict) -> None:
    """Inside `lantoa.lib.batches.bulk_changes()`: the targets the saves touched, refreshed
    once from the earliest day any of them changed."""
    if pending.get("targets"):
        days = pending["days"]
        _enqueue_refresh(sorted(pending["targets"]), None if None in days else min(days).isoformat(), None)


def _enqueue_refresh(targets: list[int], day: str | None, unit_id: int | None) -> None:
    from .tasks import refresh_targets

    transaction.on_commit(lambda: refresh_targets.enqueue(targets, day, unit_id))


@functools.cache
def _watched() -> dict[type, set[str]]:
    """Model class → the date fields that matter to some indicator reading it."""
    found: dict[type, set[str]] = {}
    for kind in indicators.REGISTRY.values():
        for label in kind.depends_on:
            model = apps.get_model(label)
            fields = {f.name for f in model._meta.concrete_fields}
            found.setdefault(model, set()).update(d for d in kind.dates if d in fields)
    return found


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _unit_id(instance) -> int | None:
    """The unit whose rows changed, for a refresh limited to the rows above it; None when
    the change reaches further (the tree itself, a row moved to another unit)."""
    from .models import BudgetLine

    if isinstance(instance, BudgetLine):
        instance = instance.campaign
    unit_id = getattr(instance, "unit_id", None)
    if hasattr(instance, "valid_from") and hasattr(instance, "path"):  # a UnitState: the tree changed
        return None
    if getattr(instance, "_rollup_old_unit", unit_id) != unit_id:
        return None
    return unit_id


def _unit_path(instance) -> str | None:
    from .models import BudgetLine

    if isinstance(instance, BudgetLine):
        instance = instance.campaign
    if hasattr(instance, "path") and hasattr(instance, "valid_from"):  # a UnitState
        return instance.path
    unit = getattr(instance, "unit", None)
    if unit is not None:
        return unit.path
    unit_id = getattr(instance, "unit_id", None)  # a row that reaches its unit through another (a publication)
    if unit_id is None:
        return None
    from lantoa.org.models import Unit

    return Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first()


def affected_targets(instance):
    """Targets reading `instance`'s model whose measured subtree contains its unit."""
    from .models import ManualValue, Target

    if isinstance(instance, ManualValue):
        return Target.objects.filter(pk=instance.target_id)
    label = instance._meta.label
    codes = [k.code for k in indicators.REGISTRY.values() if label in k.depends_on]
    path = _unit_path(instance)
    if not codes or path is None:
        return Target.objects.none()
    above = paths.ancestor_ids(path)
    old_unit = getattr(instance, "_rollup_old_unit", None)
    if old_unit is not None and old_unit != getattr(instance, "unit_id", old_unit):
        from lantoa.org.models import Unit

        old_path = Unit.objects.filter(pk=old_unit).values_list("path", flat=True).first()
        above += paths.ancestor_ids(old_path) if old_path else []  # the targets it left count it no more
    return Target.objects.filter(indicator__in=codes).filter(
        Q(unit_id__in=above) | Q(unit__isnull=True, plan__issuing_unit_id__in=above)
    )


def _earliest(instance, fields: set[str]) -> datetime.date | None:
    days = [_as_date(getattr(instance, f, None)) for f in fields]
    days += getattr(instance, "_rollup_old_dates", [])
    days = [d for d in days if d is not None]
    return min(days) if days else None


def remember_old_dates(sender, instance, **kwargs):
    fields = _watched().get(sender)
    if not fields or instance.pk is None:
        return
    has_unit = any(f.name == "unit" for f in sender._meta.concrete_fields)
    old = sender._base_manager.filter(pk=instance.pk).values(*fields, *(["unit_id"] if has_unit else [])).first() or {}
    if has_unit and old:
        instance._rollup_old_unit = old.pop("unit_id")
    instance._rollup_old_dates = [_as_date(v) for v in old.values() if v is not None]


def schedule_refresh(sender, instance, **kwargs):
    if getattr(_state, "paused", 0):
        return
    fields = _watched().get(sender)
    if fields is None:
        return
    targets = [t.pk for t in affected_targets(instance)]
    if not targets:
        return
    earliest = _earliest(instance, fields)
    batch = batches.current()
    if batch is not None:
        pending = batch.collect("plans.rollups", _refresh_batch)
        pending.setdefault("targets", set()).update(targets)
        pending.setdefault("days", set()).add(earliest)
        return
    _enqueue_refresh(targets, earliest.isoformat() if earliest else None, _unit_id(instance))


def connect() -> None:
    """Listen to every model: apps loaded after this one register indicators too, so the
    watched models are known only once all apps are ready (`_watched` is read lazily)."""
    pre_save.connect(remember_old_dates, dispatch_uid="plans-rollups-pre")
    post_save.connect(schedule_refresh, dispatch_uid="plans-rollups-save")
    post_delete.connect(schedule_refresh, dispatch_uid="plans-rollups-delete")
