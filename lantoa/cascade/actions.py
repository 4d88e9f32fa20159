"""What staff and officers do in the cascade: dispatch, relay, mark a task done or not
applicable. Each runs in one transaction; the fan-out of a dispatch is a background task
(`tasks.fan_out_dispatch`) that inserts the tasks in chunks."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.org import paths, scope
from lantoa.org.models import Unit

from . import bulk, compliance, evidence, notices
from .models import Action, Dispatch, DispatchStatus, TaskStatus, UnitTask
from .targets import target_units

CHUNK = 5000
DISPATCH = "cascade.add_dispatch"
ACT = "cascade.change_unittask"


def dispatch_key(sender_id: int, *, article_id, campaign_id, parent_id, actions, targets, duty=None) -> str:
    """The same content, sent by the same unit to the same targets for the same actions, is
    one dispatch whatever its due day or note. A plan's duty (`duty`: plan, responsibility,
    title) is the same work only under the same title: "the first quarter's report" and "the
    second's" are two."""
    basis = [sender_id, article_id, campaign_id, parent_id, sorted(actions), targets]
    if duty is not None:
        basis.append(["plan", *duty])
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()


def clean_actions(actions) -> list[str]:
    chosen = sorted(set(actions or []))
    if not chosen:
        raise ValidationError(_("Choose at least one action for the units."))
    unknown = [action for action in chosen if action not in Action.values]
    if unknown:
        raise ValidationError(_("Unknown action: %(actions)s.") % {"actions": ", ".join(unknown)})
    return chosen


def do_dispatch(
    *, sender: Unit, actor, title: str, actions, due_on: datetime.date, targets: dict, note: str = "",
    article=None, campaign=None,
) -> tuple[Dispatch, bool]:  # fmt: skip
    """Send content down from `sender`; returns (the dispatch, whether it is new). The tasks
    are made by the background fan-out once this commits."""
    scope.require_perm(actor, DISPATCH, sender.pk, _("dispatches"))
    if due_on < timezone.localdate():
        raise ValidationError(_("The due day cannot be in the past."))
    with transaction.atomic():
        dispatch, new = record_dispatch(sender=sender, actor=actor, title=title, actions=actions, due_on=due_on,
                                        targets=targets, note=note, article=article, campaign=campaign)  # fmt: skip
        if new:
            enqueue_fan_out(dispatch)
    return dispatch, new


def record_dispatch(
    *, sender: Unit, actor, title: str, actions, due_on: datetime.date, targets: dict, note: str = "",
    article=None, campaign=None, parent: Dispatch | None = None, plan=None, responsibility=None,
) -> tuple[Dispatch, bool]:  # fmt: skip
    """The dispatch row (the existing one when the same was sent before), tasks not made yet."""
    chosen = clean_actions(actions)
    article_id, campaign_id = getattr(article, "pk", article), getattr(campaign, "pk", campaign)
    plan_id, responsibility_id = getattr(plan, "pk", plan), getattr(responsibility, "pk", responsibility)
    duty = (plan_id, responsibility_id, title.strip()[:300]) if plan_id else None
    key = dispatch_key(sender.pk, article_id=article_id, campaign_id=campaign_id,
                       parent_id=getattr(parent, "pk", None), actions=chosen, targets=targets, duty=duty)  # fmt: skip
    existing = Dispatch.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    dispatch = Dispatch.objects.create(
        sender_unit=sender, sent_by=actor, article_id=article_id, campaign_id=campaign_id, parent=parent,
        plan_id=plan_id, responsibility_id=responsibility_id, root_id=parent.root_id if parent else None,
        title=title.strip()[:300], note=note.strip(), actions=chosen, due_on=due_on, targets=targets, key=key,
    )  # fmt: skip
    if parent is None:
        Dispatch.objects.filter(pk=dispatch.pk).update(root=dispatch)
        dispatch.root_id = dispatch.pk
    return dispatch, True


