"""Playwright fixtures shared by browser tests: one headless system Chromium per session.

Without Chromium the tests marked `browser` are skipped, with one line at the end of the
run saying how to install it (`make test` installs it itself when run as root)."""

import contextlib
import os
import re

import pytest

CHROMIUM = os.environ.get("LANTOA_CHROMIUM", "/usr/bin/chromium")
INSTALL_HINT = "sudo apt-get install -y chromium"
EXPECT_TIMEOUT_MS = 15_000
SKIPPED_FOR_CHROMIUM = pytest.StashKey[tuple]()  # (browser tests skipped, why)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_missing() -> str:
    """Why the browser tests cannot run here ("" when they can)."""
    if os.access(CHROMIUM, os.X_OK):
        return ""
    return f"Chromium is missing at {CHROMIUM}; install it with: {INSTALL_HINT}"


@pytest.fixture(scope="session", autouse=True)
def flush_between_requests():
    """The flush after a transactional test waits for the live server's requests (and they for it)."""
    from lantoa.test_middleware import flushing_between_requests

    with flushing_between_requests():
        yield


@pytest.fixture(scope="session")
def browser():
    if missing := chromium_missing():
        pytest.skip(missing)
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait up to EXPECT_TIMEOUT_MS (Playwright's default is 5 s): on a busy 2-core
    # CI a post and the page it redirects to took longer. A check that holds returns at once.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(request, browser):
    # A test's database is flushed after its page closes; requests the page still has in
    # flight then (Wagtail's editing-session release beacon on unload) would hold SQLite's
    # shared in-memory database and make the flush fail, so teardown lets them finish.
    if "live_server" in request.fixturenames:
        request.getfixturevalue("live_server")
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    in_flight = _track_requests(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    _leave_quietly(context, in_flight)
    context.close()


def _track_requests(context) -> set:
    in_flight = set()

    def opened(request):
        in_flight.add(request)

    def closed(request):
        in_flight.discard(request)

    context.on("request", opened)
    context.on("requestfinished", closed)
    context.on("requestfailed", closed)
    return in_flight


def _leave_quietly(context, in_flight: set, wait_ms: int = 5_000) -> None:
    """Unload every page (firing its unload beacons) and wait until no request is open."""
    step = 50
    from playwright.sync_api import Error as PlaywrightError

    for open_page in context.pages:
        with contextlib.suppress(PlaywrightError):  # a closed page has nothing to send
            open_page.goto("about:blank")
    for _ in range(wait_ms // step):
        if not in_flight or not context.pages:
            return
        context.pages[0].wait_for_timeout(step)


@pytest.fixture
def wagtail_roots(live_server):
    """Ask for it before fixtures that build units or pages (`commune_world`, `plan`…): a
    flushed database has no root collection for their media groups."""
    ensure_wagtail_roots()


def ensure_wagtail_roots():
    """Put back the rows Wagtail's migrations create (root collection, locale, root page and
    site) when a transactional test before this one flushed the database."""
    from wagtail.models import Collection, Locale, Page, Site

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    locale, _created = Locale.objects.get_or_create(language_code="vi")
    if not Page.objects.exists():
        root = Page.add_root(title="Root", locale=locale)
        home = root.add_child(instance=Page(title="Lan Tỏa", slug="home", locale=locale))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


def log_in(page, base_url, username, password="lantoa-demo"):
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    # Grassroots officers land on their own pages (lantoa.cascade.landing), the rest on the admin.
    page.wait_for_url(re.compile(rf"{re.escape(base_url)}/(admin|viec)/$"))


def pytest_collection_modifyitems(config, items):
    """Browser tests and fuzzing of the admin screens answer the same on every database:
    CI runs them on the SQLite pass only (markers `browser` and `sqlite_only`). Without
    Chromium, browser tests are skipped rather than failing with Playwright's stack trace."""
    from django.conf import settings

    if missing := chromium_missing():
        skip_browser = pytest.mark.skip(reason=missing)
        skipped = [item for item in items if "browser" in item.keywords]
        for item in skipped:
            item.add_marker(skip_browser)
        config.stash[SKIPPED_FOR_CHROMIUM] = (len(skipped), missing)
    if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="runs on the SQLite pass only")
    for item in items:
        if "browser" in item.keywords or "sqlite_only" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The one line that says why browser tests did not run, and how to make them run."""
    count, missing = config.stash.get(SKIPPED_FOR_CHROMIUM, (0, ""))
    if count:
        terminalreporter.write_line(f"{count} browser test(s) skipped: {missing}", yellow=True, bold=True)
