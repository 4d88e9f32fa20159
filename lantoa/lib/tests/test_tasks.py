"""Retries with back-off, idempotency keys and the periodic scheduler."""

import datetime

import pytest
from asgiref.local import Local
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult

from lantoa.lib import tasks as lib
from lantoa.lib.models import ScheduledJob, TaskKey

pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CALLS: list[str] = []


@lib.background_task(max_attempts=3, backoff_seconds=10)
def flaky(label):
    CALLS.append(label)
    if len(CALLS) < 3:
        raise ConnectionError("Zalo API unreachable")
    return label


@lib.background_task(max_attempts=5)
def hopeless():
    raise lib.PermanentError("bad token")


@lib.background_task()
def record(label):
    CALLS.append(label)


@pytest.fixture
def db_tasks(settings):
    """Switch to the database backend (django-tasks caches backends, so reset the cache)."""

    def use(config):
        settings.TASKS = config
        task_backends.__dict__.pop("settings", None)
        task_backends._connections = Local(task_backends.thread_critical)

    original = settings.TASKS
    use(DB_TASKS)
    yield
    use(original)


@pytest.fixture(autouse=True)
def _reset(no_periodic_jobs):
    CALLS.clear()


def test_backoff_doubles_and_is_capped():
    assert 10 <= lib.backoff_delay(1, 10).total_seconds() <= 12
    assert 40 <= lib.backoff_delay(3, 10).total_seconds() <= 48
    assert lib.backoff_delay(30, 10) == lib.MAX_BACKOFF


def test_failed_task_is_retried_later_until_it_succeeds(db_tasks):
    from django_tasks_db.management.commands.db_worker import Worker

    flaky.enqueue("gửi tin")
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
    )
    worker.run()
    assert CALLS == ["gửi tin"]
    retry = DBTaskResult.objects.filter(status=TaskResultStatus.READY).get()
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=9)
    assert retry.args_kwargs == {"args": ["gửi tin"], "kwargs": {"_attempt": 2}}
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
    worker.run()
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
    worker.run()
    assert CALLS == ["gửi tin"] * 3
    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]


def test_permanent_errors_are_not_retried():
    result = hopeless.enqueue()
    assert result.status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.count() == 0  # immediate backend: no retry was queued


def test_idempotency_key_enqueues_once():
    first = lib.enqueue_once(record, "a", key="dispatch:42")
    second = lib.enqueue_once(record, "a", key="dispatch:42")
    assert first and second is None
    assert CALLS == ["a"]
    assert TaskKey.objects.get(key="dispatch:42").result_id == first


def test_periodic_job_is_enqueued_once_per_slot():
    lib.periodic(every=datetime.timedelta(hours=1), name="nhac-viec")(record)
    now = timezone.now()
    assert lib.run_due_jobs(now) == ["nhac-viec"]
    assert lib.run_due_jobs(now + datetime.timedelta(minutes=30)) == []
    assert lib.run_due_jobs(now + datetime.timedelta(minutes=61)) == ["nhac-viec"]
    assert ScheduledJob.objects.get(name="nhac-viec").next_run_at > now + datetime.timedelta(minutes=61)


def test_two_schedulers_claiming_the_same_slot_enqueue_once():
    lib.periodic(every=datetime.timedelta(hours=1), name="bao-cao")(record)
    now = timezone.now()
    ScheduledJob.objects.create(name="bao-cao", next_run_at=now)
    stale = ScheduledJob.objects.get(name="bao-cao")
    assert lib.run_due_jobs(now) == ["bao-cao"]
    # A second worker that read the row before the first claimed it loses the race.
    claimed = ScheduledJob.objects.filter(pk=stale.pk, next_run_at=stale.next_run_at).update(next_run_at=now)
    assert claimed == 0


def test_heartbeat_marks_the_worker_alive():
    assert not lib.worker_alive(datetime.timedelta(minutes=2))
    lib.beat("may-chu-1")
    assert lib.worker_alive(datetime.timedelta(minutes=2))
