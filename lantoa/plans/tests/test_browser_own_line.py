"""Browser test: a commune officer opens the Vĩnh Long plan received from the province and,
from the groups target's card, his own commune's line of the provincial target (issue #9)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.demo.province import key_units, load_demo_province
from lantoa.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


def open_own_line(page, base, plan, groups):
    page.goto(f"{base}/admin/plans/{plan.pk}/dashboard/")
    card = page.locator(f"[data-target='{groups.pk}']")
    expect(card).to_be_visible()
    card.locator(f"a[href*='/targets/{groups.pk}/']").click()
    expect(page).to_have_url(re.compile(rf"/admin/plans/{plan.pk}/targets/{groups.pk}/"))


def test_a_commune_officer_opens_his_own_line_of_a_provincial_target(demo, page, browser):
    units = key_units()
    plan = Plan.objects.get(issuing_unit=units["vinh_long"], adopted_from__isnull=False)
    groups = plan.targets.get(indicator="units_with_groups")
    commune = units["commune"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    log_in(page, demo, "captren.demo")
    open_own_line(page, demo, plan, groups)
    line = page.locator(f"article[data-unit='{commune.pk}']")
    expect(line).to_be_visible()
    expect(line.locator("h2")).to_have_text(commune.name)
    # The province is named in the path down the tree, but not opened.
    trail = page.locator(".lantoa-trail")
    expect(trail).to_contain_text(units["vinh_long"].name)
    expect(trail.locator("a")).to_have_count(0)
    expect(page.locator("[data-status=missed]")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "plan-own-line-1280.png", full_page=True, animations="disabled")

    # The provincial line itself stays closed to him.
    response = page.goto(f"{demo}/admin/plans/{plan.pk}/targets/{groups.pk}/?don_vi={units['vinh_long'].pk}")
    assert response.status == 404

    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    small = phone.new_page()
    small.set_default_timeout(15_000)
    try:
        log_in(small, demo, "captren.demo")
        open_own_line(small, demo, plan, groups)
        expect(small.locator(f"article[data-unit='{commune.pk}']")).to_be_visible()
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
        small.screenshot(path=SCREENSHOTS / "plan-own-line-390.png", full_page=True, animations="disabled")
    finally:
        phone.close()
