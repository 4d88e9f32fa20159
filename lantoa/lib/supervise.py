"""Keep a child process running: `serve` restarts its task worker when it dies."""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from collections.abc import Sequence

logger = logging.getLogger(__name__)


class Supervisor(threading.Thread):
    """Starts `command`, polls it every `poll` s and starts it again when it exits.

    The wait before a restart doubles from `min_backoff` up to `max_backoff` while the
    process keeps dying young, and starts over once it has lived `healthy_after` s.
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        name: str = "worker",
        poll: float = 1.0,
        min_backoff: float = 1.0,
        max_backoff: float = 60.0,
        healthy_after: float = 60.0,
    ):
        super().__init__(name=f"lantoa-supervise-{name}", daemon=True)
        self.command = list(command)
        self.label = name
        self.poll, self.min_backoff, self.max_backoff, self.healthy_after = (
            poll,
            min_backoff,
            max_backoff,
            healthy_after,
        )
        self.backoff = min_backoff
        self.restarts = 0
        self.stopped = threading.Event()
        self.process = self._spawn()

    def _spawn(self) -> subprocess.Popen:
        self.started_at = time.monotonic()
        return subprocess.Popen(self.command)  # noqa: S603 - our own interpreter and command

    def next_backoff(self) -> float:
        """The wait before this restart; it doubles while the process dies young."""
        if time.monotonic() - self.started_at >= self.healthy_after:
            self.backoff = self.min_backoff
        wait, self.backoff = self.backoff, min(self.backoff * 2, self.max_backoff)
        return wait

    def run(self) -> None:
        while not self.stopped.wait(self.poll):
            code = self.process.poll()
            if code is None:
                continue
            wait = self.next_backoff()
            logger.warning(
                "The %s (pid %s) exited with status %s; restarting in %.0f s", self.label, self.process.pid, code, wait
            )
            if self.stopped.wait(wait):
                return
            self.process = self._spawn()
            self.restarts += 1
            logger.warning("The %s restarted (pid %s)", self.label, self.process.pid)

    def stop(self, timeout: float = 10) -> None:
        """Stop supervising and end the process (SIGTERM, then SIGKILL after `timeout` s)."""
        self.stopped.set()
        if self.is_alive():
            self.join()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
