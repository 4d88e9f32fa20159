"""Browser test: Lan Tỏa's face where a user first meets it. The sign-in page, the sidebar,
a 404 and `/` show the logo (loaded, not a broken image) and the name, the tab title ends in
"Lan Tỏa", and no text, title or label a user may read says "Wagtail". Screenshots at 1280 px
and 390 px go to var/screenshots/brand_*.png."""

from __future__ import annotations

import pytest
from django.conf import settings

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.org.tests.factories import make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PASSWORD = "mat-khau-123"  # lantoa.org.tests.factories.make_user

# What a user may read: the tab title, the text, and the labels of visible elements.
READABLE = """() => {
    const texts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[title], [aria-label], [alt], [placeholder]')) {
        for (const name of ['title', 'aria-label', 'alt', 'placeholder']) {
            const value = el.getAttribute(name);
            if (value) texts.push(value);
        }
    }
    return texts.join('\\n');
}"""
# Logos on the page that point at Lan Tỏa's SVG and were loaded and drawn.
LOGOS_SHOWN = """() => Array.from(document.querySelectorAll('img[src*="lantoa-logo.svg"]'))
    .filter((img) => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0).length"""
FAVICON = """() => (document.querySelector('link[rel~=icon]') || {}).href || ''"""


@pytest.fixture
def site(live_server):
    ensure_wagtail_roots()
    make_unit(None, "province", "Liên đoàn Lao động tỉnh Vĩnh Long")
    make_user("quan.tri", is_superuser=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url


def check_face(page, name: str) -> None:
    readable = page.evaluate(READABLE)
    assert "Wagtail" not in readable, f"{name}: {page.url}"
    assert "Lan Tỏa" in readable, name
    assert page.title().endswith("Lan Tỏa"), page.title()
    assert page.evaluate(LOGOS_SHOWN) >= 1, f"{name}: no logo shown"
    assert page.evaluate(FAVICON).endswith("core/lantoa-logo.svg"), name


def shoot(page, name: str, width: int) -> None:
    page.screenshot(path=SCREENSHOTS / f"brand_{name}_{width}.png", full_page=True, animations="disabled")


def visit_all(page, base: str, width: int) -> None:
    page.goto(f"{base}/")
    check_face(page, "front page")
    assert page.get_by_role("heading", level=1).inner_text() == "Liên đoàn Lao động tỉnh Vĩnh Long"
    assert page.get_by_role("link", name="Đăng nhập").get_attribute("href") == "/admin/login/"
    shoot(page, "front", width)

    page.goto(f"{base}/khong-co-trang-nay/")
    check_face(page, "public 404")
    shoot(page, "404", width)

    page.goto(f"{base}/admin/login/")
    check_face(page, "sign-in")
    shoot(page, "login", width)

    log_in(page, base, "quan.tri", PASSWORD)
    if width < 800:  # the phone's sidebar opens from its toggle
        page.locator(".sidebar-nav-toggle").click()
    page.wait_for_selector(".sidebar-custom-branding img[src*='lantoa-logo.svg']")
    check_face(page, "dashboard")
    assert page.locator(".sidebar-custom-branding").inner_text().strip() == "Lan Tỏa"
    shoot(page, "dashboard", width)

    page.goto(f"{base}/admin/khong-co-man-hinh-nay/")
    check_face(page, "admin 404")
    assert page.get_by_role("link", name="Về trang làm việc").get_attribute("href") == "/admin/"
    shoot(page, "admin_404", width)


def test_lan_toa_shows_its_own_face_at_1280_px(site, page):
    visit_all(page, site, 1280)


def test_lan_toa_shows_its_own_face_on_a_phone(site, browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        visit_all(page, site, 390)
    finally:
        context.close()
