"""Browser test of "Gửi xuống cơ sở" over the demo province: `tinh.tuyengiao` sends a live
demo article to one commune union (the one of `captren.demo`, its code pasted), sees
the progress bar while the units are reached (the page refreshes by itself) and then the
compliance figures; `captren.demo` finds it under "Việc đã gửi xuống" and relays it with a
note, so its grassroots unions get the work. Screenshots at desktop width and 390 px in var/screenshots/."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.cascade.models import Dispatch, DispatchStatus, UnitTask
from lantoa.content.models import ArticlePage
from lantoa.demo.province import load_demo_province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PHONE = 390
NOTE = "Các công đoàn cơ sở đăng lên bảng tin trước thứ Sáu, chụp ảnh gửi lại."


@pytest.fixture
def demo(live_server):
    ensure_wagtail_roots()
    units = load_demo_province()
    province, commune = units["vinh_long"], units["commune"]
    article = ArticlePage.objects.live().filter(unit=province).order_by("-first_published_at").first()
    return {"url": live_server.url, "province": province, "commune": commune, "article": article}


def signed_in(browser, base_url, username, *, width=1280):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base_url, username)
    return page


def shoot(page, name):
    """The screen whole at desktop width and on a 390 px phone, which must not scroll
    sideways (the admin scrolls inside its own frame: a tall viewport shows it all)."""
    page.set_viewport_size({"width": 1280, "height": 2200})
    page.screenshot(path=SCREENSHOTS / f"{name}.png")
    page.set_viewport_size({"width": PHONE, "height": 3000})
    page.screenshot(path=SCREENSHOTS / f"{name}_{PHONE}.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways at {PHONE} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_province_sends_an_article_to_a_commune_and_the_commune_relays_it(demo, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base, article, commune = demo["url"], demo["article"], demo["commune"]
    assert article is not None
    editor = signed_in(browser, base, "tinh.tuyengiao")

    # The article's screen offers "Gửi xuống cơ sở".
    editor.goto(f"{base}{reverse('wagtailadmin_pages:edit', args=[article.pk])}")
    form_url = reverse("cascade_dispatch_article", args=[article.pk])
    editor.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
    editor.get_by_role("link", name="Gửi xuống cơ sở").click()
    expect(editor).to_have_url(re.compile(re.escape(form_url)))
    expect(editor.locator("h1")).to_contain_text("Gửi xuống cơ sở")
    expect(editor.locator("select[name=sender]")).to_have_value(str(demo["province"].pk))
    editor.fill("textarea[name=codes]", commune.code)
    editor.get_by_label("Đăng lên bảng tin").check()
    editor.fill("textarea[name=note]", "Đề nghị các đơn vị đăng tải đúng hạn.")
    shoot(editor, "cascade_dispatch_form")
    editor.get_by_role("button", name="Gửi xuống cơ sở").click()

    # The dispatch's page: the fan-out ran; shown again as if it were still going on.
    expect(editor).to_have_url(re.compile(r"/admin/cascade/dispatches/\d+/$"))
    dispatch = Dispatch.objects.get(pk=int(editor.url.rstrip("/").rsplit("/", 1)[-1]))
    assert dispatch.article_id == article.pk and dispatch.targets == {"codes": [commune.code]}
    reached = UnitTask.objects.filter(dispatch=dispatch).count()
    assert reached == dispatch.target_count > 0
    half = dispatch.target_count // 2
    Dispatch.objects.filter(pk=dispatch.pk).update(status=DispatchStatus.SENDING, sent_count=half)
    editor.reload()
    expect(editor.locator("[data-progress]")).to_contain_text(f"Đã gửi tới {half} / {dispatch.target_count} đơn vị")
    assert editor.locator('meta[http-equiv="refresh"]').count() == 1
    shoot(editor, "cascade_dispatch_progress")
    Dispatch.objects.filter(pk=dispatch.pk).update(status=DispatchStatus.SENT, sent_count=dispatch.target_count)
    # The page refreshes by itself and shows the compliance once every unit is reached.
    expect(editor.locator("[data-figures]")).to_be_visible(timeout=15_000)
    expect(editor.locator('[data-figure="total"]')).to_have_text(str(reached))
    expect(editor.locator('[data-figure="pending"]')).to_have_text(str(reached))
    expect(editor.locator(f'tr[data-unit="{commune.parent_id}"], tr[data-unit="{commune.pk}"]').first).to_be_visible()
    shoot(editor, "cascade_dispatch_compliance")
    editor.context.close()

    # The commune union's officer relays it with a note.
    hub = signed_in(browser, base, "captren.demo")
    hub.goto(f"{base}{reverse('cascade_dispatches')}")
    shoot(hub, "cascade_dispatch_list")
    hub.get_by_role("link", name=dispatch.title).first.click()
    expect(hub.get_by_role("heading", name="Chuyển tiếp xuống cơ sở")).to_be_visible()
    hub.fill("textarea[name=note]", NOTE)
    hub.fill("input[name=due_days]", "3")
    hub.get_by_role("button", name="Chuyển tiếp xuống cơ sở").click()
    expect(hub.locator(".lantoa-cascade-note")).to_contain_text(NOTE)
    relay = Dispatch.objects.get(parent=dispatch)
    assert relay.sender_unit_id == commune.pk and relay.note == NOTE
    assert relay.tasks.count() > 0 and not relay.tasks.filter(unit__parent_id=None).exists()
    assert set(relay.tasks.values_list("unit__parent_id", flat=True)) == {commune.pk}
    expect(hub.locator("[data-figures]")).to_be_visible()
    shoot(hub, "cascade_dispatch_relayed")
    hub.context.close()
