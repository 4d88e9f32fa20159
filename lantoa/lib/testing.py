"""Test helpers for tasks, importable from any app's tests: switch to the database task
backend, and run the ready tasks in this process as the worker does."""

from __future__ import annotations

from asgiref.local import Local
from django_tasks import task_backends

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def use_tasks_settings(settings, config) -> None:
    """`settings.TASKS = config`, with django-tasks' cache of backends reset."""
    settings.TASKS = config
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


def run_worker_batch(worker_id: str = "may-chu-test") -> None:
    """Run every ready task in this process as the database worker does, without its
    exclusive transaction (which cannot open inside a test's transaction)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=worker_id,
    )  # fmt: skip
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim(worker_id)
        worker.run_task(row)
