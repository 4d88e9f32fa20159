"""Every admin screen a demo role can reach reads in Vietnamese: no common English interface word.

The pages outside the crawl are checked once: the front page, the sign-in page, a public
and an admin 404, the 500 page and the API documentation (/api/docs). For each demo login
the test checks the login page, then crawls the admin breadth-first
from the dashboard: the sidebar menu (groups expanded), then the links of every page it
opens, following one URL per pattern (ids folded, query strings dropped), so a listing
gives its first object's edit/inspect/history pages, its "add" page and the links of its
header "…" menu. On each page it reads the visible text, the placeholder/title/aria-label
attributes of visible elements, the values of visible submit/button inputs and the text of
the dropdown menus it opens (the header "…" menu, the first row's menu; on the dashboard
the sidebar's groups, page explorer and account menu), and looks for whole English
interface words. A failure lists, per URL, the words found with some context, so the
string can be found and translated (locale_upstream/vi for Wagtail and Django, locale/vi
for the project, lantoa/templates/wagtailadmin for what Wagtail hard-codes).
"""

from __future__ import annotations

import re
import time
from collections import deque
from io import BytesIO
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from lantoa.browser_fixtures import ensure_wagtail_roots, log_in
from lantoa.demo.province import load_demo_province
from lantoa.org.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # The text on screen does not depend on the database: CI crawls once, on SQLite.
    pytest.mark.skipif(
        "sqlite" not in settings.DATABASES["default"]["ENGINE"], reason="the crawl runs on the SQLite pass only"
    ),
]

LOGINS = [
    "admin",
    "tinh.tuyengiao",
    "tinh.truongban",
    "tinh.lanhdao",
    "tinh.phatngon",
    "tinh.taichinh",
    "captren.demo",
    "coso.demo",
]
MAX_PAGES = 80
MAX_TRIES = 3  # links of one pattern opened when the first ones redirect (no permission)

ENGLISH_WORDS = [
    "Save", "Edit", "Delete", "Search", "Add", "Cancel", "Publish", "Page", "Pages", "Settings",
    "Dashboard", "Images", "Documents", "Users", "Groups", "Reports", "Help", "Filter", "Filters",
    "Sort", "Actions", "Status", "Choose", "Upload", "Submit", "Preview", "History", "Create",
    "Update", "Name", "Title", "Date", "Yes", "No", "Close", "Back", "Next", "Previous", "Loading",
    "Account", "Password", "Log out", "Sign out", "Sign in", "Home", "More", "Show", "Hide", "View",
    "Download", "Export", "Clear", "Select", "Apply", "Reset", "Collection", "Snippets", "Workflow",
    "Workflows", "Tasks", "Redirects", "Sites", "Locked", "Unlock", "Live", "Draft",
    # The product is Lan Tỏa, never the framework; booleans read "Có"/"Không", even to screen readers.
    "Wagtail", "True", "False",
]  # fmt: skip
ENGLISH_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ENGLISH_WORDS) + r")(?![\w-])"
)
# Proper names that read the same in Vietnamese; removed before looking for English words.
PROPER_NAMES = ["Zalo", "Facebook", "YouTube", "TikTok", "Viber", "Lan Tỏa"]

# English that may stay: (URL regex, regex matched against the text around the word, why).
# Wagtail's hard-coded strings are translated by overriding its templates in
# lantoa/templates/wagtailadmin/ rather than listed here.
ALLOWED: list[tuple[str, str, str]] = []
# English in the project's own code, listed until the code is fixed (then delete the entry).
AWAITING_FIX: list[tuple[str, str, str]] = []

# Links never followed: side effects, downloads, the front end, leaving the session.
SKIP_RE = re.compile(
    r"delete|bulk|unpublish|export|logout|/login/|preview|view_draft|/approve|/reject|/cancel|\.pdf$|\.docx$"
)
# Query parameters that make a different screen rather than a variant of the same listing.
KEPT_PARAMS = {"don_vi"}
# Folded out of paths so that one object per listing is opened.
ID_RE = re.compile(r"/\d+(?=/|$)")

