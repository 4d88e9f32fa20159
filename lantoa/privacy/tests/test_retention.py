"""Expired sessions and access records past the retention period are purged by periodic
jobs; Wagtail's audit log is kept unless a retention is set."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from lantoa.lib.tasks import PERIODIC
from lantoa.privacy import tasks
from lantoa.privacy.actions import record_access
from lantoa.privacy.models import AccessAction, AccessRecord

pytestmark = pytest.mark.django_db


def session(expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_the_purge_jobs_are_scheduled_by_the_worker():
    assert PERIODIC["privacy.purge_expired_sessions"].every == datetime.timedelta(days=1)
    assert PERIODIC["privacy.purge_old_logs"].every == datetime.timedelta(days=1)


def test_expired_sessions_are_purged_and_live_ones_kept():
    expired, live = session(-datetime.timedelta(minutes=1)), session(datetime.timedelta(days=1))
    tasks.purge_expired_sessions.enqueue()
    assert list(Session.objects.values_list("pk", flat=True)) == [live]
    assert expired != live


def aged_record(user, days):
    made = record_access(user, action=AccessAction.READ)
    AccessRecord.objects.filter(pk=made.pk).update(at=timezone.now() - datetime.timedelta(days=days))
    return made.pk


def test_access_records_older_than_the_retention_are_deleted(world, settings):
    settings.LANTOA_LOG_RETENTION_DAYS = 30
    old, recent = aged_record(world["admin"], 31), aged_record(world["admin"], 29)
    tasks.purge_old_logs.enqueue()
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [recent]
    assert old != recent


def test_access_records_are_kept_a_year_by_default(world):
    kept = aged_record(world["admin"], 364)
    tasks.purge_old_logs.enqueue()
    assert AccessRecord.objects.filter(pk=kept).exists()


def test_the_audit_log_is_kept_unless_a_retention_is_set(world, settings):
    log(world["grassroots"], "wagtail.edit", user=world["admin"])
    ModelLogEntry.objects.update(timestamp=timezone.now() - datetime.timedelta(days=4000))
    tasks.purge_old_logs.enqueue()
    assert ModelLogEntry.objects.exists()
    settings.LANTOA_AUDIT_LOG_RETENTION_DAYS = 3650
    tasks.purge_old_logs.enqueue()
    assert not ModelLogEntry.objects.exists()
