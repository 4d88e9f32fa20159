"""The user guide shows only screens that exist: every screen it registers opens (200) for
the demo role it is shown as, and its title (<h1>) still says what the guide expects.
A page renamed or removed fails here, before the guide's screenshots lie to anyone."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from lantoa.demo.province import load_demo_province
from lantoa.workspace.guide import PAGES, SHOTS

# Which screens exist does not depend on the database: checked on the SQLite pass only.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]

LOGINS = ["admin", "tinh.tuyengiao", "tinh.lanhdao", "tinh.phatngon", "tinh.taichinh", "captren.demo", "coso.demo"]
STATIC = Path(__file__).resolve().parents[1] / "static"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo province, loaded once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_province()
        yield
        transaction.set_rollback(True)


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def headings(body: str) -> list[str]:
    found = re.findall(r"<h1\b[^>]*>(.*?)</h1>", body, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split()) for text in found]


@pytest.mark.parametrize("key", sorted(SHOTS))
def test_a_screen_the_guide_shows_opens_for_its_role_with_the_heading_the_guide_expects(demo, key):
    shot = SHOTS[key]
    url = shot.url()
    response = client_for(shot.username).get(url)
    assert response.status_code == 200, f"{key}: {url} answers {response.status_code} to {shot.username}"
    titles = headings(response.content.decode())
    assert any(shot.heading in title for title in titles), f"{key}: {url} shows {titles}, not “{shot.heading}”"


@pytest.mark.parametrize("username", LOGINS)
def test_every_demo_login_reads_the_guide_index_and_every_role_page(demo, username):
    client = client_for(username)
    index = client.get(reverse("guide_index"))
    assert index.status_code == 200
    assert headings(index.content.decode()) == ["Hướng dẫn sử dụng"]
    for page in PAGES:
        assert f'href="{reverse("guide_page", args=[page.slug])}"' in index.content.decode()
        response = client.get(reverse("guide_page", args=[page.slug]))
        assert response.status_code == 200, page.slug
        assert headings(response.content.decode()) == [str(page.title)]


def test_each_role_page_shows_its_registered_screenshots_and_no_other(demo):
    client = client_for("coso.demo")
    for page in PAGES:
        body = client.get(reverse("guide_page", args=[page.slug])).content.decode()
        shown = re.findall(r'<img src="/static/workspace/guide/([a-z_]+)\.png"', body)
        assert shown == list(page.shots), page.slug


def test_every_registered_screenshot_is_committed_and_every_committed_one_is_registered():
    folder = STATIC / "workspace" / "guide"
    committed = {path.stem for path in folder.glob("*.png") if not path.stem.endswith("-390")}
    assert committed == set(SHOTS)


def test_an_unknown_role_page_is_not_found(demo):
    assert client_for("coso.demo").get("/admin/guide/khong-co-vai-tro-nay/").status_code == 404
