"""The task worker with Lan Tỏa's scheduler loop: `manage.py run_worker`.

The scheduler thread beats while a task runs, and reclaims the tasks of workers whose
heartbeat went stale (`lantoa.lib.tasks.reclaim_lost_tasks`): run every worker this way,
not with django-tasks-db's plain `db_worker`, whose tasks would look lost."""

import os
import socket

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

from lantoa.lib.tasks import Scheduler


class Command(BaseCommand):
    help = "Run background tasks and the periodic-job scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--batch", action="store_true", help="Exit when no task is ready.")

    def handle(self, *, queue_name, interval, batch, **options):
        keep_connections_open()
        worker_id = f"{socket.gethostname()[:48]}-{os.getpid()}"  # ids are at most 64 characters
        scheduler = Scheduler(worker_id, settings.LANTOA_SCHEDULER_INTERVAL)
        scheduler.tick()
        if not batch:
            scheduler.start()
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=worker_id,
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            scheduler.stop()


def keep_connections_open() -> None:
    """The worker closes its database connection after every task when CONN_MAX_AGE is 0
    (Django's request default): closing SQLite's last connection checkpoints the WAL, about
    10 ms a task. A worker is one long-lived client, so it keeps its connections (checked
    before each use, so a restarted PostgreSQL is reconnected)."""
    for alias in connections:
        connections.settings[alias].update(CONN_MAX_AGE=None, CONN_HEALTH_CHECKS=True)
