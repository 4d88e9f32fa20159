"""Every Vietnamese catalog the project ships is complete, consistent and in use: the
project's own strings (locale/) and the overrides of Wagtail's and Django's (locale_upstream/)."""

from __future__ import annotations

import gettext as gettext_module
import re
import unicodedata
from collections import Counter
from pathlib import Path

import polib
import pytest
from asgiref.local import Local
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

PO_PATH = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
UPSTREAM_DIR = Path(settings.BASE_DIR) / "locale_upstream" / "vi" / "LC_MESSAGES"
SHIPPED = [PO_PATH, UPSTREAM_DIR / "django.po", UPSTREAM_DIR / "djangojs.po"]

# %(name)s, %s, %d, %i, %f and {name} / {} placeholders; "%%" is a literal percent sign.
PLACEHOLDER_RE = re.compile(r"%%|%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")

# Proper names that read the same in Vietnamese.
SAME_IN_VIETNAMESE = {
    "TikTok", "YouTube", "Zalo OA", "Zalo", "Facebook", "Viber", "Wagtail", "URL", "ID", "HTML", "SVG", "CSV",
    "XLSX", "JSON", "IPv4", "IPv6", "oEmbed", "Email", "Slug", "slug", "Logo", "Internet", "Blog", "Video", "OK",
    "byte", "KB", "MB", "GB", "TB", "PB",
}  # fmt: skip

# msgid -> a term the translation must contain (see docs/glossary.md).
REQUIRED_TERMS = {
    "Grassroots union": "công đoàn cơ sở",
    "Union tree": "cây",
    "Channel registry": "kênh",
}
# Checked when the msgid is in the catalog (strings may be reworded in code).
GLOSSARY_TERMS = {
    "National confederation": "tổng liên đoàn lao động việt nam",
    "Provincial federation": "liên đoàn lao động tỉnh, thành phố",
    "Commune or ward union": "công đoàn xã, phường",
    "Industrial-park union": "công đoàn khu công nghiệp",
    "Sector union": "công đoàn ngành",
    "Corporation union": "công đoàn tổng công ty",
    "District federation": "liên đoàn lao động huyện",
    "Union tree": "cây tổ chức công đoàn",
    "Channel registry": "sổ kênh truyền thông",
    "Merged into": "sáp nhập vào",
    "Close (dissolve)": "chấm dứt hoạt động",
    "effective date": "ngày hiệu lực",
    "Female members": "đoàn viên nữ",
    "verified": "đã xác minh",
    "Spokesperson": "người phát ngôn",
    "Approver": "người phê duyệt",
    "Editor": "biên tập viên",
    "Unit officer": "cán bộ công đoàn đơn vị",
    "Federation administrator": "quản trị liên đoàn",
    "Loudspeaker system": "hệ thống loa truyền thanh",
    "Zalo Official Account": "zalo oa",
    "Facebook page": "trang facebook",
    "Facebook group": "nhóm facebook",
    "Zalo group": "nhóm zalo",
    "Outdoor panel": "pano ngoài trời",
    "Poster spot": "điểm dán áp phích",
    "Web portal": "cổng thông tin điện tử",
    "funding source": "nguồn kinh phí",
    "Accumulated budget": "nguồn tích lũy",
}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _placeholders(text: str) -> Counter:
    return Counter(p for p in PLACEHOLDER_RE.findall(text) if p != "%%")


def _may_equal_msgid(msgid: str) -> bool:
    bare = PLACEHOLDER_RE.sub("", msgid).strip()
    return not any(ch.isalpha() for ch in bare) or bare in SAME_IN_VIETNAMESE


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


# Wagtail's and Django's own words that must follow docs/glossary.md.
UPSTREAM_TERMS = {
    "Publish": "xuất bản",
    "Unpublish": "ngừng xuất bản",
    "Approve": "phê duyệt",
    "Save draft": "bản nháp",
    "Delete": "xóa",
    "Edit": "sửa",
    "Cancel": "hủy",
    "Search": "tìm kiếm",
    "Workflows": "quy trình duyệt",
    "Images": "hình ảnh",
    "Documents": "tài liệu",
    "Snippets": "mục dùng chung",
    "Collections": "thư mục tư liệu",
    "Settings": "cài đặt",
    "Dashboard": "bảng điều khiển",
    "Preview": "xem trước",
    "Pages": "trang",
    "Users": "người dùng",
    "Groups": "nhóm",
    "Reports": "báo cáo",
    "Redirects": "chuyển hướng",
}
BANNED_TERMS = ["phê chuẩn", "thu hồi xuất bản", "luồng công việc", "trang tổng quan", "đăng tải", "bộ sưu tập", "xoá"]


