"""Browser test: the provincial approver reviews the demo's waiting campaign on its summary,
sends it back with a comment, and approves it once it comes back changed (issue #10)."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.demo.province import key_units, load_demo_province
from lantoa.plans import actions
from lantoa.plans.models import Campaign, CampaignState, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


def user(username):
    return get_user_model().objects.get(username=username)


def shoot(page, name):
    """The whole page: the admin scrolls inside its layout, so grow the window to fit."""
    size = page.viewport_size
    height = page.evaluate("Math.max(document.body.scrollHeight, document.querySelector('main').scrollHeight)")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 100)})
    page.screenshot(path=SCREENSHOTS / name, full_page=True, animations="disabled")
    page.set_viewport_size(size)


def waiting_campaign() -> Campaign:
    """The demo's campaign waiting for the province's approver, or one proposed now."""
    vinh_long = key_units()["vinh_long"]
    for campaign in Campaign.objects.filter(unit=vinh_long).order_by("pk"):
        if campaign.state == CampaignState.PROPOSED:
            return campaign
    plan = Plan.objects.filter(issuing_unit=vinh_long).exclude(status="draft").first()
    today = datetime.date.today()
    campaign = Campaign(
        plan=plan, theme=plan.themes.first(), unit=vinh_long, title="Chiến dịch chờ duyệt",
        start_date=today, end_date=today + datetime.timedelta(days=30),
    )  # fmt: skip
    return actions.do_propose_campaign(campaign, actor=user("tinh.tuyengiao"))


def test_the_approver_sends_a_campaign_back_then_approves_it_once_changed(demo, page, browser):
    campaign = waiting_campaign()
    url = f"{demo}/admin/plans/campaigns/{campaign.pk}/review/"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    log_in(page, demo, "tinh.lanhdao")
    page.goto(url)
    expect(page.locator("#review-heading")).to_have_text(campaign.title)
    expect(page.locator("[data-first-version]")).to_be_visible()
    expect(page.locator("form[data-answer]")).to_have_count(3)
    shoot(page, "campaign_review_1280.png")

    # Sending back without a comment is refused, with a message in Vietnamese.
    send_back = page.locator("form[data-answer=request_changes]")
    send_back.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(page.locator("form[data-answer=request_changes]")).to_contain_text("Hãy ghi rõ cần chỉnh sửa gì")
    send_back = page.locator("form[data-answer=request_changes]")
    send_back.locator("textarea").fill("Bổ sung kênh Đài Phát thanh và Truyền hình Vĩnh Long")
    send_back.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã trả lại chiến dịch «{campaign.title}» để chỉnh sửa.")
    expect(page.locator("form[data-answer]")).to_have_count(0)

    # The editor changes the key message and sends it again.
    campaign = Campaign.objects.get(pk=campaign.pk).get_latest_revision_as_object()
    campaign.key_message = "Tết Sum vầy – Công đoàn đồng hành cùng người lao động"
    actions.do_propose_campaign(campaign, actor=user("tinh.tuyengiao"))

    page.goto(url)
    change = page.locator("[data-change]")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("Tết Sum vầy – Công đoàn đồng hành cùng người lao động")
    expect(page.locator("[data-changes]")).to_contain_text("Bổ sung kênh Đài Phát thanh")

    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    small = phone.new_page()
    small.set_default_timeout(15_000)
    try:
        log_in(small, demo, "tinh.lanhdao")
        small.goto(url)
        expect(small.locator("form[data-answer]")).to_have_count(3)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
        shoot(small, "campaign_review_390.png")
    finally:
        phone.close()

    page.locator("form[data-answer=approve]").get_by_role("button", name="Phê duyệt").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã phê duyệt chiến dịch «{campaign.title}».")
    expect(page).to_have_url(re.compile(rf"/admin/plans/campaigns/{campaign.pk}/review/"))
    shoot(page, "campaign_review_approved_1280.png")
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.live and campaign.state in (CampaignState.APPROVED, CampaignState.RUNNING)
