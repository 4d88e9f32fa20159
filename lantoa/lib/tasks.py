"""What django-tasks lacks and every Lan Tỏa app needs: retries with back-off,
idempotency keys and periodic jobs run by a scheduler loop inside the worker process.

    @background_task(max_attempts=5)
    def send_zalo_message(message_id): ...

    enqueue_once(send_zalo_message, message.pk, key=f"zalo-send:{message.pk}")

    @periodic(every=timedelta(hours=1))
    @background_task()
    def remind_overdue_tasks(): ...
"""

from __future__ import annotations

import datetime
import functools
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from .models import ScheduledJob, TaskKey, WorkerHeartbeat

logger = logging.getLogger(__name__)

ATTEMPT_KWARG = "_attempt"
MAX_BACKOFF = datetime.timedelta(hours=6)


class PermanentError(Exception):
    """Raised by a task whose work can never succeed: it is not retried."""


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
            try:
                return func(*args, **kwargs)
            except PermanentError:
                raise
            except Exception:
                if attempt >= max_attempts:
                    logger.error("Task %s gave up after %s attempts", func.__qualname__, attempt)
                    raise
                delay = backoff_delay(attempt, backoff_seconds)
                logger.warning("Task %s failed (attempt %s), retrying in %s", func.__qualname__, attempt, delay)
                _enqueue_later(wrapped, delay, *args, **{**kwargs, ATTEMPT_KWARG: attempt + 1})
                raise

        wrapped = task(priority=priority, queue_name=queue_name)(run)
        return wrapped

    return decorator


def enqueue_once(task_obj: Task, *args, key: str, **kwargs) -> str | None:
    """Enqueue unless a task with this idempotency key was enqueued before.

    Returns the new task result id, or None when the key was already used. Call it inside
    the transaction that creates the work, so the key and the task commit together.
    """
    try:
        with transaction.atomic():
            record = TaskKey.objects.create(key=key[:255], task_path=task_obj.module_path)
    except IntegrityError:
        return None
    result = task_obj.enqueue(*args, **kwargs)
    TaskKey.objects.filter(pk=record.pk).update(result_id=str(result.id))
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


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": timezone.now()})


def worker_alive(stale_after: datetime.timedelta) -> bool:
    return WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - stale_after).exists()


class Scheduler(threading.Thread):
    """Runs in the worker process: heartbeat plus due periodic jobs, every `interval` s."""

    def __init__(self, worker_id: str, interval: float):
        super().__init__(name="lantoa-scheduler", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopped = threading.Event()

    def tick(self) -> None:
        close_old_connections()
        beat(self.worker_id)
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
