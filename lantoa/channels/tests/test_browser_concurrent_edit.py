"""Browser test: two people edit the same channel; the second is told what changed and keeps
what they typed."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.channels.models import Channel
from lantoa.demo.province import load_demo_province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
NEW_NAME = "Nhóm Zalo Công đoàn cơ sở (đổi tên)"
TYPED_ADMINS = "Nguyễn Thị Hoa\nTrần Văn Nam"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province(with_plans=False)
    return live_server.url


def second_tab(browser, base_url, username, width=1280):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base_url, username)
    return context, page


def submit(page):
    page.locator("form[data-edit-form] button[type=submit]").first.click()


def test_the_second_save_shows_what_changed_and_keeps_what_was_typed(demo, page, browser):
    """coso.demo at a desk and captren.demo on a phone (390 px) edit the same Zalo group."""
    channel = Channel.objects.filter(unit__roles__user__username="coso.demo").order_by("pk").first()
    edit = f"{demo}/admin/channels/edit/{channel.pk}/"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo, "coso.demo")
    context, phone = second_tab(browser, demo, "captren.demo", width=390)
    try:
        page.goto(edit)
        phone.goto(edit)
        page.fill("input[name=name]", NEW_NAME)
        submit(page)
        expect(page.locator(".messages")).to_contain_text("Đã cập nhật")

        phone.fill("textarea[name=admins]", TYPED_ADMINS)
        submit(phone)
        message = phone.locator(".messages")
        expect(message).to_contain_text(re.compile(r"Người khác \(.+\) đã lưu kênh truyền thông này lúc \d\d:\d\d"))
        expect(message).to_contain_text(f"Tên: của bạn «{channel.name}» → đã lưu «{NEW_NAME}»")
        expect(phone.locator("textarea[name=admins]")).to_have_value(TYPED_ADMINS)
        phone.screenshot(path=SCREENSHOTS / "channel-edit-conflict-390.png", animations="disabled")

        # The desk reopens the channel; the phone then saves again, deliberately, keeping the new name.
        page.goto(edit)
        phone.fill("input[name=name]", NEW_NAME)
        submit(phone)
        expect(phone).to_have_url(re.compile(r"/admin/channels/$"))

        page.fill("input[name=location]", "Phòng truyền thống công ty")
        submit(page)
        message = page.locator(".messages")
        expect(message).to_contain_text("Người khác (")
        expect(message).to_contain_text("→ đã lưu «Nguyễn Thị Hoa; Trần Văn Nam»")
        expect(page.locator("input[name=location]")).to_have_value("Phòng truyền thống công ty")
        page.screenshot(path=SCREENSHOTS / "channel-edit-conflict-desktop.png", animations="disabled")
    finally:
        context.close()
    channel.refresh_from_db()
    assert channel.name == NEW_NAME and channel.admins.splitlines() == TYPED_ADMINS.splitlines()
    assert channel.location == ""
