"""Idempotency keys do not block work for ever: they expire after LANTOA_TASK_KEY_DAYS, a
periodic job deletes expired ones, and a task that failed for good frees its key."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from lantoa.lib import tasks as lib
from lantoa.lib.models import TaskKey

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


@lib.background_task()
def record(label):
    CALLS.append(label)


@lib.background_task(max_attempts=2, backoff_seconds=0)
def always_down(label):
    CALLS.append(label)
    raise ConnectionError("Zalo API unreachable")


@lib.background_task()
def bad_token(label):
    raise lib.PermanentError("bad token")


@pytest.fixture(autouse=True)
def _calls(settings):
    CALLS.clear()
    settings.LANTOA_TASK_KEY_DAYS = 7


def test_a_key_expires_the_configured_number_of_days_after_it_was_made():
    lib.enqueue_once(record, "a", key="dispatch:1")
    key = TaskKey.objects.get(key="dispatch:1")
    lifetime = key.expires_at - key.created_at
    assert abs(lifetime - datetime.timedelta(days=7)) < datetime.timedelta(seconds=1)


def test_an_expired_key_no_longer_blocks_the_same_work():
    lib.enqueue_once(record, "a", key="dispatch:1")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6), tick=False):
        assert lib.enqueue_once(record, "a", key="dispatch:1") is None
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8), tick=False):
        assert lib.enqueue_once(record, "a", key="dispatch:1") is not None
    assert CALLS == ["a", "a"]
    assert TaskKey.objects.filter(key="dispatch:1").count() == 1


def test_the_purge_deletes_expired_keys_and_keeps_live_ones():
    lib.enqueue_once(record, "old", key="cu")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=5), tick=False):
        lib.enqueue_once(record, "new", key="moi")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8), tick=False):
        assert lib.purge_expired_task_keys.call() == 1
    assert list(TaskKey.objects.values_list("key", flat=True)) == ["moi"]


def test_the_purge_is_a_periodic_job_of_the_worker():
    job = lib.PERIODIC["lib.purge_task_keys"]
    assert job.task is lib.purge_expired_task_keys
    assert job.every <= datetime.timedelta(days=1)


def test_a_task_that_gave_up_frees_its_key():
    assert lib.enqueue_once(always_down, "x", key="zalo-send:5") is not None
    assert CALLS == ["x", "x"]  # inline backend: the retry ran at once and failed too
    assert not TaskKey.objects.filter(key="zalo-send:5").exists()
    assert lib.enqueue_once(always_down, "x", key="zalo-send:5") is not None


def test_a_task_refused_for_good_frees_its_key():
    lib.enqueue_once(bad_token, "x", key="zalo-send:6")
    assert not TaskKey.objects.filter(key="zalo-send:6").exists()


def test_a_successful_task_keeps_its_key():
    lib.enqueue_once(record, "x", key="zalo-send:7")
    assert TaskKey.objects.filter(key="zalo-send:7").exists()
