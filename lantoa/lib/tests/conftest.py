"""Shared fixtures of the task tests: the database backend, a clean registry of periodic jobs."""

import pytest
from asgiref.local import Local
from django_tasks import task_backends

from lantoa.lib import tasks as lib

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _use_tasks_settings(settings, config):
    settings.TASKS = config
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def db_tasks(settings):
    """Switch to the database backend (django-tasks caches backends, so reset the cache)."""
    original = settings.TASKS
    _use_tasks_settings(settings, DB_TASKS)
    yield
    _use_tasks_settings(settings, original)


@pytest.fixture
def no_periodic_jobs():
    """Tests that register periodic jobs get an empty registry; the real one comes back after."""
    saved = dict(lib.PERIODIC)
    lib.PERIODIC.clear()
    yield lib.PERIODIC
    lib.PERIODIC.clear()
    lib.PERIODIC.update(saved)


def run_worker_batch(worker_id="may-chu-test"):
    """Run every ready task in this process as the database worker does, without its
    exclusive transaction (which cannot open inside a test's transaction)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    )
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim(worker_id)
        worker.run_task(row)