COLLECT_TEXT = """() => {
    const shown = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
        && getComputedStyle(el).visibility !== 'hidden';
    const texts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
        if (!shown(el)) continue;
        for (const name of ['placeholder', 'title', 'aria-label']) {
            const value = el.getAttribute(name);
            if (value) texts.push(value);
        }
    }
    for (const el of document.querySelectorAll('input[type=submit], input[type=button], input[type=reset]')) {
        if (shown(el) && el.value) texts.push(el.value);
    }
    for (const el of document.querySelectorAll('[data-w-tooltip-content-value]')) {
        if (shown(el)) texts.push(el.getAttribute('data-w-tooltip-content-value'));
    }
    return texts;
}"""

# Download links (PDF, .docx) are files, not screens: left out.
COLLECT_LINKS = """() => Array.from(document.querySelectorAll('a[href]:not([download])'), (a) => a.href)"""


def _key(url: str) -> tuple[str, tuple[str, ...]] | None:
    """The crawl key of an admin URL (None: not followed): path with ids folded, kept params."""
    parts = urlsplit(url)
    if not parts.path.startswith("/admin/") or SKIP_RE.search(url):
        return None
    params = tuple(sorted({name for name, _value in parse_qsl(parts.query)} & KEPT_PARAMS))
    return ID_RE.sub("/<id>", parts.path), params


def _relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _english_hits(url: str, texts: list[str]) -> list[str]:
    allowed = [
        (re.compile(context_re), reason)
        for url_re, context_re, reason in ALLOWED + AWAITING_FIX
        if re.search(url_re, url)
    ]
    hits = []
    for text in texts:
        for name in PROPER_NAMES:
            text = text.replace(name, " " * len(name))
        for match in ENGLISH_RE.finditer(text):
            context = text[max(0, match.start() - 30) : match.end() + 30]
            context = " ".join(context.split())
            if any(pattern.search(context) for pattern, _reason in allowed):
                continue
            hits.append(f"{match.group(1)!r} in “…{context}…”")
    return list(dict.fromkeys(hits))


def _open_dropdowns(page, selector: str) -> tuple[list[str], list[str]]:
    """Click each matching toggle; return the texts and the links of what it opened (a
    dropdown's items live outside the document until it is shown)."""
    texts, links = [], []
    for toggle in page.locator(selector).all():
        if not toggle.is_visible():
            continue
        try:
            toggle.click(timeout=2_000)
            page.wait_for_timeout(150)
            texts += page.evaluate(COLLECT_TEXT)
            links += page.evaluate(COLLECT_LINKS)
            page.keyboard.press("Escape")
        except Exception:  # noqa: BLE001, S112 - a toggle hidden behind another popup: its text is skipped
            continue
    return texts, links


def crawl(page, base_url: str) -> tuple[dict[str, list[str]], list[str], list[str], list[str]]:
    """Open up to MAX_PAGES admin screens breadth-first.

    Returns {url: English words found}, the pages that failed to load, the links that sent
    the role elsewhere (a "no permission" redirect to the dashboard, say) and the links left
    unopened when MAX_PAGES was reached."""
    host = urlsplit(base_url).netloc
    queue = deque([("/admin/", ("/admin/", ()))])
    done: set = set()
    tries: dict = {("/admin/", ()): 1}  # links queued per key: a denied link lets another one be tried
    found: dict[str, list[str]] = {}
    errors: list[str] = []
    redirected: list[str] = []

    def enqueue(links):
        for link in links:
            link_key = _key(link)
            if urlsplit(link).netloc != host or link_key is None or link_key in done:
                continue
            if tries.get(link_key, 0) < MAX_TRIES:
                tries[link_key] = tries.get(link_key, 0) + 1
                queue.append((_relative(link), link_key))

    while queue and len(found) < MAX_PAGES:
        url, key = queue.popleft()
        if key in done:
            continue
        try:
            response = page.goto(base_url + url)
        except Exception as error:  # noqa: BLE001 - a download, or a page that never loads
            errors.append(f"{url}: {str(error).splitlines()[0]}")
            continue
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status >= 500:
            errors.append(f"{url}: HTTP {response.status}")
            continue
        if response.status >= 400 or _key(page.url) != key:
            redirected.append(f"{url} -> {response.status} {_relative(page.url)}")
            # An edit link the role may only read: its object's inspect and history pages.
            candidates = [url.replace("/edit/", f"/{view}/") for view in ("inspect", "history") if "/edit/" in url]
            enqueue(base_url + candidate for candidate in candidates)
            continue
        done.add(key)
        texts, links = page.evaluate(COLLECT_TEXT), page.evaluate(COLLECT_LINKS)
        toggles = [
            "main header [data-w-dropdown-target=toggle]",  # the header "…" menu
            "main table tbody tr:first-child [data-w-dropdown-target=toggle]",  # the first row's menu
            "button[data-side-panel-toggle]:not([data-side-panel-toggle=preview])",  # editor side panels
        ]
        if url == "/admin/":
            # The sidebar is a JS app: open each menu group, the page explorer and the account menu.
            toggles += ["#wagtail-sidebar .sidebar-main-menu button[aria-haspopup]"]
            toggles += ["#wagtail-sidebar .sidebar-footer button[aria-haspopup]"]
        for selector in toggles:
            more_texts, more_links = _open_dropdowns(page, selector)
            texts += more_texts
            links += more_links
        found[url] = _english_hits(url, texts)
        enqueue(links)
    left = list(dict.fromkeys(url for url, key in queue if key not in done))
    return found, errors, redirected, left


