"""Bench `worker_recovery_s`: a real worker killed with SIGKILL in the middle of a task.

On a fresh SQLite DATA_DIR: migrate, enqueue `bench.recovery_tasks.sleep_then_mark`, start
`manage.py run_worker`, kill it with SIGKILL while the task sleeps, start a new worker, and
time from the kill until the task has run to the end again. The new worker's scheduler
reclaims the task once the dead worker's heartbeat is older than the stale limit, so the
target is twice that limit.

Environment: BENCH_STALE_AFTER (seconds, default 5), BENCH_SCHEDULER_INTERVAL (default 1),
BENCH_TASK_SECONDS (how long the task sleeps, default 2), BENCH_KEEP=1 to keep the directory.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STALE_AFTER = int(os.environ.get("BENCH_STALE_AFTER", "5"))
INTERVAL = int(os.environ.get("BENCH_SCHEDULER_INTERVAL", "1"))
TASK_SECONDS = float(os.environ.get("BENCH_TASK_SECONDS", "2"))


def out(line: str = "") -> None:
    print(line, flush=True)


def environment(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("SQLITE_PATH", "DATABASE_URL", "TASKS_BACKEND"):
        env.pop(name, None)
    env.update(
        DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="lantoa.settings",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        LANTOA_WORKER_STALE_AFTER=str(STALE_AFTER),
        LANTOA_SCHEDULER_INTERVAL=str(INTERVAL),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env)  # noqa: S603


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"# worker_recovery_s: gave up waiting for {what}")
        time.sleep(0.05)


def measure(data_dir: str) -> float:
    env = environment(data_dir)
    if manage("migrate", "--no-input", "--verbosity", "0", env=env).wait():
        raise SystemExit("# worker_recovery_s: migrate failed")
    os.environ.update(env)
    import django

    django.setup()
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from bench.recovery_tasks import sleep_then_mark

    marker = Path(data_dir) / "task-done"
    result = sleep_then_mark.enqueue(TASK_SECONDS, str(marker))
    row = DBTaskResult.objects.filter(pk=result.id)
    attempts = DBTaskResult.objects.filter(task_path=sleep_then_mark.module_path)
    first = manage("run_worker", "--interval", "0.1", env=env)
    try:
        wait_until(lambda: row.filter(status=TaskResultStatus.RUNNING).exists(), 120, "the task to start")
        time.sleep(TASK_SECONDS / 4)  # well inside the task
        os.kill(first.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        first.wait()
    finally:
        if first.poll() is None:
            first.kill()
    second = manage("run_worker", "--interval", "0.1", env=env)
    try:
        wait_until(marker.exists, 20 * STALE_AFTER + 120, "the task to be done again")
        recovered = time.monotonic() - killed_at
        wait_until(lambda: attempts.filter(status=TaskResultStatus.SUCCESSFUL).exists(), 30, "its result")
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=15)
        except subprocess.TimeoutExpired:
            second.kill()
    statuses = sorted(attempts.values_list("status", "exception_class_path"))
    out(f"# attempts of the task: {statuses}")
    return recovered


def main() -> int:
    data_dir = tempfile.mkdtemp(prefix="lantoa-bench-recovery-")
    try:
        seconds = measure(data_dir)
    finally:
        if os.environ.get("BENCH_KEEP"):
            out(f"# recovery data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    target = 2 * STALE_AFTER
    out(f"BENCH worker_recovery_s {seconds:.1f} s")
    out(
        f"#   stale-heartbeat limit {STALE_AFTER} s, scheduler every {INTERVAL} s, task {TASK_SECONDS:g} s; "
        f"target <= {target} s: {'met' if seconds <= target else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
