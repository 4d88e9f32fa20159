"""A task that runs longer than the stale limit is not taken from its live worker: the
scheduler thread keeps beating beside it."""

import threading
import time

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lantoa.lib import tasks as lib

pytestmark = pytest.mark.django_db(transaction=True)

RECLAIMED_DURING_TASK: list[list[str]] = []


@lib.background_task(max_attempts=3)
def long_rollup(seconds):
    # Meanwhile another worker's scheduler looks for lost tasks, over and over.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        RECLAIMED_DURING_TASK.append(lib.reclaim_lost_tasks())
        time.sleep(0.1)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="threads share the in-memory test database")
def test_a_task_longer_than_the_stale_limit_stays_with_its_live_worker(db_tasks, no_periodic_jobs, settings):
    from lantoa.lib.testing import run_worker_batch

    settings.LANTOA_WORKER_STALE_AFTER = 1
    RECLAIMED_DURING_TASK.clear()
    scheduler = lib.Scheduler("may-dai", interval=0.2)
    scheduler.tick()
    # Enqueued before the scheduler's thread starts: SQLite's shared in-memory database
    # answers "table is locked" at once (no busy wait) to a write that meets another's.
    result = long_rollup.enqueue(2.5)
    scheduler.start()
    try:
        runner = threading.Thread(target=run_worker_batch, args=("may-dai",))
        runner.start()
        runner.join(timeout=30)
    finally:
        scheduler.stop()
        scheduler.join()
    assert RECLAIMED_DURING_TASK and not any(RECLAIMED_DURING_TASK)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