def _add_media(unit) -> None:
    """One image and one document in a unit's collection, so their edit screens are crawled."""
    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), "#c00").save(buffer, "PNG")
    image = ImageFile(buffer, name="hoi-nghi.png")
    get_image_model().objects.create(title="Ảnh hội nghị đoàn viên", file=image, collection=unit.collection)
    document = ContentFile("Kế hoạch tuyên truyền".encode(), name="ke-hoach.txt")
    get_document_model().objects.create(title="Kế hoạch tuyên truyền", file=document, collection=unit.collection)


@pytest.fixture
def demo(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ensure_wagtail_roots()
    load_demo_province()
    _add_media(Role.objects.select_related("unit__collection").get(user__username="coso.demo").unit)
    return live_server.url


@pytest.mark.parametrize("username", LOGINS)
def test_admin_screens_have_no_english_words(demo, page, username):
    started = time.monotonic()
    page.goto(f"{demo}/admin/login/")
    login_hits = _english_hits("/admin/login/", page.evaluate(COLLECT_TEXT))
    log_in(page, demo, username)
    found, errors, redirected, left = crawl(page, demo)
    found = {"/admin/login/": login_hits, **found}
    elapsed = time.monotonic() - started
    print(f"\n{username}: {len(found)} pages in {elapsed:.1f}s")
    for url in found:
        print(f"  {url}")
    for line in redirected:
        print(f"  redirected: {line}")
    for url in left:
        print(f"  not opened: {url}")
    problems = [f"{url}\n    " + "\n    ".join(hits) for url, hits in found.items() if hits]
    assert not errors, f"{username}: pages that failed to load:\n" + "\n".join(errors)
    assert not problems, f"{username}: English words on {len(problems)} of {len(found)} pages:\n" + "\n".join(problems)


# Pages no link leads to: (path, whether signed in as a superuser, a selector to wait for).
OUTSIDE_THE_CRAWL = [
    ("/", False, "main"),
    ("/admin/login/", False, "form"),
    ("/khong-co-trang-nay/", False, "main"),
    ("/api/docs", False, ".swagger-ui .info"),
    ("/admin/khong-co-man-hinh-nay/", True, "main"),
    ("/admin/failwhale/", True, "main"),  # raises on purpose for superusers: the 500 page
]


@pytest.fixture
def bare_site(live_server):
    from lantoa.org.tests.factories import make_unit, make_user

    ensure_wagtail_roots()
    make_unit(None, "province", "Liên đoàn Lao động tỉnh Vĩnh Long")
    make_user("quan.tri", is_superuser=True)
    return live_server.url


def test_front_sign_in_error_and_api_pages_have_no_english_words(bare_site, page):
    found = {}
    signed_in = False
    for path, needs_login, ready in OUTSIDE_THE_CRAWL:
        if needs_login and not signed_in:
            log_in(page, bare_site, "quan.tri", "mat-khau-123")
            signed_in = True
        page.goto(bare_site + path)
        page.wait_for_selector(ready)
        found[path] = _english_hits(path, page.evaluate(COLLECT_TEXT))
    problems = [f"{url}\n    " + "\n    ".join(hits) for url, hits in found.items() if hits]
    assert not problems, "English words:\n" + "\n".join(problems)