@pytest.fixture(scope="module", params=SHIPPED, ids=lambda p: f"{p.parent.parent.parent.name}/{p.name}")
def catalog(request) -> polib.POFile:
    path = request.param
    assert path.exists(), f"{path} is missing: run makemessages -l vi or build_upstream_catalog"
    return polib.pofile(str(path))


@pytest.fixture(scope="module")
def upstream() -> polib.POFile:
    return polib.pofile(str(UPSTREAM_DIR / "django.po"))


def _entries(catalog):
    return [e for e in catalog if not e.obsolete]


def test_header_is_vietnamese_utf8(catalog):
    assert catalog.metadata.get("Language") == "vi"
    assert catalog.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in catalog.metadata.get("Content-Type", "")
    assert not catalog.metadata_is_fuzzy


def test_every_entry_is_translated(catalog):
    problems = []
    for entry in _entries(catalog):
        texts = _translations(entry)
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if not all(t.strip() for t in texts):
            problems.append(f"untranslated: {entry.msgid!r}")
        elif any(t == entry.msgid for t in texts) and not _may_equal_msgid(entry.msgid):
            problems.append(f"copied from English: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def test_placeholders_are_kept(catalog):
    """A translation uses the source's placeholders: exactly for plain messages; for plural
    messages (one Vietnamese form) any of the singular's and plural's, never a new one."""
    problems = []
    for entry in _entries(catalog):
        expected = _placeholders(entry.msgid)
        allowed = set(expected) | set(_placeholders(entry.msgid_plural or ""))
        for text in _translations(entry):
            found = _placeholders(text)
            wrong = set(found) - allowed if entry.msgid_plural else found != expected
            if text and wrong:
                problems.append(f"{entry.msgid!r} -> {text!r}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_glossary_terms():
    catalog = polib.pofile(str(PO_PATH))
    problems = []
    for msgid, term in REQUIRED_TERMS.items():
        entry = catalog.find(msgid)
        if entry is None:
            problems.append(f"missing entry: {msgid!r}")
        elif _norm(term) not in _norm(entry.msgstr):
            problems.append(f"{msgid!r} -> {entry.msgstr!r} lacks {term!r}")
    for msgid, term in GLOSSARY_TERMS.items():
        entry = catalog.find(msgid)
        if entry is not None and _norm(term) not in _norm(entry.msgstr):
            problems.append(f"{msgid!r} -> {entry.msgstr!r} lacks {term!r}")
    assert not problems, "\n".join(problems)


def test_upstream_interface_words_follow_the_glossary(upstream):
    problems = []
    for msgid, term in UPSTREAM_TERMS.items():
        entry = upstream.find(msgid)
        if entry is None:
            problems.append(f"missing entry: {msgid!r}")
        elif _norm(term) not in _norm(entry.msgstr):
            problems.append(f"{msgid!r} -> {entry.msgstr!r} lacks {term!r}")
    for entry in _entries(upstream):
        for text in _translations(entry):
            problems += [f"{entry.msgid!r} -> {text!r} uses {bad!r}" for bad in BANNED_TERMS if bad in _norm(text)]
    assert not problems, "\n".join(problems)


def _reset_translation_caches() -> None:
    """Forget loaded catalogs, as Django's autoreloader does when a .mo file changes."""
    gettext_module._translations = {}
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


def test_compiled_catalog_is_used():
    call_command("compile_catalogs")
    assert PO_PATH.with_suffix(".mo").exists()
    _reset_translation_caches()
    # Variables, not literals, so that makemessages does not collect these msgids from the tests.
    tree, grassroots = "Union tree", "Grassroots union"
    with translation.override("vi"):
        assert translation.gettext(tree) != tree
        assert "công đoàn cơ sở" in _norm(translation.gettext(grassroots))
        dashboard = "Dashboard"  # a Wagtail string, overridden by locale_upstream
        assert translation.gettext(dashboard) == "Bảng điều khiển"
