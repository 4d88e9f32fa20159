"""Browser test: the province's finance officer records what the running campaign spent,
without sending it back through approval, and the plan dashboard's spending moves."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.demo.province import key_units, load_demo_province
from lantoa.plans.models import Campaign, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


def amount(text: str) -> int:
    return int(re.sub(r"\D", "", text) or 0)


def test_finance_records_spending_and_the_dashboard_moves(demo, page, browser):
    plan = Plan.objects.get(issuing_unit=key_units()["vinh_long"], adopted_from__isnull=False)
    campaign = Campaign.objects.get(plan=plan, live=True, closed_on__isnull=True)
    line = campaign.budget_lines.filter(actual__isnull=True).order_by("sort_order", "pk").first()
    revision = campaign.latest_revision_id
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo, "tinh.taichinh")

    page.goto(f"{demo}/admin/plans/{plan.pk}/dashboard/")
    spent_before = amount(page.locator("[data-figure=budget-actual]").inner_text())

    # Campaign spending (menu) → the running campaign → its unpaid line.
    page.goto(f"{demo}/admin/plans/spending/")
    page.locator(f"tr[data-campaign='{campaign.pk}'] a").click()
    expect(page).to_have_url(re.compile(rf"/admin/plans/campaigns/{campaign.pk}/spending/"))
    form = page.locator(f"[data-line='{line.pk}'] form")
    expect(form.locator("input[name$=-actual]")).to_have_value("")

    # "30 triệu" is no amount: a clear message, and what was typed stays.
    form.locator("input[name$=-actual]").fill("30 triệu")
    form.locator("button[type=submit]").click()
    form = page.locator(f"[data-line='{line.pk}'] form")
    expect(form).to_contain_text("không phải là số tiền")
    expect(form.locator("input[name$=-actual]")).to_have_value("30 triệu")

    today = timezone.localdate()
    form.locator("input[name$=-actual]").fill("29.400.000")
    form.locator("input[name$=-spent_on]").fill(f"{today:%d/%m/%Y}")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("29.400.000")
    expect(page.locator(f"[data-line='{line.pk}'] [data-figure=line-actual]")).to_contain_text("29.400.000 đ")
    page.screenshot(path=SCREENSHOTS / "record-spending-1280.png", full_page=True, animations="disabled")

    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    try:
        small = phone.new_page()
        log_in(small, demo, "tinh.taichinh")
        small.goto(f"{demo}/admin/plans/campaigns/{campaign.pk}/spending/")
        expect(small.locator(f"[data-line='{line.pk}'] input[name$=-actual]")).to_be_visible()
        small.screenshot(path=SCREENSHOTS / "record-spending-390.png", full_page=True, animations="disabled")
    finally:
        phone.close()

    # Still approved, no new revision to approve; the dashboard's spending moved.
    campaign.refresh_from_db()
    assert campaign.live and campaign.current_workflow_state is None and campaign.latest_revision_id == revision
    page.goto(f"{demo}/admin/plans/{plan.pk}/dashboard/")
    expect(page.locator("[data-figure=budget-actual]")).not_to_have_text(re.compile(rf"^{spent_before}$"))
    assert amount(page.locator("[data-figure=budget-actual]").inner_text()) == spent_before + 29_400_000