@transaction.atomic
def assign_duty(*, plan, responsibility, units, actor, title: str, due_on: datetime.date) -> list[UnitTask]:
    """A plan's responsibility handed to `units` (permissions checked by the caller,
    `plans.actions.do_assign_responsibility`): the dispatch and its tasks, made now."""
    if not title.strip():
        raise ValidationError({"title": _("Say what the units must do.")})
    dispatch, _new = record_dispatch(
        sender=plan.issuing_unit, actor=actor, title=title, actions=[Action.PLAN_DUTY], due_on=due_on,
        targets={"ids": sorted(unit.pk for unit in units)}, note=getattr(responsibility, "duties", ""),
        plan=plan, responsibility=responsibility,
    )  # fmt: skip
    fan_out(dispatch.pk)
    return list(UnitTask.objects.filter(dispatch=dispatch).select_related("unit").order_by("unit__path"))


def enqueue_fan_out(dispatch: Dispatch) -> None:
    from .tasks import fan_out_dispatch

    transaction.on_commit(lambda: fan_out_dispatch.enqueue(dispatch.pk))


def write_tasks(dispatch: Dispatch, unit_ids: list[int]) -> None:
    """One chunk of tasks in its own transaction (SQLite hands the lock to other writers
    between chunks); a chunk written before a crash is skipped when the fan-out runs again."""
    with transaction.atomic():
        bulk.insert_tasks(dispatch, unit_ids)
        Dispatch.objects.filter(pk=dispatch.pk).update(sent_count=F("sent_count") + len(unit_ids))


def fan_out(dispatch_id: int) -> int:
    """Make the tasks of every target unit, chunk by chunk, then the compliance counts.
    Safe to run again: existing tasks are kept, the counts rebuilt. Returns the units."""
    dispatch = Dispatch.objects.select_related("sender_unit").get(pk=dispatch_id)
    told = dispatch.status == DispatchStatus.SENT  # a finished fan-out run again tells nobody twice
    units = target_units(dispatch.sender_unit, dispatch.targets)
    # Read in full before the first write (130,000 ids are about 5 MB): a cursor left open
    # across the chunks' transactions holds SQLite's read snapshot, and once staff have
    # written meanwhile the next chunk cannot take the write lock ("database is locked"
    # at once, busy_timeout or not; bench/cascade.py's concurrent writer).
    unit_ids = list(units.values_list("pk", flat=True))
    count = len(unit_ids)
    Dispatch.objects.filter(pk=dispatch.pk).update(status=DispatchStatus.SENDING, target_count=count, sent_count=0)
    for start in range(0, count, CHUNK):
        write_tasks(dispatch, unit_ids[start : start + CHUNK])
    if dispatch.parent_id is None:
        compliance.recount(dispatch.root_id)
    else:
        count_relay(dispatch)
    dispatch.status = DispatchStatus.SENT
    dispatch.save(update_fields=["status"])  # one save: the targets reading the tasks are refreshed once
    if not told:
        notices.notify_new_work(dispatch)
    return count


def count_relay(relay: Dispatch) -> None:
    """A relay's tasks counted toward the root: each unit below the hub gets its own, the
    hub and every unit above it gain them all (the hub's own tasks left the count when it
    relayed)."""
    totals: dict[int, int] = defaultdict(int)
    unit_paths = Unit.objects.filter(pk__in=UnitTask.objects.filter(dispatch=relay).values("unit_id"))
    for path in unit_paths.values_list("path", flat=True):
        for unit_id in paths.ancestor_ids(path):
            totals[unit_id] += len(relay.actions)
    compliance.add(relay.root_id, relay.due_on, {pk: {"total": n} for pk, n in totals.items()})


