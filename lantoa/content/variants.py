"""Channel variants generated from an article: one text per `VariantKind`.

`sync_variants(article)` keeps the article's variants (modelcluster's in-memory relation, so an
unsaved article or a revision works too) at one per kind, in `VariantKind`'s order. A variant whose
`text` still equals its `generated` text (or is empty) follows the article: both are regenerated.
A variant an editor changed keeps its `text` *and* its `generated`: `generated` stays the text the
editor started from, so "edited" (`text != generated`) stays true however the article changes, and
`is_outdated` can still tell that the article moved on since (the generator now says otherwise).

The generated phrases ("Kính thưa bà con…", "Xem chi tiết") are the content of the channel, read
on the radio or printed on a board in Vietnamese whatever the interface language, so they are
written here in Vietnamese and are not in the translation catalog (as in `lantoa.reports.official`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from lantoa.vi.text import normalize

SYLLABLES_PER_MINUTE = 140  # Vietnamese read aloud: about 130–150 syllables a minute
ZALO_MESSAGE_LIMIT = 2000  # characters of a Zalo OA text message
ONE_LINE_LIMIT = 200

# Union abbreviations read out in full; the longest first so "LĐLĐ" is not read as "LĐ" twice.
ABBREVIATIONS = {
    "CNVCLĐ": "công nhân, viên chức, lao động",
    "TƯLĐTT": "thỏa ước lao động tập thể",
    "TULĐTT": "thỏa ước lao động tập thể",
    "ATVSLĐ": "an toàn, vệ sinh lao động",
    "ĐVCĐ": "đoàn viên công đoàn",
    "CĐCS": "công đoàn cơ sở",
    "LĐLĐ": "Liên đoàn Lao động",
    "UBND": "Ủy ban nhân dân",
    "BCH": "Ban Chấp hành",
    "KCN": "khu công nghiệp",
    "NLĐ": "người lao động",
    "TLĐ": "Tổng Liên đoàn Lao động Việt Nam",
}
_ABBREVIATION = re.compile(r"(?<!\w)(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?!\w)")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")
# An address with the "tại:" that led to it ("Xem kế hoạch tại https://…" is read "Xem kế hoạch").
_URL = re.compile(r"(?:\s+(?:tại|ở)\s*:?|\s*:)?\s*(?:https?://|www\.)\S+", re.IGNORECASE)
_HASHTAG = re.compile(r"#\w+")
_BULLET = re.compile(r"^\s*[-+*•]\s+", re.MULTILINE)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Source:
    """What the generators read, gathered once per article (tags, unit and URL cost a query each)."""

    title: str
    summary: str
    key_message: str
    body: str
    tags: tuple[str, ...]
    unit_name: str
    unit_address: str
    url: str | None


def source_of(article, url: str | None = None) -> Source:
    unit = article.unit if article.unit_id else None
    return Source(
        title=normalize(article.title),
        summary=normalize(article.summary),
        key_message=normalize(article.key_message),
        body=article.body_text().strip(),
        tags=tuple(tag.name for tag in article.tags.all()),
        unit_name=unit.name if unit else "",
        unit_address=unit.address if unit else "",
        url=url if url is not None else article_url(article),
    )


def article_url(article) -> str | None:
    """The article's absolute address; for a page being created (no url_path yet) the one it will
    have under its parent; None when no site serves it."""
    if article.url_path:
        return article.full_url
    if not article.path or not article.slug:
        return None
    from django.urls import reverse
    from wagtail.models import Site

    url_path = f"{article.get_parent().url_path}{article.slug}/"
    for _site_id, root_path, root_url, _language in Site.get_site_root_paths():
        if url_path.startswith(root_path):
            return root_url + reverse("wagtail_serve", args=(url_path[len(root_path) :],))
    return None


# --------------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------------


def hashtag(tag: str) -> str:
    """ "Công đoàn Vĩnh Long" → "#CongDoanVinhLong": each word capitalised, diacritics folded."""
    folded = unicodedata.normalize("NFD", normalize(tag).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    words = re.findall(r"[A-Za-z0-9]+", plain)
    return "#" + "".join(word[:1].upper() + word[1:] for word in words) if words else ""


def one_line(text: str, limit: int = ONE_LINE_LIMIT) -> str:
    """The first sentence, cut between words to `limit` characters."""
    text = normalize(text)
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return clip(first, limit)


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def expand_abbreviations(text: str) -> str:
    """ "CĐCS" → "công đoàn cơ sở", capitalised at the start of a sentence."""

    def spell(match: re.Match) -> str:
        words = ABBREVIATIONS[match.group(1)]
        at_start = _SENTENCE_START.search(match.string, 0, match.start()) is not None
        return words[:1].upper() + words[1:] if at_start else words

    return _ABBREVIATION.sub(spell, text)


def spoken(text: str) -> str:
    """Text for reading aloud: no addresses, hashtags or bullets, abbreviations in full."""
    text = _HASHTAG.sub("", _URL.sub("", unicodedata.normalize("NFC", text)))
    text = _BULLET.sub("", _EMPTY_BRACKETS.sub("", text))
    text = expand_abbreviations(text).replace("%", " phần trăm").replace("&", " và ")
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def reading_minutes(text: str) -> float:
    """Minutes to read `text` aloud, to the half minute above (at least half a minute):
    Vietnamese words are syllables written apart, so whitespace counts them."""
    syllables = len(text.split())
    return max(0.5, math.ceil(2 * syllables / SYLLABLES_PER_MINUTE) / 2)


def _sentence(title: str) -> str:
    """A title inside a sentence: without its own closing punctuation."""
    return title.rstrip(" .!?…")


def paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def heading_and_paragraphs(text: str) -> tuple[str, list[str]]:
    """A variant's text as printed: its first paragraph is the heading, the rest follow."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    return (blocks[0], blocks[1:]) if blocks else ("", [])


