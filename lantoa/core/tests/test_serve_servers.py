"""`serve` runs waitress or gunicorn, chosen by --server or LANTOA_WEB_SERVER, and its task
worker stays one: gunicorn's forked web processes never stop it."""

import os
import sys

import pytest

from lantoa.core.management.commands import serve

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="gunicorn needs fork")


class FakeSupervisor:
    stops: list[int]

    def __init__(self, command, **options):
        self.process = type("P", (), {"pid": 4242})()

    def start(self):
        pass

    def stop(self):
        FakeSupervisor.stops.append(os.getpid())


@pytest.fixture
def fake_worker(monkeypatch):
    FakeSupervisor.stops = []
    monkeypatch.setattr(serve, "Supervisor", FakeSupervisor)
    return FakeSupervisor


def test_the_command_line_serves_with_gunicorn_where_it_runs_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("LANTOA_WEB_SERVER", raising=False)
    assert serve.default_server() == "gunicorn"
    monkeypatch.setattr(serve, "gunicorn_available", lambda: False)  # Windows
    assert serve.default_server() == "waitress"
    monkeypatch.setenv("LANTOA_WEB_SERVER", "waitress")
    assert serve.Command().create_parser("manage.py", "serve").parse_args([]).server == "waitress"
    monkeypatch.setenv("LANTOA_WEB_SERVER", "gunicorn")
    assert serve.default_server() == "gunicorn"
    assert serve.Command().create_parser("manage.py", "serve").parse_args([]).server == "gunicorn"
    parser = serve.Command().create_parser("manage.py", "serve")
    assert parser.parse_args(["--server", "gunicorn"]).server == "gunicorn"


def test_web_processes_come_from_the_environment_or_the_cores(monkeypatch):
    monkeypatch.setenv("LANTOA_WEB_WORKERS", "3")
    assert serve.default_workers() == 3
    monkeypatch.delenv("LANTOA_WEB_WORKERS")
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert serve.default_workers() == 2
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert serve.default_workers() == 4


def test_gunicorn_gets_the_address_processes_and_threads(monkeypatch, fake_worker):
    seen = {}
    monkeypatch.setattr(serve, "gunicorn_serve", lambda app, **options: seen.update(options))
    serve.Command().handle(host="127.0.0.1", port=8123, threads=6, server="gunicorn", workers=3)
    assert seen == {"host": "127.0.0.1", "port": 8123, "workers": 3, "threads": 6}
    assert fake_worker.stops == [os.getpid()]


def test_a_forked_web_process_that_exits_leaves_the_worker_running(monkeypatch, fake_worker, tmp_path):
    """gunicorn's web processes are forks of `serve` and unwind through its `finally`."""
    parent = os.getpid()
    record = tmp_path / "stops"

    def gunicorn_forks_a_web_process(app, **options):
        if os.fork() == 0:
            raise SystemExit(0)  # a web process ending, as gunicorn ends them
        os.wait()

    monkeypatch.setattr(serve, "gunicorn_serve", gunicorn_forks_a_web_process)
    try:
        serve.Command().handle(host="127.0.0.1", port=8123, threads=2, server="gunicorn")
    except SystemExit:
        pass
    finally:
        if os.getpid() != parent:  # the child: say what it did and leave without pytest
            record.write_text(",".join(map(str, fake_worker.stops)))
            os._exit(0)
    assert record.read_text() == ""  # the web process stopped nothing
    assert fake_worker.stops == [parent]  # the master stopped the worker, once


def test_what_every_request_needs_is_loaded_and_frozen_before_serving():
    """The collector's full passes no longer walk the loaded site (the webhook's p99)."""
    import gc

    from django.urls import clear_url_caches, get_resolver

    clear_url_caches()
    assert not get_resolver()._populated
    try:
        serve.freeze_loaded_objects()
        assert get_resolver()._populated  # every URL pattern read, its views imported
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("server", ["waitress", "gunicorn"])
def test_both_servers_freeze_the_loaded_site_before_they_serve(monkeypatch, fake_worker, server):
    from gunicorn.app.base import BaseApplication

    steps = []
    monkeypatch.setattr(serve, "freeze_loaded_objects", lambda: steps.append("freeze"))
    monkeypatch.setattr(serve, "waitress_serve", lambda app, **options: steps.append("serve"))
    monkeypatch.setattr(BaseApplication, "run", lambda self: steps.append("serve"))
    monkeypatch.setattr(BaseApplication, "__init__", lambda self: None)
    serve.Command().handle(host="127.0.0.1", port=8123, threads=2, server=server)
    assert steps == ["freeze", "serve"]
