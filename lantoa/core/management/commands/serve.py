"""Start the web server and the task worker together (the embedded mode of `make run`).

Two HTTP servers are offered (`--server`, or LANTOA_WEB_SERVER):

- `waitress`: one process, `--threads` threads; runs everywhere (Windows too), buffers slow
  clients itself.
- `gunicorn` (Linux, macOS): a master and `--workers` processes (LANTOA_WEB_WORKERS) of
  `--threads` threads each (the gthread worker), so Python's global lock no longer caps the
  site at one core.

`make run` uses gunicorn where it runs (Linux, macOS), waitress elsewhere. Measured on the
2-core build machine, quiet, 04/12/2026, `python -m bench.portal` with
BENCH_PORTAL_SERVERS=waitress,gunicorn (SQLite, 60 articles, wrk -t2 -c32 -d10s): a bare
Django view 1,285 req/s under waitress and 2,481 under gunicorn (2 processes of 4 threads),
an article from the page cache 156 and 240 (before the cache hit lost its database query).
Waitress's one process holds Python's global lock, so it cannot use the second core.
Every process shares the cache (lantoa/settings.py: files under DATA_DIR, or Redis), so a
publication purges the page cache for all of them. Behind nginx in production: it shields
gunicorn's threads from slow clients, as waitress does on its own.

Both freeze the loaded site before serving (`freeze_loaded_objects`). Measured 04/12/2026,
`python -m bench.webhooks` (gunicorn 2 x 4 threads, wrk -t2 -c32): a redelivered Zalo event's
p99 went from 129-132 ms to 35-49 ms, the bare view's from 46-67 ms to 26-34 ms.

Either way the task worker (and the scheduler inside it) runs once, beside the web server,
restarted if it dies: with gunicorn it is started by the master, never by a web process.
SQLite stays safe with several processes: WAL lets readers run beside the one writer,
IMMEDIATE transactions and busy_timeout queue the writers, and the master closes its
database connections before it forks, so no connection is shared across a fork.
"""

import gc
import os
import signal
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from waitress import serve as waitress_serve

from lantoa.lib.supervise import Supervisor
from lantoa.wsgi import application

SERVERS = ("waitress", "gunicorn")


def default_server() -> str:
    wanted = os.environ.get("LANTOA_WEB_SERVER", "").strip().lower()
    if wanted:
        return wanted
    return "gunicorn" if gunicorn_available() else "waitress"


def gunicorn_available() -> bool:
    if sys.platform == "win32":  # gunicorn needs fork and fcntl
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def default_workers() -> int:
    """LANTOA_WEB_WORKERS, else one per core, at least 2 and at most 4: more processes than
    cores only add memory (about 150 MB each) once the threads cover the waits."""
    if os.environ.get("LANTOA_WEB_WORKERS"):
        return int(os.environ["LANTOA_WEB_WORKERS"])
    return min(4, max(2, os.cpu_count() or 1))


class Command(BaseCommand):
    help = "Serve Lan Tỏa on 127.0.0.1:$PORT with a task worker beside it, restarted if it dies."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--server",
            choices=SERVERS,
            default=default_server(),
            help="default: $LANTOA_WEB_SERVER, else gunicorn where it runs",
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="gunicorn's processes (default: $LANTOA_WEB_WORKERS or 2-4)"
        )
        parser.add_argument(
            "--threads", type=int, default=None, help="threads per process (default: $WEB_THREADS, else 8 or 4)"
        )

    def handle(self, *, host, port, threads, server="waitress", workers=None, **options):
        if server not in SERVERS:
            raise CommandError(f"Unknown server {server!r}: choose one of {', '.join(SERVERS)}.")
        if server == "gunicorn" and not gunicorn_available():
            raise CommandError("gunicorn needs Linux or macOS and the gunicorn package; use --server waitress.")
        # SIGTERM (systemd, kill) would end the process without its `finally`: the worker
        # would outlive it. Turned into an exit, it stops the worker first. (gunicorn's master
        # installs its own handlers, which end in the same SystemExit.)
        signal.signal(signal.SIGTERM, _exit)
        worker = Supervisor([sys.executable, "manage.py", "run_worker"], name="task worker")
        worker.start()
        serving_pid = os.getpid()
        try:
            self.stdout.write(f"Lan Tỏa: http://{host}:{port}/admin/  ({server}, worker pid {worker.process.pid})")
            if server == "gunicorn":
                gunicorn_serve(application, host=host, port=port, workers=workers, threads=threads)
            else:
                freeze_loaded_objects()
                waitress_serve(application, host=host, port=port, threads=threads or _env_int("WEB_THREADS", 8))
        finally:
            # gunicorn's web processes are forks of this one and leave through this `finally`
            # too: only the process that started the worker stops it.
            if os.getpid() == serving_pid:
                worker.stop()


def gunicorn_serve(app, *, host: str, port: int, workers: int | None = None, threads: int | None = None) -> None:
    """Run gunicorn's master in this process until it is stopped (SIGTERM, SIGINT)."""
    from gunicorn.app.base import BaseApplication

    options = {
        "bind": f"{host}:{port}",
        "workers": workers or default_workers(),
        "threads": threads or _env_int("WEB_THREADS", 4),
        "worker_class": "gthread",
        # Long requests (a report, an import preview) are the thread's, not a reason to kill
        # the process: gthread's timeout only watches the process's own loop.
        "timeout": 120,
        "graceful_timeout": 30,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": os.environ.get("LOG_LEVEL", "info").lower(),
        "pre_fork": _before_fork,
        "proc_name": "lantoa-web",
    }

    class EmbeddedGunicorn(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app

    _close_database_connections()
    freeze_loaded_objects()
    EmbeddedGunicorn().run()


def freeze_loaded_objects() -> None:
    """Load what every request needs (the URL patterns and the views they import), then move
    everything alive into the collector's permanent generation (`gc.freeze`), so that its
    full collections no longer walk Django, Wagtail and the app's several hundred thousand
    long-lived objects. Each such walk stopped every thread of the process for tens of
    milliseconds, which was the webhook's p99 (bench/webhooks.py). Before gunicorn forks,
    the frozen objects also stay shared between its processes (copy-on-write)."""
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - populating the resolver imports every view module
    gc.collect()
    gc.freeze()


def _close_database_connections() -> None:
    """A forked process must not share the master's SQLite (or PostgreSQL) connection."""
    connections.close_all()


def _before_fork(arbiter, worker) -> None:
    _close_database_connections()


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _exit(signum, frame):
    raise SystemExit(0)
