"""Browser test of the inbox's staff screens: the officer of a grassroots union opens
"Hộp thư người lao động", sees only their union's case, opens it, answers it and sees it
answered on the thread. Screenshots at desktop width and 390 px in var/screenshots/."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.inbox.models import Case, CaseStatus, Direction

from .staff_world import PASSWORD, build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PHONE = 390
ANSWER = "Chào chị, công đoàn đã làm việc với công ty: lương tháng 5 sẽ được trả trước ngày 15/6/2026."


@pytest.fixture
def world(live_server):
    ensure_wagtail_roots()
    return build()


def shoot(page, name):
    """The screen whole at desktop width and on a 390 px phone, which must not scroll
    sideways (the admin scrolls inside its own frame: a tall viewport shows it all)."""
    page.set_viewport_size({"width": 1280, "height": 2000})
    page.screenshot(path=SCREENSHOTS / f"{name}.png")
    page.set_viewport_size({"width": PHONE, "height": 3000})
    page.screenshot(path=SCREENSHOTS / f"{name}_{PHONE}.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways at {PHONE} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_grassroots_officer_answers_a_case_of_their_union(world, live_server, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base, case = live_server.url, world.wages
    log_in(page, base, world.officer.username, password=PASSWORD)

    page.goto(f"{base}{reverse('inbox_cases')}")
    rows = page.locator("tr[data-case]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(case.code)
    expect(page.locator(f'tr[data-case="{world.safety.pk}"]')).to_have_count(0)
    expect(page.get_by_text("Nguyễn Thị Hoa")).to_have_count(0)  # the pseudonymous list
    shoot(page, "inbox_staff_list")

    page.get_by_role("link", name=case.code).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("inbox_case", args=[case.pk])) + "$"))
    expect(page.locator("[data-pseudonym]")).to_have_text(case.contact.pseudonym)
    expect(page.locator("[data-personal]")).to_contain_text("0912000111")
    expect(page.locator('[data-direction="in"]')).to_contain_text("nợ lương tháng 5")
    page.fill("textarea[name=text] >> nth=0", ANSWER)
    shoot(page, "inbox_staff_case")
    with page.expect_navigation():  # the answer's post and the case page it redirects to (slow on a busy CI)
        page.locator("form:has(input[name=action][value=answer]) button[type=submit]").click()

    expect(page.locator('[data-direction="out"]')).to_contain_text(ANSWER)
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "answered")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ANSWERED
    assert case.messages.filter(direction=Direction.OUT, body=ANSWER, author=world.officer).exists()
    shoot(page, "inbox_staff_answered")
