"""Browser test: on the union calendar, days off, weekends, holidays and Tết are readable.
Every piece of text in those day cells has a contrast of at least 4.5:1 (WCAG AA) against
the background it is drawn on, computed from the browser's computed colours (walking up to
the first ancestor with a background). Screenshots: var/screenshots/calendar_contrast_*.png."""

from __future__ import annotations

import pytest
from django.conf import settings

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.org.tests.factories import make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
MINIMUM = 4.5
TET_2026 = "2026-02-17"

# [{date, kind, text, ratio}] for each element with its own text in the chosen cells.
CONTRASTS = """(selector) => {
    const parse = (value) => {
        const parts = value.match(/[\\d.]+/g).map(Number);
        return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
    };
    const over = (top, base) => ({
        r: top.r * top.a + base.r * (1 - top.a),
        g: top.g * top.a + base.g * (1 - top.a),
        b: top.b * top.a + base.b * (1 - top.a),
        a: 1,
    });
    const background = (el) => {
        const layers = [];
        for (let node = el; node; node = node.parentElement) {
            const colour = parse(getComputedStyle(node).backgroundColor);
            if (colour.a > 0) layers.push(colour);
            if (colour.a >= 1) break;
        }
        return layers.reverse().reduce((base, layer) => over(layer, base), {r: 255, g: 255, b: 255, a: 1});
    };
    const luminance = ({r, g, b}) => {
        const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const found = [];
    for (const cell of document.querySelectorAll(selector)) {
        const classes = cell.classList;
        const kind = classes.contains('is-holiday') ? 'holiday' : (classes.contains('is-off') ? 'day off' : 'Tết');
        for (const el of [cell, ...cell.querySelectorAll('*')]) {
            const texts = Array.from(el.childNodes).filter((n) => n.nodeType === 3);
            const ownText = texts.map((n) => n.textContent).join('').trim();
            if (!ownText || !el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
            const bg = background(el);
            const fg = over(parse(getComputedStyle(el).color), bg);
            const [light, dark] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
            found.push({date: cell.dataset.date, kind, text: ownText, ratio: (light + 0.05) / (dark + 0.05)});
        }
    }
    return found;
}"""
# Days of the shown month only (the neighbouring months' days are faded on purpose).
CELLS = ".lantoa-cal-day:not(.is-other).is-off, .lantoa-cal-day:not(.is-other).is-holiday, " + (
    f".lantoa-cal-day[data-date='{TET_2026}']"
)


@pytest.fixture
def site(live_server):
    ensure_wagtail_roots()
    make_unit(None, "province", "Liên đoàn Lao động tỉnh Vĩnh Long")
    make_user("quan.tri", is_superuser=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url


def test_days_off_weekends_holidays_and_tet_are_readable(site, page):
    log_in(page, site, "quan.tri", "mat-khau-123")
    measured = []
    for month in ("02/2026", "09/2026"):
        page.goto(f"{site}/admin/plans/calendar/?thang={month}")
        page.wait_for_selector(".lantoa-cal-grid")
        measured += page.evaluate(CONTRASTS, CELLS)
        page.screenshot(
            path=SCREENSHOTS / f"calendar_contrast_{month.replace('/', '_')}_1280.png",
            full_page=True,
            animations="disabled",
        )
    kinds = {row["kind"] for row in measured}
    assert {"holiday", "day off"} <= kinds, kinds
    tet = [row for row in measured if row["date"] == TET_2026]
    assert any("Tết" in row["text"] for row in tet), tet
    unreadable = [
        f"{row['date']} ({row['kind']}) “{row['text']}”: {row['ratio']:.2f}:1"
        for row in measured
        if row["ratio"] < MINIMUM
    ]
    assert not unreadable, "text below 4.5:1:\n" + "\n".join(unreadable)


def test_the_calendar_reads_on_a_phone(site, browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, site, "quan.tri", "mat-khau-123")
        page.goto(f"{site}/admin/plans/calendar/?thang=02/2026")
        page.wait_for_selector(".lantoa-cal-grid")
        rows = page.evaluate(CONTRASTS, CELLS)
        assert rows and min(row["ratio"] for row in rows) >= MINIMUM
        page.screenshot(path=SCREENSHOTS / "calendar_contrast_02_2026_390.png", full_page=True, animations="disabled")
    finally:
        context.close()
