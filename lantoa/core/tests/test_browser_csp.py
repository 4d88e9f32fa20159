"""Browser test: the pages a demo user goes through raise no Content-Security-Policy
violation (the sign-in page under the strict policy, the admin under its loosened one):
sign-in, dashboard, channel listing and form, plan form with its unit chooser opened, plan
dashboard, union calendar."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.channels.models import Channel
from lantoa.demo.province import key_units, load_demo_province
from lantoa.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
USERNAME = "tinh.tuyengiao"
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`
    );
});
"""


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


@pytest.fixture
def watched(page):
    """The page, with every CSP violation it reports collected (events and console)."""
    console: list[str] = []
    page.add_init_script(LISTEN)
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.csp_console = console
    return page


def violations(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations || []") + page.csp_console


def visit(page, url, name, found):
    page.goto(url)
    check(page, name, found)


def check(page, name, found):
    for violation in violations(page):
        found.append(f"{name}: {violation}")
    page.csp_console.clear()
    page.screenshot(path=SCREENSHOTS / f"csp-{name}.png", full_page=False)


def test_a_demo_users_pages_raise_no_content_security_policy_violation(demo, watched):
    page, found = watched, []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    plan = Plan.objects.get(issuing_unit=key_units()["vinh_long"], adopted_from__isnull=False)
    channel = Channel.objects.filter(unit=key_units()["vinh_long"]).order_by("pk").first() or Channel.objects.first()

    visit(page, f"{demo}/admin/login/", "login", found)
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit]")
    expect(page.locator(".messages .error")).to_be_visible()
    check(page, "login-refused", found)

    log_in(page, demo, USERNAME)
    check(page, "dashboard", found)
    visit(page, f"{demo}/admin/channels/", "channel-listing", found)
    visit(page, f"{demo}/admin/channels/edit/{channel.pk}/", "channel-form", found)
    visit(page, f"{demo}/admin/plans/list/edit/{plan.pk}/", "plan-form", found)
    page.locator("#id_issuing_unit-chooser [data-chooser-action-choose]").first.dispatch_event("click")
    expect(page.locator(".modal-content").first).to_be_visible()
    check(page, "unit-chooser", found)
    page.keyboard.press("Escape")
    visit(page, f"{demo}/admin/plans/{plan.pk}/dashboard/", "plan-dashboard", found)
    visit(page, f"{demo}/admin/plans/calendar/", "calendar", found)

    assert not found, "\n".join(found)


ADMIN_SCREENS = {
    "tasks": ("/admin/tasks/", "Tác vụ nền"),
    "signin-locks": ("/admin/signin-locks/", "Đăng nhập bị khóa"),
    "access-records": ("/admin/privacy/access-records/", None),
    "breach-add": ("/admin/privacy/breaches/new/", None),
}


def test_the_security_screens_open_on_desktop_and_phone_without_violations(demo, watched):
    """The screens of issue 8 (tasks, sign-in locks, access record, breach register) as the
    superuser, at 1280 px and at 390 px."""
    page, found = watched, []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo, "admin")
    for width, height, suffix in ((1280, 900, "desktop"), (390, 844, "390")):
        page.set_viewport_size({"width": width, "height": height})
        for name, (path, heading) in ADMIN_SCREENS.items():
            response = page.goto(f"{demo}{path}")
            assert response.status == 200, path
            if heading:
                expect(page.locator("h1, h2").filter(has_text=heading).first).to_be_visible()
            check(page, f"{name}-{suffix}", found)
    assert not found, "\n".join(found)
