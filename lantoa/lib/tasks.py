"""What django-tasks lacks and every Lan Tỏa app needs: retries with back-off,
idempotency keys that expire, periodic jobs and the recovery of tasks whose worker died,
run by a scheduler loop inside the worker process.

    @background_task(max_attempts=5)
    def send_zalo_message(message_id): ...

    enqueue_once(send_zalo_message, message.pk, key=f"zalo-send:{message.pk}")

    @periodic(every=timedelta(hours=1))
    @background_task()
    def remind_overdue_tasks(): ...

    describe_task(send_zalo_message, label=_("Send a Zalo message"), units=units_of_message)

Every attempt is its own task result. A failed attempt that was followed by another (its
own retry, a lost worker's task reclaimed, or staff pressing "retry") has a `TaskRetry`
row, and the idempotency key follows the work to the newest attempt; a task that fails for
good frees its key.
"""

from __future__ import annotations

import contextvars
import datetime
import functools
import logging
import random
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import RetryReason, ScheduledJob, TaskKey, TaskRetry, TaskUnit, WorkerHeartbeat

logger = logging.getLogger(__name__)

ATTEMPT_KWARG = "_attempt"
MAX_BACKOFF = datetime.timedelta(hours=6)


class PermanentError(Exception):
    """Raised by a task whose work can never succeed: it is not retried."""


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped beating while it ran (never raised)."""


# --- What a task is: attempts, a label for the task screen, the units it names


@dataclass(frozen=True)
class TaskInfo:
    max_attempts: int | None = None  # None: a plain django-tasks task (Wagtail's, say)
    label: str | None = None
    units: Callable[..., Iterable[int]] | None = None


TASKS: dict[str, TaskInfo] = {}


def describe_task(
    task_obj: Task, *, label: str | None = None, units: Callable[..., Iterable[int]] | None = None
) -> Task:
    """Give a task a label for the task screen and the units it names: `units` takes the
    task's arguments and returns unit ids. Staff who may change all of them see the task;
    a task naming no unit is shown to superusers only."""
    info = task_info(task_obj.module_path)
    TASKS[task_obj.module_path] = TaskInfo(info.max_attempts, label, units)
    return task_obj


def task_info(task_path: str) -> TaskInfo:
    """What is known of a task path; importing it registers a `background_task`."""
    if task_path not in TASKS:
        try:
            import_string(task_path)
        except ImportError:
            pass
    return TASKS.get(task_path, TaskInfo())


# --- Bookkeeping around enqueueing and running

_current_result: contextvars.ContextVar[str | None] = contextvars.ContextVar("lantoa_current_result", default=None)
_on_enqueued: contextvars.ContextVar[Callable[[str, bool], None] | None] = contextvars.ContextVar(
    "lantoa_on_enqueued", default=None
)


@contextmanager
def _when_enqueued(callback: Callable[[str, bool], None]):
    """Call `callback(result_id, stored)` for the next task enqueued in this block, before
    it runs (the inline backend runs a task inside `enqueue`); `stored`: it is a database row."""
    token = _on_enqueued.set(callback)
    try:
        yield
    finally:
        _on_enqueued.reset(token)


@receiver(task_enqueued)
def _after_enqueue(sender, task_result, **kwargs) -> None:
    stored = issubclass(sender, DatabaseBackend)
    callback = _on_enqueued.get()
    if callback is not None:
        _on_enqueued.set(None)
        callback(str(task_result.id), stored)
    if stored:
        record_task_units(task_result.task.module_path, str(task_result.id), task_result.args, task_result.kwargs)


@receiver(task_started)
def _remember_running(sender, task_result, **kwargs) -> None:
    _current_result.set(str(task_result.id))


@receiver(task_finished)
def _forget_running(sender, task_result, **kwargs) -> None:
    _current_result.set(None)


def record_task_units(task_path: str, result_id: str, args, kwargs) -> None:
    units = task_info(task_path).units
    if units is None:
        return
    kwargs = {k: v for k, v in kwargs.items() if k != ATTEMPT_KWARG}
    unit_ids = {int(unit_id) for unit_id in units(*args, **kwargs) if unit_id is not None}
    TaskUnit.objects.bulk_create([TaskUnit(result_id=result_id, unit_id=unit_id) for unit_id in sorted(unit_ids)])


def followed_by(failed_id: str | None, reason: str, actor=None) -> Callable[[str, bool], None]:
    """Bookkeeping for a fresh attempt of `failed_id`: the retry row, the key moves on."""

    def record(retry_id: str, stored: bool) -> None:
        if failed_id is None:
            return
        if stored:
            TaskRetry.objects.create(failed_id=failed_id, retry_id=retry_id, reason=reason, actor=actor)
        TaskKey.objects.filter(result_id=failed_id).update(result_id=retry_id)

    return record


def free_keys(result_id: str | None) -> int:
    """The task failed for good: its work may be asked for again."""
    if not result_id:
        return 0
    return TaskKey.objects.filter(result_id=result_id).delete()[0]


def backoff_delay(attempt: int, base_seconds: float) -> datetime.timedelta:
    """Exponential back-off with up to 20 % jitter: base, 2·base, 4·base … capped."""
    seconds = base_seconds * (2 ** (attempt - 1))
    seconds *= 1 + random.random() * 0.2  # noqa: S311 - jitter, not security
    return min(datetime.timedelta(seconds=seconds), MAX_BACKOFF)


def _enqueue_later(task_obj: Task, delay: datetime.timedelta, *args, **kwargs):
    backend = task_obj.get_backend()
    if backend.supports_defer:
        return task_obj.using(run_after=timezone.now() + delay).enqueue(*args, **kwargs)
    return task_obj.enqueue(*args, **kwargs)


def background_task(
    *, max_attempts: int = 5, backoff_seconds: float = 30, priority: int = 0, queue_name: str = "default"
) -> Callable[[Callable], Task]:
    """Declare a task that is retried with exponential back-off when it raises.

    Each attempt is its own task result, so the failed attempts stay visible with their
    tracebacks; the attempt number travels in a keyword argument.
    """

    def decorator(func: Callable) -> Task:
        @functools.wraps(func)
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT_KWARG, 1)
            result_id = _current_result.get()
            try:
                return func(*args, **kwargs)
            except PermanentError:
                free_keys(result_id)
                raise
            except Exception:
                if attempt >= max_attempts:
                    logger.error("Task %s gave up after %s attempts", func.__qualname__, attempt)
                    free_keys(result_id)
                    raise
                delay = backoff_delay(attempt, backoff_seconds)
                logger.warning("Task %s failed (attempt %s), retrying in %s", func.__qualname__, attempt, delay)
                with _when_enqueued(followed_by(result_id, RetryReason.ERROR)):
                    _enqueue_later(wrapped, delay, *args, **{**kwargs, ATTEMPT_KWARG: attempt + 1})
                raise

        wrapped = task(priority=priority, queue_name=queue_name)(run)
        TASKS[wrapped.module_path] = TaskInfo(max_attempts=max_attempts)
        return wrapped

    return decorator


def enqueue_once(task_obj: Task, *args, key: str, **kwargs) -> str | None:
    """Enqueue unless a task with this idempotency key was enqueued before.

    Returns the new task result id, or None when the key is in use. A key is in use for
    LANTOA_TASK_KEY_DAYS, unless its task fails for good. Call it inside the transaction
    that creates the work, so the key and the task commit together.
    """
    key, now = key[:255], timezone.now()
    TaskKey.objects.filter(key=key, expires_at__lte=now).delete()
    expires_at = now + datetime.timedelta(days=settings.LANTOA_TASK_KEY_DAYS)
    try:
        with transaction.atomic():
            record = TaskKey.objects.create(key=key, task_path=task_obj.module_path, expires_at=expires_at)
    except IntegrityError:
        return None

    def remember(result_id: str, stored: bool) -> None:
        TaskKey.objects.filter(pk=record.pk).update(result_id=result_id)

    with _when_enqueued(remember):
        result = task_obj.enqueue(*args, **kwargs)
    return str(result.id)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task
    every: datetime.timedelta


PERIODIC: dict[str, Periodic] = {}


def periodic(*, every: datetime.timedelta, name: str | None = None) -> Callable[[Task], Task]:
    """Register a task to be enqueued by the worker's scheduler every `every`."""

    def decorator(task_obj: Task) -> Task:
        job_name = name or task_obj.module_path
        PERIODIC[job_name] = Periodic(job_name, task_obj, every)
        return task_obj

    return decorator


