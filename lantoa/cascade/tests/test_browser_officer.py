"""Browser test: `coso.demo` on a 390×844 phone signs in, lands on "Việc cần làm", opens the
Facebook share the province dispatched to its union, copies the text, attaches the post's
link and marks it done; screenshots at 390 px and on a desktop in var/screenshots/."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots
from lantoa.cascade import actions
from lantoa.cascade.models import TaskStatus, UnitTask
from lantoa.content.models import ArticlePage
from lantoa.demo.province import load_demo_province
from lantoa.org.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
TITLE = "Chia sẻ bài Tháng Công nhân lên trang Facebook"
POST = "https://www.facebook.com/congdoanmaysongtien/posts/pfbid0Tha"


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    load_demo_province()
    unit = Role.objects.select_related("unit__parent").get(user__username="coso.demo").unit
    article = ArticlePage.objects.live().order_by("pk").first()
    dispatch, _new = actions.do_dispatch(
        sender=unit.parent, actor=None, title=TITLE, actions=["share_facebook_page"],
        due_on=timezone.localdate() + datetime.timedelta(days=5), targets={"codes": [unit.code]}, article=article,
        note="Đề nghị các công đoàn cơ sở chia sẻ trong tuần.",
    )  # fmt: skip
    actions.fan_out(dispatch.pk)
    return live_server.url, UnitTask.objects.get(dispatch=dispatch, unit=unit)


def sign_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "coso.demo")
    page.fill("input[name=password]", "lantoa-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{base}/viec/", (page.url, page.content()[:3000])


def test_the_grassroots_officer_marks_a_share_done_on_a_phone(demo, browser):
    base, task = demo
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, base)
        expect(page.locator("h1")).to_have_text("Việc cần làm")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=SCREENSHOTS / "officer_tasks-390.png", full_page=True, animations="disabled")
        page.locator("section.group", has_text=TITLE).get_by_role("link").first.click()
        expect(page).to_have_url(f"{base}/viec/{task.pk}/")
        expect(page.locator("h1")).to_have_text("Chia sẻ lên trang Facebook của đơn vị")
        expect(page.get_by_text("Đề nghị các công đoàn cơ sở chia sẻ trong tuần.")).to_be_visible()
        copy = page.locator("button[data-copy]")
        expect(copy).to_have_text("Sao chép nội dung")
        page.bring_to_front()
        copy.click()
        expect(copy).to_have_text("Đã sao chép")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied and copied == page.locator("#kit-text").input_value()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=SCREENSHOTS / "officer_task-390.png", full_page=True, animations="disabled")
        page.get_by_label("Đường dẫn bài đăng").fill("https://www.facebook.com/congdoanmaysongtien")
        page.get_by_label("Số người trong nhóm hoặc theo dõi trang").fill("120")
        page.get_by_role("button", name="Ghi nhận").click()
        expect(page.locator(".errorlist")).to_contain_text("không phải đường dẫn của trang")
        expect(page.get_by_label("Số người trong nhóm hoặc theo dõi trang")).to_have_value("120")
        page.screenshot(path=SCREENSHOTS / "officer_task_error-390.png", full_page=True, animations="disabled")
        page.get_by_label("Đường dẫn bài đăng").fill(POST)
        page.get_by_role("button", name="Ghi nhận").click()
        expect(page).to_have_url(f"{base}/viec/")
        expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")
        expect(page.locator(".tasks--done")).to_contain_text("Chia sẻ lên trang Facebook của đơn vị")
    finally:
        context.close()
    task.refresh_from_db()
    assert (task.status, task.evidence_url, task.reach) == (TaskStatus.DONE, POST, 120)
    assert task.done_by.username == "coso.demo"
    desktop = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    wide = desktop.new_page()
    try:
        sign_in(wide, base)
        wide.goto(f"{base}/viec/{task.pk}/")
        wide.screenshot(path=SCREENSHOTS / "officer_task-1280.png", full_page=True, animations="disabled")
    finally:
        desktop.close()
    the_sender_sees_the_figures_move(browser, base, task)


def the_sender_sees_the_figures_move(browser, base, task):
    """The union that sent the work (the commune, `captren.demo`) sees the task done."""
    from lantoa.browser_fixtures import log_in

    sender = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = sender.new_page()
    try:
        log_in(page, base, "captren.demo")
        page.goto(f"{base}/admin/cascade/dispatches/{task.dispatch_id}/")
        figures = page.locator("[data-figures]")
        expect(figures.locator('[data-figure="done"]')).to_have_text("1")
        expect(figures.locator('[data-figure="total"]')).to_have_text("1")
        expect(figures.locator('[data-figure="late"]')).to_have_text("0")
        page.screenshot(path=SCREENSHOTS / "officer_task_seen_by_sender.png", full_page=True, animations="disabled")
    finally:
        sender.close()