# --------------------------------------------------------------------------------------------------
# One generator per kind
# --------------------------------------------------------------------------------------------------


def facebook_post(source: Source) -> str:
    tags = " ".join(filter(None, dict.fromkeys(hashtag(tag) for tag in source.tags)))
    return paragraphs(
        source.title.upper(),
        source.summary,
        f"📌 {source.key_message}" if source.key_message else "",
        f"👉 Xem chi tiết: {source.url}" if source.url else "",
        tags,
    )


def zalo_article(source: Source) -> str:
    return paragraphs(source.title, source.summary, source.body)


def zalo_message(source: Source) -> str:
    link = f"Xem chi tiết: {source.url}" if source.url else ""
    room = ZALO_MESSAGE_LIMIT - len(link) - 2
    text = "\n".join(filter(None, [clip(source.title, room // 3), one_line(source.summary)]))
    return "\n".join(filter(None, [clip(text, room), link]))


def radio_script(source: Source) -> str:
    by = f", do {source.unit_name} thực hiện" if source.unit_name else ""
    return spoken(
        paragraphs(
            "Thưa quý vị và các bạn thính giả!",
            f"Sau đây, mời quý vị và các bạn cùng nghe bài: {_sentence(source.title)}.",
            source.summary,
            source.body,
            f"Thông điệp gửi tới quý vị và các bạn: {source.key_message}" if source.key_message else "",
            f"Quý vị và các bạn vừa nghe bài: {_sentence(source.title)}{by}. "
            "Xin cảm ơn quý vị và các bạn đã chú ý lắng nghe.",
        )
    )


def loudspeaker_script(source: Source) -> str:
    who = source.unit_name or "Công đoàn"
    return spoken(
        paragraphs(
            "Kính thưa bà con cô bác, cùng toàn thể công nhân, viên chức, lao động!",
            f"{who} xin gửi tới bà con thông tin: {_sentence(source.title)}.",
            source.summary,
            source.body,
            f"Thông điệp: {source.key_message}" if source.key_message else "",
            f"Bà con vừa nghe thông tin: {_sentence(source.title)}. Xin cảm ơn bà con đã chú ý lắng nghe.",
        )
    )


def board_sheet(source: Source) -> str:
    return paragraphs(source.title, source.summary, source.key_message)


def poster(source: Source) -> str:
    return paragraphs(source.title, source.key_message, source.summary)


def press_release(source: Source) -> str:
    contact = ", ".join(filter(None, [source.unit_name, source.unit_address]))
    return paragraphs(
        source.title,
        source.summary,
        source.body,
        f"Thông tin liên hệ: {contact}." if contact else "",
        f"Bài viết đầy đủ: {source.url}" if source.url else "",
    )


GENERATORS: dict[str, Callable[[Source], str]] = {
    "facebook_post": facebook_post,
    "zalo_article": zalo_article,
    "zalo_message": zalo_message,
    "radio_script": radio_script,
    "loudspeaker_script": loudspeaker_script,
    "board_sheet": board_sheet,
    "poster": poster,
    "press_release": press_release,
}
SPOKEN_KINDS = frozenset({"radio_script", "loudspeaker_script"})
PRINTED_KINDS = frozenset({"board_sheet", "poster"})


def generate(source: Source, kind: str) -> str:
    return GENERATORS[kind](source)


# --------------------------------------------------------------------------------------------------
# Keeping the variants in step with the article
# --------------------------------------------------------------------------------------------------


def sync_variants(article, *, url: str | None = None) -> None:
    """One variant per kind in `VariantKind`'s order; those never edited (or emptied) follow the
    article, edited ones are kept as they are (see the module's docstring). Works on the in-memory
    relation, so it costs the queries of `source_of` whatever the number of variants, and running
    it twice changes nothing."""
    from .models import Variant, VariantKind

    source = source_of(article, url)
    by_kind: dict[str, Variant] = {}
    for variant in article.variants.all():
        by_kind.setdefault(variant.kind, variant)  # a kind added twice in the form: the first wins
    variants = []
    for order, kind in enumerate(VariantKind.values):
        variant = by_kind.get(kind) or Variant(kind=kind)
        if not variant.text.strip() or not variant.is_edited:
            variant.text = variant.generated = generate(source, kind)
        variant.sort_order = order
        variants.append(variant)
    article.variants.set(variants)


def variant_for(article, kind: str):
    """The article's variant of `kind`, generated on the spot when the article has none yet."""
    from .models import Variant

    found = next((variant for variant in article.variants.all() if variant.kind == kind), None)
    if found is not None:
        return found
    text = generate(source_of(article), kind)
    return Variant(kind=kind, text=text, generated=text)


def is_outdated(variant, source: Source) -> bool:
    """An edited variant whose article changed since: the generator no longer gives what the
    editor started from."""
    return variant.is_edited and generate(source, variant.kind) != variant.generated
