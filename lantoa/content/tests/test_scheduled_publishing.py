"""Scheduled publishing: an approved article with a "go live" time goes live when the
worker's minute job runs after it, and an article past its expiry is taken down."""

import datetime
import os
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings

from lantoa.content.models import ArticlePage
from lantoa.content.tasks import publish_scheduled
from lantoa.lib.tasks import PERIODIC

from .editorial_world import editorial_world_fixture, submit, write_article  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

HANOI = datetime.timezone(datetime.timedelta(hours=7))
MORNING = datetime.datetime(2026, 4, 28, 8, 0, tzinfo=HANOI)


def approve_all(article, *deciders):
    for user in deciders:
        task_state = ArticlePage.objects.get(pk=article.pk).current_workflow_task_state
        task_state.task.specific.on_action(task_state, user, "approve")
    return ArticlePage.objects.get(pk=article.pk)


def run_the_job_at(moment):
    with time_machine.travel(moment, tick=False):
        publish_scheduled.enqueue()


def test_an_approved_article_goes_live_when_the_job_runs_after_its_time(editorial_world):
    world = editorial_world
    with time_machine.travel(MORNING, tick=False):
        go_live = MORNING + datetime.timedelta(days=2)
        article = write_article(world["home"], world["province_editor"], go_live_at=go_live)
        article = submit(article, world["province_editor"])
        article = approve_all(article, world["board_head"], world["leader"])
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at == go_live

    run_the_job_at(go_live - datetime.timedelta(minutes=1))
    assert not ArticlePage.objects.get(pk=article.pk).live
    run_the_job_at(go_live + datetime.timedelta(minutes=1))
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and article.first_published_at == go_live + datetime.timedelta(minutes=1)


def test_an_unapproved_article_with_a_time_stays_a_draft(editorial_world):
    world = editorial_world
    with time_machine.travel(MORNING, tick=False):
        article = write_article(
            world["home"], world["province_editor"], go_live_at=MORNING + datetime.timedelta(hours=1)
        )
        submit(article, world["province_editor"])
    run_the_job_at(MORNING + datetime.timedelta(days=1))
    assert not ArticlePage.objects.get(pk=article.pk).live


def test_a_live_article_past_its_expiry_is_unpublished(editorial_world):
    world = editorial_world
    expire = MORNING + datetime.timedelta(days=7)
    with time_machine.travel(MORNING, tick=False):
        article = write_article(world["home"], world["province_editor"], expire_at=expire)
        article = approve_all(submit(article, world["province_editor"]), world["board_head"], world["leader"])
    assert article.live
    run_the_job_at(expire - datetime.timedelta(minutes=1))
    assert ArticlePage.objects.get(pk=article.pk).live
    run_the_job_at(expire + datetime.timedelta(minutes=1))
    article = ArticlePage.objects.get(pk=article.pk)
    assert not article.live and article.expired


def test_the_job_is_registered_every_minute():
    job = PERIODIC["content.publish_scheduled"]
    assert job.every == datetime.timedelta(minutes=1)
    assert job.task.module_path == publish_scheduled.module_path


def test_the_job_is_registered_when_the_app_starts_without_importing_it():
    # A fresh process, as the worker starts: lantoa.lib autodiscovers every app's tasks module.
    code = (
        "import django; django.setup(); from lantoa.lib.tasks import PERIODIC; "
        "print('content.publish_scheduled' in PERIODIC)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lantoa.test_settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, check=True
    )
    assert result.stdout.strip() == "True"
