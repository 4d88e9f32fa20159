"""Browser test of an article's slug: typing a Vietnamese title in the new-article editor
fills the slug with the title folded to ASCII ("đ" → "d", no marks) through Wagtail's own
title → slug sync, and the article is saved with it; a slug typed by hand stays (folded
when typed with its diacritics) while the title changes."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lantoa.browser_fixtures import log_in
from lantoa.content.models import ArticlePage

from .editorial_world import editorial_world_fixture  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mat-khau-123"  # lantoa/org/tests/factories.make_user
TITLE = "Công đoàn tỉnh Vĩnh Long phát động Tháng Công nhân"
FOLDED = "cong-doan-tinh-vinh-long-phat-dong-thang-cong-nhan"
CONTENT, PROMOTE = "Nội dung", "Quảng bá"  # the editor's tabs; the slug is under "Quảng bá"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


@pytest.fixture
def world(wagtail_roots, editorial_world):
    return editorial_world


def new_article_editor(browser, base_url, parent, *, width=1280):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base_url, "tinh.tuyengiao", PASSWORD)
    page.goto(f"{base_url}/admin/pages/add/content/articlepage/{parent.pk}/")
    return page


def type_title(page, title):
    """Key by key, as a person types: Wagtail syncs the slug on each key up."""
    page.locator("#id_title").click()
    page.locator("#id_title").press_sequentially(title)


def show_tab(page, name):
    page.get_by_role("tab", name=name, exact=True).click()


def save_draft(page):
    page.locator("footer button.action-save").first.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_vietnamese_title_gives_the_folded_slug_on_screen_and_saved(world, live_server, browser, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_article_editor(browser, live_server.url, world["home"], width=width)
    type_title(page, TITLE)
    page.fill("#id_summary", "Công đoàn tỉnh phát động Tháng Công nhân năm 2026.")
    show_tab(page, PROMOTE)
    slug = page.locator("#id_slug")
    expect(slug).to_be_visible()
    expect(slug).to_have_value(FOLDED)
    page.screenshot(path=SCREENSHOTS / f"article_slug_{width}.png", full_page=True)
    save_draft(page)
    assert ArticlePage.objects.get(title=TITLE).slug == FOLDED
    page.context.close()


def test_a_slug_typed_by_hand_stays_while_the_title_changes(world, live_server, browser):
    page = new_article_editor(browser, live_server.url, world["home"])
    type_title(page, "Đợt thi đua")
    page.fill("#id_summary", "Đợt thi đua chào mừng Đại hội Công đoàn.")
    show_tab(page, PROMOTE)
    expect(page.locator("#id_slug")).to_have_value("dot-thi-dua")
    page.locator("#id_slug").fill("Đại-hội-Công-đoàn-2026")
    page.locator("#id_slug").blur()  # Wagtail cleans the typed slug on blur
    expect(page.locator("#id_slug")).to_have_value("dai-hoi-cong-doan-2026")

    show_tab(page, CONTENT)
    type_title(page, " đầu năm")
    show_tab(page, PROMOTE)
    expect(page.locator("#id_slug")).to_have_value("dai-hoi-cong-doan-2026")
    save_draft(page)
    assert ArticlePage.objects.get(title="Đợt thi đua đầu năm").slug == "dai-hoi-cong-doan-2026"
    page.context.close()
