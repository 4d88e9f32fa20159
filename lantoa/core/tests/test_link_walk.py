"""Every link and button a demo role sees works for that role: no 403, 404 or 500 behind it.

Each demo login walks its admin from the dashboard through Django's test client (see
`linkwalk.py`: one URL per route pattern, at most 80 pages a role, redirects followed, a
redirect to the login page or a refused permission counting as a failure, exports asked
for and expected to answer 200). An action the role may not take must not be shown; an
action shown must work. A failure names the link and the page it was found on.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from lantoa.core.tests.linkwalk import Link, page_links, walk
from lantoa.demo.province import load_demo_province

# What a role is shown does not depend on the database: walked on the SQLite pass only.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]

LOGINS = [
    "admin",
    "tinh.tuyengiao",
    "tinh.truongban",
    "tinh.lanhdao",
    "tinh.phatngon",
    "tinh.taichinh",
    "captren.demo",
    "coso.demo",
]
MAX_PAGES = 80


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo province, loaded once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_province()
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", LOGINS)
def test_every_link_a_demo_role_sees_works_for_it(demo, username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    result = walk(client, max_pages=MAX_PAGES)
    print(
        f"\n{username}: {len(result.visited)} pages, {len(set(result.patterns))} patterns, "
        f"{result.left} left unopened, {result.seconds:.1f}s"
    )
    for url, key in zip(result.visited, result.patterns, strict=True):
        print(f"  {key:60} {url}")
    if result.failures:
        pytest.fail(f"{username}: links that do not work:\n" + "\n".join(result.failures), pytrace=False)


def test_the_walk_follows_what_a_user_can_click_and_nothing_else():
    html = """
        <a href="/admin/a/">shown</a> <a href="#main">skip link</a> <a href="mailto:x@example.org">mail</a>
        <a href="https://example.org/">elsewhere</a> <a href="javascript:void(0)">script</a>
        <template><a href="/admin/never-shown/">row template</a></template>
        <template data-controller="w-teleport"><a href="/admin/teleported/">header button</a></template>
        <noscript><a href="/admin/noscript/">no script</a></noscript>
        <div hidden><a href="/admin/dropdown/">a dropdown's item</a></div>
        <form method="post" action="/admin/post/"></form> <form action="?q=1"></form>
        <input type="checkbox" data-bulk-action-checkbox data-object-id="7">
        <a data-bulk-action-button href="/admin/bulk/plans/campaign/delete/">bulk</a>
        <script id="wagtail-sidebar-props" type="application/json">
            {"modules": [{"_type": "menu", "_args": [[{"_args": [{"name": "x", "url": "/admin/menu/"}]}]]}]}
        </script>
    """
    assert set(page_links(html, "/admin/page/")) == {
        Link("/admin/a/"),
        Link("/admin/teleported/"),
        Link("/admin/dropdown/"),
        Link("/admin/post/", "post"),
        Link("/admin/page/?q=1"),
        Link("/admin/bulk/plans/campaign/delete/?id=7"),
        Link("/admin/menu/"),
    }


def test_the_walk_reports_a_missing_page_and_a_lost_session(demo):
    officer = Client()
    officer.force_login(get_user_model().objects.get(username="coso.demo"))
    assert walk(officer, start="/admin/no-such-screen/", max_pages=1).failures == [
        "/admin/no-such-screen/ -> HTTP 404 (found on (start))"
    ]
    failures = walk(Client(), start="/admin/", max_pages=1).failures
    assert failures[0].startswith("/admin/ -> redirected to the login page")