def do_relay(task_owner_unit: Unit, dispatch: Dispatch, *, actor, due_on: datetime.date, note: str = "",
             targets: dict | None = None) -> tuple[Dispatch, bool]:  # fmt: skip
    """The hub `task_owner_unit` passes a dispatch it received on to its own units with its
    note and due day; its own tasks of that dispatch become "relayed" (its units' work
    counts instead). The tasks below are made by the background fan-out."""
    scope.require_perm(actor, DISPATCH, task_owner_unit.pk, _("dispatches"))
    if due_on < timezone.localdate():
        raise ValidationError(_("The due day cannot be in the past."))
    with transaction.atomic():
        relay, new = record_relay(task_owner_unit, dispatch, actor=actor, due_on=due_on, note=note, targets=targets)
        if new:
            enqueue_fan_out(relay)
    return relay, new


def record_relay(task_owner_unit: Unit, dispatch: Dispatch, *, actor, due_on: datetime.date, note: str = "",
                 targets: dict | None = None) -> tuple[Dispatch, bool]:  # fmt: skip
    own = UnitTask.objects.filter(dispatch=dispatch, unit=task_owner_unit)
    if not own.exists():
        raise PermissionDenied
    relay, new = record_dispatch(
        sender=task_owner_unit, actor=actor, title=dispatch.title, actions=dispatch.actions, due_on=due_on,
        targets=targets or {}, note=note, article=dispatch.article_id, campaign=dispatch.campaign_id, parent=dispatch,
    )  # fmt: skip
    if new:
        for task in own.select_for_update().exclude(status=TaskStatus.RELAYED):
            old = compliance.task_fields(task.status, task.done_on, task.due_on)
            task.status = TaskStatus.RELAYED
            task.save(update_fields=["status"])
            compliance.change(task, task_owner_unit.path, old)
    return relay, new


def do_mark(task: UnitTask, *, actor, status: str, day: datetime.date | None = None, url: str = "",
            photo=None, reach: int | None = None, reason: str = "", report: str = "",
            reactions: int | None = None, comments: int | None = None) -> UnitTask:  # fmt: skip
    """Mark a task done (with its evidence; a plan's duty with a report of what was done)
    or not applicable (with a reason); marking again replaces the evidence. The counts of
    its unit and every unit above move. The actor needs to act for the task's unit (its
    officer, or its hub acting for it)."""
    scope.require_perm(actor, ACT, task.unit_id, _("tasks"))
    if status not in (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE, TaskStatus.PENDING):
        raise ValidationError(_("This status cannot be set by hand."))
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError(_("The day cannot be in the future."))
    if status == TaskStatus.NOT_APPLICABLE and not reason.strip():
        raise ValidationError(_("Say why this task does not apply to the unit."))
    if status == TaskStatus.DONE and task.action == Action.PLAN_DUTY and not report.strip():
        raise ValidationError({"report": _("Say what was done.")})
    with transaction.atomic():
        task = UnitTask.objects.select_for_update().select_related("unit").get(pk=task.pk)
        if task.status == TaskStatus.RELAYED:
            raise ValidationError(_("This task was relayed to the units below: they do it."))
        old = compliance.task_fields(task.status, task.done_on, task.due_on)
        task.status = status
        task.done_on = day if status == TaskStatus.DONE else None
        task.done_at = timezone.now() if status != TaskStatus.PENDING else None
        task.done_by = actor if status != TaskStatus.PENDING else None
        task.evidence_url, task.reach = (url, reach) if status == TaskStatus.DONE else ("", None)
        shared = status == TaskStatus.DONE and task.action in evidence.SHARE_ACTIONS
        task.reactions, task.comments = (reactions, comments) if shared else (None, None)
        task.evidence_photo = photo if status == TaskStatus.DONE else None
        task.reason = reason.strip() if status == TaskStatus.NOT_APPLICABLE else ""
        task.report = report.strip() if status == TaskStatus.DONE else ""
        task.save()
        compliance.change(task, task.unit.path, old)
        evidence.record_share(task, actor)
    return task