def run_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every periodic job that is due. Safe with several workers: the
    conditional update lets exactly one of them claim each slot."""
    now = now or timezone.now()
    enqueued = []
    for job in PERIODIC.values():
        state, _created = ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        if state.next_run_at > now:
            continue
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(pk=state.pk, next_run_at=state.next_run_at).update(
                next_run_at=now + job.every, last_enqueued_at=now
            )
            if claimed and enqueue_once(job.task, key=f"periodic:{job.name}:{state.next_run_at.isoformat()}"):
                enqueued.append(job.name)
    return enqueued


@periodic(every=datetime.timedelta(hours=1), name="lib.purge_task_keys")
@background_task(max_attempts=3)
def purge_expired_task_keys() -> int:
    """Delete idempotency keys past their expiry, and heartbeats of workers long gone."""
    now = timezone.now()
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=settings.LANTOA_TASK_KEY_DAYS)).delete()
    return TaskKey.objects.filter(expires_at__lte=now).delete()[0]


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": timezone.now()})


def worker_alive(stale_after: datetime.timedelta) -> bool:
    return WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - stale_after).exists()


# --- Tasks whose worker died


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.LANTOA_WORKER_STALE_AFTER)


def lost_tasks(now: datetime.datetime | None = None) -> list[DBTaskResult]:
    """Running tasks claimed over the stale limit ago by a worker with no fresh heartbeat
    (the last id in `worker_ids` is the worker running it)."""
    limit = (now or timezone.now()) - stale_after()
    live = set(WorkerHeartbeat.objects.filter(seen_at__gte=limit).values_list("worker_id", flat=True))
    running = DBTaskResult.objects.running().filter(started_at__lt=limit)
    return [row for row in running if not row.worker_ids or row.worker_ids[-1] not in live]


def reclaim_task(row: DBTaskResult, now: datetime.datetime | None = None) -> bool:
    """Fail a lost task as "worker lost" and enqueue its next attempt (or free its key when
    none is left). The conditional update lets exactly one worker reclaim it.

    Delivery is at least once: a worker frozen past the stale limit (not dead) may still
    finish its copy, so tasks must be safe to run twice (they take ids and call an action)."""
    now = now or timezone.now()
    worker = row.worker_ids[-1] if row.worker_ids else "?"
    with transaction.atomic():
        claimed = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
        if not claimed.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.{WorkerLost.__name__}",
            traceback=f"{WorkerLost.__name__}: worker {worker} stopped beating while running this task\n",
        ):
            return False
        kwargs = next_attempt_kwargs(row)
        if kwargs is None:
            free_keys(str(row.pk))
        else:
            enqueue_again(row, kwargs, followed_by(str(row.pk), RetryReason.WORKER_LOST))
    logger.warning("Task %s (%s) lost with worker %s: reclaimed", row.pk, row.task_path, worker)
    return True


def next_attempt_kwargs(row: DBTaskResult) -> dict | None:
    """The keyword arguments of a lost task's next attempt, None when none is left: a
    `background_task` counts its attempts; a plain task is tried again once; a task whose
    code is gone is not."""
    kwargs = row.args_kwargs["kwargs"]
    try:
        import_string(row.task_path)
    except ImportError:
        return None
    max_attempts = task_info(row.task_path).max_attempts
    if max_attempts is None:
        return None if TaskRetry.objects.filter(retry_id=row.pk).exists() else dict(kwargs)
    attempt = kwargs.get(ATTEMPT_KWARG, 1)
    return {**kwargs, ATTEMPT_KWARG: attempt + 1} if attempt < max_attempts else None


def enqueue_again(row: DBTaskResult, kwargs: dict, bookkeeping: Callable[[str, bool], None]) -> str:
    """A fresh copy of a task result's task with the same arguments, ready now."""
    task_obj = import_string(row.task_path).using(
        priority=row.priority, queue_name=row.queue_name, backend=row.backend_name
    )
    with _when_enqueued(bookkeeping):
        return str(task_obj.enqueue(*row.args_kwargs["args"], **kwargs).id)


def reclaim_lost_tasks(now: datetime.datetime | None = None) -> list[str]:
    """Reclaim every lost task; one that cannot be reclaimed is logged and left for the next tick."""
    now = now or timezone.now()
    reclaimed = []
    for row in lost_tasks(now):
        try:
            if reclaim_task(row, now):
                reclaimed.append(str(row.pk))
        except Exception:
            logger.exception("Could not reclaim task %s (%s)", row.pk, row.task_path)
    return reclaimed


class Scheduler(threading.Thread):
    """Runs in the worker process, beside the task it runs: heartbeat, lost tasks of dead
    workers reclaimed, due periodic jobs, every `interval` s."""

    def __init__(self, worker_id: str, interval: float):
        super().__init__(name="lantoa-scheduler", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopped = threading.Event()

    def tick(self) -> None:
        close_old_connections()
        beat(self.worker_id)
        reclaim_lost_tasks()
        for name in run_due_jobs():
            logger.info("Scheduled %s", name)

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.tick()
            except Exception:  # keep the loop alive; the next tick retries
                logger.exception("Scheduler tick failed")
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
