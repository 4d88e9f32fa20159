"""`serve` keeps its task worker alive: a worker killed with SIGKILL is started again,
after a back-off that grows while it keeps dying, and the restart is logged."""

import logging
import os
import signal
import sys
import time

import pytest

from lantoa.core.management.commands import serve
from lantoa.lib.supervise import Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def supervisor():
    started = []

    def start(command=SLEEPER, **options):
        options = {"poll": 0.05, "min_backoff": 0.1, "max_backoff": 1.0, **options}
        sup = Supervisor(command, **options)
        sup.start()
        started.append(sup)
        return sup

    yield start
    for sup in started:
        sup.stop(timeout=2)


def test_a_worker_killed_with_sigkill_is_started_again(supervisor, caplog):
    caplog.set_level(logging.WARNING, logger="lantoa.lib.supervise")
    sup = supervisor()
    first = sup.process
    os.kill(first.pid, signal.SIGKILL)
    assert wait_for(lambda: sup.restarts == 1)
    assert sup.process.pid != first.pid and sup.process.poll() is None
    assert f"pid {first.pid}" in caplog.text and str(-signal.SIGKILL) in caplog.text
    assert f"restarted (pid {sup.process.pid})" in caplog.text


def test_the_wait_before_a_restart_doubles_while_the_worker_keeps_dying(supervisor):
    sup = supervisor([sys.executable, "-c", "raise SystemExit(3)"], min_backoff=0.05, max_backoff=0.2)
    assert wait_for(lambda: sup.restarts >= 3)
    assert sup.backoff == 0.2


def test_a_worker_that_lived_long_enough_restarts_after_the_shortest_wait(supervisor):
    sup = supervisor(min_backoff=0.1, healthy_after=0.0)
    sup.backoff = 1.0
    assert sup.next_backoff() == 0.1


def test_stopping_ends_the_worker_and_no_restart_follows(supervisor):
    sup = supervisor()
    process = sup.process
    sup.stop(timeout=2)
    assert process.poll() is not None
    assert sup.restarts == 0


def test_serve_supervises_its_worker(monkeypatch):
    seen = {}

    class FakeSupervisor:
        def __init__(self, command, **options):
            seen["command"] = command
            self.process = type("P", (), {"pid": 4242})()

        def start(self):
            seen["started"] = True

        def stop(self):
            seen["stopped"] = True

    monkeypatch.setattr(serve, "Supervisor", FakeSupervisor)
    monkeypatch.setattr(serve, "waitress_serve", lambda *args, **kwargs: seen.setdefault("served", True))
    serve.Command().handle(host="127.0.0.1", port=8123, threads=2)
    assert seen["command"][-1] == "run_worker" and seen["started"] and seen["served"] and seen["stopped"]


def test_serve_stops_its_worker_when_it_is_terminated(monkeypatch):
    """SIGTERM (systemd's stop, `kill`) must not leave the worker running on its own."""
    stopped = []

    class FakeSupervisor:
        def __init__(self, command, **options):
            self.process = type("P", (), {"pid": 4242})()

        def start(self):
            pass

        def stop(self):
            stopped.append(True)

    def terminated_while_serving(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # the handler runs before this ends

    previous = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(serve, "Supervisor", FakeSupervisor)
    monkeypatch.setattr(serve, "waitress_serve", terminated_while_serving)
    try:
        with pytest.raises(SystemExit):
            serve.Command().handle(host="127.0.0.1", port=8123, threads=2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert stopped == [True]
