"""A worker killed mid-task: once its heartbeat is stale, a live worker's scheduler fails the
task with "worker lost" and enqueues a fresh attempt, exactly once."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from lantoa.lib import tasks as lib
from lantoa.lib.models import TaskKey, TaskRetry, WorkerHeartbeat
from lantoa.lib.testing import run_worker_batch

pytestmark = pytest.mark.django_db

CALLS: list[int] = []
MINUTES_AGO = datetime.timedelta(minutes=10)


@lib.background_task(max_attempts=3)
def import_members(batch_id):
    CALLS.append(batch_id)
    return batch_id


@lib.background_task(max_attempts=1)
def send_once(message_id):
    CALLS.append(message_id)


@task()
def plain_sync(channel_id):
    CALLS.append(channel_id)


@pytest.fixture(autouse=True)
def _setup(db_tasks, no_periodic_jobs, settings):
    CALLS.clear()
    settings.LANTOA_WORKER_STALE_AFTER = 120


def running_on(worker_id, task_obj, *args, started_ago=MINUTES_AGO, key=None):
    """A task claimed by `worker_id` `started_ago`, as if that worker were running it."""
    result_id = lib.enqueue_once(task_obj, *args, key=key) if key else task_obj.enqueue(*args).id
    row = DBTaskResult.objects.get(pk=result_id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - started_ago)
    return DBTaskResult.objects.get(pk=row.pk)


def heartbeat(worker_id, ago):
    WorkerHeartbeat.objects.create(worker_id=worker_id, seen_at=timezone.now() - ago)


def test_task_of_a_worker_with_a_stale_heartbeat_fails_as_lost_and_is_enqueued_again():
    heartbeat("may-1-4242", MINUTES_AGO)
    lost = running_on("may-1-4242", import_members, 7)

    assert lib.reclaim_lost_tasks() == [str(lost.pk)]

    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == "lantoa.lib.tasks.WorkerLost"
    assert "may-1-4242" in lost.traceback
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.task_path == lost.task_path
    assert retry.args_kwargs == {"args": [7], "kwargs": {"_attempt": 2}}
    assert TaskRetry.objects.get(failed_id=lost.pk).retry_id == retry.pk


def test_the_fresh_attempt_is_run_by_the_next_worker():
    heartbeat("may-1", MINUTES_AGO)
    running_on("may-1", import_members, 7)
    lib.reclaim_lost_tasks()
    run_worker_batch("may-2")
    assert CALLS == [7]
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]


def test_task_of_a_worker_that_still_beats_is_left_running():
    heartbeat("may-song", datetime.timedelta(seconds=5))
    alive = running_on("may-song", import_members, 7)
    assert lib.reclaim_lost_tasks() == []
    assert DBTaskResult.objects.get(pk=alive.pk).status == TaskResultStatus.RUNNING


def test_a_task_claimed_moments_ago_is_left_to_its_worker():
    running_on("may-moi", import_members, 7, started_ago=datetime.timedelta(seconds=3))
    assert lib.reclaim_lost_tasks() == []


def test_a_task_whose_worker_never_beat_is_reclaimed_once_old_enough():
    lost = running_on("db-worker-khong-nhip", import_members, 7)
    assert lib.reclaim_lost_tasks() == [str(lost.pk)]


def test_two_live_workers_reclaim_a_lost_task_once():
    heartbeat("may-1", MINUTES_AGO)
    running_on("may-1", import_members, 7)
    seen_by_second_worker = list(lib.lost_tasks())
    assert len(lib.reclaim_lost_tasks()) == 1
    # The second worker read the same row before the first reclaimed it: its update finds nothing.
    assert lib.reclaim_task(seen_by_second_worker[0]) is False
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert TaskRetry.objects.count() == 1


def test_a_lost_task_out_of_attempts_fails_for_good_and_frees_its_key():
    heartbeat("may-1", MINUTES_AGO)
    lost = running_on("may-1", send_once, 99, key="zalo-send:99")
    assert lib.reclaim_lost_tasks() == [str(lost.pk)]
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert not TaskKey.objects.filter(key="zalo-send:99").exists()
    assert lib.enqueue_once(send_once, 99, key="zalo-send:99") is not None


def test_the_key_of_a_lost_task_follows_its_fresh_attempt():
    heartbeat("may-1", MINUTES_AGO)
    running_on("may-1", import_members, 7, key="import:7")
    lib.reclaim_lost_tasks()
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert TaskKey.objects.get(key="import:7").result_id == str(retry.pk)
    assert lib.enqueue_once(import_members, 7, key="import:7") is None  # the work is still queued, once


def test_every_scheduler_tick_reclaims_lost_tasks(monkeypatch):
    # A tick first drops stale connections; inside the test's transaction that would close it.
    monkeypatch.setattr(lib, "close_old_connections", lambda: None)
    heartbeat("may-1", MINUTES_AGO)
    lost = running_on("may-1", import_members, 7)
    lib.Scheduler("may-2", interval=30).tick()
    assert DBTaskResult.objects.get(pk=lost.pk).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_a_lost_plain_task_is_tried_again_once():
    heartbeat("may-1", MINUTES_AGO)
    running_on("may-1", plain_sync, 5)
    assert len(lib.reclaim_lost_tasks()) == 1
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs == {"args": [5], "kwargs": {}}
    retry.claim("may-1")
    DBTaskResult.objects.filter(pk=retry.pk).update(started_at=timezone.now() - MINUTES_AGO)
    assert lib.reclaim_lost_tasks() == [str(retry.pk)]
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_a_lost_task_whose_code_is_gone_fails_without_a_retry():
    heartbeat("may-1", MINUTES_AGO)
    row = running_on("may-1", import_members, 7)
    DBTaskResult.objects.filter(pk=row.pk).update(task_path="lantoa.khong_con.nhiem_vu")
    assert lib.reclaim_lost_tasks() == [str(row.pk)]
    assert DBTaskResult.objects.get(pk=row.pk).status == TaskResultStatus.FAILED
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_a_task_that_cannot_be_reclaimed_does_not_stop_the_others(monkeypatch):
    heartbeat("may-1", MINUTES_AGO)
    first, second = running_on("may-1", import_members, 1), running_on("may-1", import_members, 2)
    real = lib.reclaim_task

    def broken_for_first(row, now=None):
        if row.pk == first.pk:
            raise RuntimeError("database hiccup")
        return real(row, now)

    monkeypatch.setattr(lib, "reclaim_task", broken_for_first)
    assert lib.reclaim_lost_tasks() == [str(second.pk)]
