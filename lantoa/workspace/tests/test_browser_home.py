"""Browser test: each demo role logs in and finds its first task on the home page "Việc
của tôi", on a desktop and on a 390×844 phone without sideways scrolling; the commune
officer reports his overdue plan duty done from there, on his work page (/viec/<task>/)."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.demo.province import load_demo_province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
# Each role: the panel holding its first task and where its button leads.
FIRST_TASKS = {
    "tinh.lanhdao": (
        "lantoa_home_decisions",
        "Xem và duyệt",
        r"/admin/(plans/campaigns/\d+/review|snippets/plans/campaign/edit/\d+)/",
    ),
    "tinh.tuyengiao": ("lantoa_home_work", "Báo cáo hoàn thành", r"/viec/\d+/$"),
    "tinh.taichinh": ("lantoa_home_spending", "Ghi chi tiêu", r"/admin/plans/campaigns/\d+/spending/"),
    "coso.demo": ("lantoa_home_calendar", "Đề xuất chiến dịch", r"/admin/snippets/plans/campaign/add/"),
    "captren.demo": ("lantoa_home_work", "Báo cáo hoàn thành", r"/viec/\d+/$"),
}


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


def open_first_task(page, base, username):
    panel_name, button, target = FIRST_TASKS[username]
    page.goto(f"{base}/admin/")
    expect(page.locator("h1")).to_have_text("Việc của tôi")
    panel = page.locator(f"[data-panel='{panel_name}']")
    expect(panel.locator("li").first).to_be_visible()
    return panel, button, target


def check_phone(browser, base, username):
    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    small = phone.new_page()
    small.set_default_timeout(15_000)
    try:
        log_in(small, base, username)
        open_first_task(small, base, username)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{username}: the home scrolls sideways on a phone ({width} px)"
        small.screenshot(path=SCREENSHOTS / f"home_{username}-390.png", full_page=True, animations="disabled")
    finally:
        phone.close()


def test_every_demo_role_finds_its_first_task_on_the_home_page(demo, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for username in FIRST_TASKS:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            log_in(page, demo, username)
            panel, button, target = open_first_task(page, demo, username)
            page.screenshot(path=SCREENSHOTS / f"home_{username}-1280.png", full_page=True, animations="disabled")
            panel.get_by_role("link", name=button).first.click()
            expect(page).to_have_url(re.compile(target))
            assert "Lỗi" not in page.title()
        finally:
            context.close()
        check_phone(browser, demo, username)


def test_a_commune_officer_reports_his_overdue_plan_duty_done_from_the_home_page(demo, page):
    log_in(page, demo, "captren.demo")
    panel, button, _target = open_first_task(page, demo, "captren.demo")
    item = panel.locator("li.lantoa-home-item--late", has_text="Lập nhóm Zalo").first
    expect(item).to_be_visible()
    task = item.get_attribute("data-task")
    item.get_by_role("link", name=button).click()
    expect(page).to_have_url(re.compile(rf"/viec/{task}/$"))
    page.check("input[name=outcome][value=done]")
    page.fill("input[name=day]", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("textarea[name=report]", "Đã lập nhóm Zalo của cán bộ công đoàn xã, 25 thành viên.")
    page.locator("form.mark button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/viec/$"))
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")
    page.goto(f"{demo}/admin/")
    expect(page.locator("h1")).to_have_text("Việc của tôi")
    expect(page.locator(f"[data-panel='lantoa_home_work'] [data-task='{task}']")).to_have_count(0)
