"""Start the web server and the task worker together (the embedded mode of `make run`)."""

import os
import signal
import sys

from django.core.management.base import BaseCommand
from waitress import serve as waitress_serve

from lantoa.lib.supervise import Supervisor
from lantoa.wsgi import application


class Command(BaseCommand):
    help = "Serve Lan Tỏa on 127.0.0.1:$PORT with a task worker beside it, restarted if it dies."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "8")))

    def handle(self, *, host, port, threads, **options):
        # SIGTERM (systemd, kill) would end the process without its `finally`: the worker
        # would outlive it. Turned into an exit, it stops the worker first.
        signal.signal(signal.SIGTERM, _exit)
        worker = Supervisor([sys.executable, "manage.py", "run_worker"], name="task worker")
        worker.start()
        try:
            self.stdout.write(f"Lan Tỏa: http://{host}:{port}/admin/  (worker pid {worker.process.pid})")
            waitress_serve(application, host=host, port=port, threads=threads)
        finally:
            worker.stop()


def _exit(signum, frame):
    raise SystemExit(0)
