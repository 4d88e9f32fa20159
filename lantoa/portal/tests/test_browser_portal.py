"""Browser test: a reader goes home → topic → article on a desk (1280 px) and a phone (390 px);
nothing scrolls sideways, and the screenshots are kept for a look."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lantoa.content.groups import ContentGroup

from .portal_world import image_block, make_image, publish_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


@pytest.fixture
def reading(wagtail_roots, portal):
    image = make_image("Hội thao công nhân", color="#1d7a46")
    body = [
        (
            "paragraph",
            "<p>" + "Sáng 02/11, hơn 500 đoàn viên công đoàn tham gia hội thao chào mừng Đại hội. " * 6 + "</p>",
        ),
        image_block(image, alt="Vận động viên kéo co trên sân vận động tỉnh"),
        ("quote", {"text": "Phong trào thể thao gắn kết người lao động.", "attribution": "Chủ tịch LĐLĐ tỉnh"}),
        ("video", {"url": "https://www.youtube.com/watch?v=abc", "title": "Phóng sự hội thao", "caption": "3 phút"}),
    ]
    for n in range(1, 5):
        publish_article(portal["section"], n, title=f"Tin hoạt động công đoàn phường số {n}", body=[image_block(image)])
    publish_article(portal["home"], 5, group=ContentGroup.GOOD_PRACTICE, title="Chị Nguyễn Thị Hoa, công nhân giỏi")
    publish_article(
        portal["section"],
        6,
        title="Hội thao công nhân lao động tỉnh Vĩnh Long năm 2026",
        body=body,
        tags=["hội thao", "đoàn viên"],
    )
    return portal


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reader_goes_home_topic_article_without_sideways_scroll(reading, live_server, browser, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/")
        expect(page.locator("h1")).to_have_text("Cổng Công đoàn Vĩnh Long")
        no_sideways_scroll(page)
        page.screenshot(path=SCREENSHOTS / f"portal_home_{width}.png", full_page=True, animations="disabled")

        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        page.get_by_role("navigation", name="Trình đơn chính").get_by_role("link", name="Tin tức").click()
        expect(page.locator("h1")).to_have_text("Tin tức")
        no_sideways_scroll(page)
        page.screenshot(path=SCREENSHOTS / f"portal_topic_{width}.png", full_page=True, animations="disabled")

        page.get_by_role("link", name="Hội thao công nhân lao động tỉnh Vĩnh Long năm 2026").click()
        expect(page.locator("h1")).to_have_text("Hội thao công nhân lao động tỉnh Vĩnh Long năm 2026")
        photo = page.get_by_alt_text("Vận động viên kéo co trên sân vận động tỉnh")
        photo.scroll_into_view_if_needed()  # lazy: loads when near the screen
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
        page.evaluate("window.scrollTo(0, 0)")
        no_sideways_scroll(page)
        page.screenshot(path=SCREENSHOTS / f"portal_article_{width}.png", full_page=True, animations="disabled")
    finally:
        context.close()
