"""Browser test of the plan flow: the Propaganda Board proposes a campaign from a theme of
the Vĩnh Long plan, the leader approves it in the Standing Committee's workflow, the
"campaigns run" target moves on the dashboard, and the plan downloads as .docx; a duty the
plan handed down is reported done on the work page."""

import io
import re

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.cascade.models import TaskStatus, UnitTask
from lantoa.demo.province import key_units, load_demo_province
from lantoa.plans.models import Campaign, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Chiến dịch Ngày hội Công nhân – Phiên chợ Nghĩa tình 2026"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    return live_server.url


def vinh_long_plan():
    return Plan.objects.get(issuing_unit=key_units()["vinh_long"], adopted_from__isnull=False)


def campaigns_run(page) -> int:
    card = page.locator("[data-indicator=campaigns_run]").first
    return int(re.sub(r"\D", "", card.locator("[data-figure=value]").inner_text()))


def open_dashboard(page, base, plan):
    page.goto(f"{base}/admin/plans/list/")
    page.get_by_role("link", name=plan.title).click()
    expect(page).to_have_url(re.compile(rf"/admin/plans/{plan.pk}/dashboard/"))


def test_a_campaign_proposed_from_a_theme_and_approved_moves_the_target(demo, page):
    plan = vinh_long_plan()
    theme = plan.themes.first()
    today = timezone.localdate()

    log_in(page, demo, "tinh.tuyengiao")
    open_dashboard(page, demo, plan)
    before = campaigns_run(page)

    # Propose from a theme: the form comes filled with the plan, the theme and its title.
    page.locator(f"[data-theme='{theme.pk}'] a").click()
    expect(page.locator("input[name=title]")).to_have_value(theme.title)
    page.fill("input[name=title]", TITLE)
    page.fill("input[name=start_date]", f"{today:%d/%m/%Y}")
    page.fill("input[name=end_date]", "")  # a required date left empty: an error, nothing typed is lost
    page.locator("footer button[name=action-submit]").dispatch_event("click")
    expect(page.locator("input[name=title]")).to_have_value(TITLE)
    expect(page.locator(".error-message", has_text="bắt buộc").first).to_be_visible()
    page.fill("input[name=end_date]", f"{today.replace(day=28):%d/%m/%Y}" if today.day < 28 else f"{today:%d/%m/%Y}")
    page.locator("footer button[name=action-submit]").dispatch_event("click")
    expect(page).to_have_url(re.compile(r"/admin/snippets/plans/campaign/"))
    campaign = Campaign.objects.get(title=TITLE)
    assert not campaign.live and campaign.current_workflow_state is not None

    # Not approved yet: the target has not moved.
    open_dashboard(page, demo, plan)
    assert campaigns_run(page) == before

    # The leader opens the campaign, goes to its review ("Xem và duyệt") and approves it.
    page.context.clear_cookies()
    log_in(page, demo, "tinh.lanhdao")
    page.goto(f"{demo}/admin/snippets/plans/campaign/edit/{campaign.pk}/")
    page.get_by_role("link", name="Xem và duyệt").first.click()
    expect(page).to_have_url(re.compile(rf"/admin/plans/campaigns/{campaign.pk}/review/"))
    page.locator("form[data-answer=approve]").get_by_role("button", name="Phê duyệt").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã phê duyệt chiến dịch «{TITLE}»")
    campaign.refresh_from_db()
    assert campaign.live

    # The dashboard reads the rollup the task refreshed: one more campaign run.
    open_dashboard(page, demo, plan)
    assert campaigns_run(page) == before + 1
    expect(page.locator(f"tr[data-campaign='{campaign.pk}']")).to_contain_text(TITLE)

    # The plan as an official document.
    with page.expect_download() as download_info:
        page.locator("a[href$='/export/plan.docx']").click()
    document = docx.Document(io.BytesIO(download_info.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert f"Số: {plan.number}/{plan.symbol}" in text
    assert plan.title in text


def test_an_editor_drills_down_checks_the_calendar_and_reports_a_plan_duty_done(demo, page):
    plan = vinh_long_plan()
    groups = plan.targets.get(indicator="units_with_groups")
    duties = UnitTask.objects.filter(dispatch__plan=plan, status=TaskStatus.PENDING).select_related("dispatch")
    task = duties.order_by("due_on", "pk").first()
    log_in(page, demo, "tinh.tuyengiao")

    # Dashboard → the groups target by unit: children listed, each opening its own level.
    open_dashboard(page, demo, plan)
    page.locator(f"[data-target='{groups.pk}'] a[href*='/targets/{groups.pk}/']").click()
    expect(page).to_have_url(re.compile(rf"/admin/plans/{plan.pk}/targets/{groups.pk}/"))
    child_links = page.locator("a[href*='don_vi=']")
    expect(child_links.first).to_be_visible()
    child_links.first.click()
    expect(page).to_have_url(re.compile(r"don_vi=\d+"))

    # The union calendar: lunar dates on the grid, and the next month one click away.
    page.goto(f"{demo}/admin/plans/calendar/")
    expect(page.locator("[data-lunar]").first).to_be_visible()
    page.locator("a[href*='thang=']").last.click()
    expect(page).to_have_url(re.compile(r"thang=\d{2}/\d{4}"))

    # A duty of the plan reported done on the work page: without a day it is refused and
    # nothing typed is lost.
    page.goto(f"{demo}/viec/{task.pk}/")
    expect(page.locator("main")).to_contain_text(task.dispatch.title)
    page.locator("input[name=outcome][value=done]").check()
    page.fill("input[name=day]", "")
    page.fill("textarea[name=report]", "Đã triển khai tại 12 công đoàn cơ sở")
    page.locator("form:has(textarea[name=report]) button[type=submit]").click()
    expect(page.locator("textarea[name=report]")).to_have_value("Đã triển khai tại 12 công đoàn cơ sở")
    assert UnitTask.objects.get(pk=task.pk).status == TaskStatus.PENDING
    page.locator("input[name=outcome][value=done]").check()
    page.fill("input[name=day]", f"{timezone.localdate():%d/%m/%Y}")
    page.locator("form:has(textarea[name=report]) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/viec/$"))
    task.refresh_from_db()
    assert (task.status, task.report) == (TaskStatus.DONE, "Đã triển khai tại 12 công đoàn cơ sở")
