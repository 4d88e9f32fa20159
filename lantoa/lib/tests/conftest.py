"""Shared fixtures of the task tests: the database backend, a clean registry of periodic jobs."""

import pytest

from lantoa.lib import tasks as lib
from lantoa.lib.testing import DB_TASKS
from lantoa.lib.testing import use_tasks_settings as _use_tasks_settings


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
