"""Browser test: the commune union's admin opens the queue of channels its grassroots
unions registered, verifies one and refuses another with a reason; the unit reads both."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lantoa.browser_fixtures import log_in
from lantoa.channels import actions
from lantoa.channels.models import Channel, ChannelEventKind, ChannelKind, Verification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PASSWORD = "mat-khau-123"  # lantoa/org/tests/factories.make_user
REASON = "Nhóm chưa có cán bộ công đoàn làm quản trị viên."


@pytest.fixture
def registered(live_server, wagtail_roots, commune_world):
    officer, unit = commune_world["officer"], commune_world["grassroots"]
    groups = [
        actions.do_save_channel(
            Channel(), actor=officer, unit=unit, kind=kind, name=name, address=address
        )
        for kind, name, address in (
            (ChannelKind.ZALO_GROUP, "Nhóm Zalo Công đoàn May Sông Tiền", "https://zalo.me/g/maysongtien"),
            (ChannelKind.FACEBOOK_GROUP, "Nhóm Facebook Đoàn viên Sông Tiền",
             "https://www.facebook.com/groups/doanviensongtien"),
        )
    ]  # fmt: skip
    return live_server.url, commune_world, groups


def row(page, channel):
    return page.locator(f"li[data-channel='{channel.pk}']")


def test_the_level_above_verifies_one_group_and_refuses_another_with_a_reason(registered, page, browser):
    base, world, (zalo, facebook) = registered
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, base, "phukhuong.quantri", PASSWORD)

    page.get_by_role("button", name="Kênh truyền thông").click()
    page.get_by_role("link", name="Chờ xác minh").click()
    expect(page).to_have_url(re.compile(r"/admin/channel-verification/$"))
    expect(row(page, zalo)).to_contain_text("Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    page.screenshot(path=SCREENSHOTS / "channel-verification-queue-1280.png", full_page=True, animations="disabled")

    row(page, zalo).get_by_role("button", name="Xác minh").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã xác minh “{zalo.name}”")
    expect(row(page, zalo)).to_have_count(0)

    # Refusing without a reason is refused, with the reason asked for in Vietnamese.
    row(page, facebook).get_by_role("button", name="Từ chối").click()
    expect(page.locator(".error-message").first).to_contain_text("Hãy ghi lý do không xác minh kênh.")
    page.fill("textarea[name=reason]", REASON)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã từ chối xác minh “{facebook.name}”")
    expect(page.locator("main")).to_contain_text("Không có kênh nào chờ xác minh.")

    zalo.refresh_from_db()
    facebook.refresh_from_db()
    assert zalo.verification == Verification.VERIFIED and zalo.verified_by.username == "phukhuong.quantri"
    refusal = facebook.events.get(kind=ChannelEventKind.UNVERIFIED)
    assert facebook.verification == Verification.REFUSED and refusal.reason == REASON
    assert refusal.actor.username == "phukhuong.quantri"

    # The unit reads both answers in its register; the queue is not in its menu.
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    try:
        log_in(phone, base, "songtien.canbo", PASSWORD)
        phone.goto(f"{base}/admin/channels/")
        expect(phone.locator("main")).to_contain_text("Đã xác minh")
        expect(phone.locator("main")).to_contain_text(f"Không được xác minh: {REASON}")
        phone.goto(f"{base}/admin/channel-verification/")
        expect(phone).to_have_url(re.compile(r"/admin/$"))
    finally:
        context.close()


def test_the_queue_reads_on_a_phone(registered, browser):
    base, _world, (zalo, facebook) = registered
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    try:
        log_in(phone, base, "phukhuong.quantri", PASSWORD)
        phone.goto(f"{base}/admin/channel-verification/")
        expect(row(phone, zalo).get_by_role("button", name="Xác minh")).to_be_visible()
        phone.screenshot(path=SCREENSHOTS / "channel-verification-queue-390.png", full_page=True, animations="disabled")
        row(phone, facebook).locator("input[name=reason]").fill(REASON)
        row(phone, facebook).get_by_role("button", name="Từ chối").click()
        expect(phone.locator(".messages")).to_contain_text("Đã từ chối xác minh")
        row(phone, zalo).get_by_role("button", name="Xác minh").click()
        expect(phone.locator(".messages")).to_contain_text("Đã xác minh")
        expect(phone.locator("main")).to_contain_text("Không có kênh nào chờ xác minh.")
    finally:
        context.close()
    assert set(Channel.objects.values_list("verification", flat=True)) == {
        Verification.VERIFIED,
        Verification.REFUSED,
    }
