"""Browser test: the provincial editor types "giao long" in the sidebar's search box and
lands on the one search, with the commune union and its channels grouped by kind."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.demo.province import load_demo_province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


def test_the_sidebar_search_finds_giao_long_grouped_by_kind(demo, page, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo, "tinh.tuyengiao")
    box = page.locator("#wagtail-sidebar input[name=q]")
    box.fill("giao long")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/search/\?q=giao(\+|%20)long"))
    units = page.locator("section[data-kind=units]")
    expect(units.locator("li").first).to_contain_text("Công đoàn xã Giao Long")
    expect(page.locator("section[data-kind=channels]")).to_contain_text("Cán bộ công đoàn xã Giao Long")
    expect(units.locator("h2")).to_contain_text("Đơn vị công đoàn")
    page.screenshot(path=SCREENSHOTS / "search_1280.png", full_page=True, animations="disabled")

    units.locator("li a").first.click()
    expect(page).to_have_url(re.compile(r"/admin/org/units/inspect/\d+/"))
    expect(page.locator("body")).to_contain_text("Công đoàn xã Giao Long")

    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    small = phone.new_page()
    small.set_default_timeout(15_000)
    try:
        log_in(small, demo, "captren.demo")
        small.goto(f"{demo}/admin/search/?q=giao+long")
        # A commune officer reads only his own commune: Giao Long is a sibling (published
        # articles that name it are public, so only its units and channels must stay hidden).
        expect(small.locator("section[data-kind=units]")).to_have_count(0)
        expect(small.locator("section[data-kind=channels]")).to_have_count(0)
        small.goto(f"{demo}/admin/search/?q=Ph%C6%B0%E1%BB%9Bc+M%E1%BB%B9+Trung")
        expect(small.locator("section[data-kind=units]")).to_contain_text("Công đoàn xã Phước Mỹ Trung")
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
        small.screenshot(path=SCREENSHOTS / "search_390.png", full_page=True, animations="disabled")
    finally:
        phone.close()
