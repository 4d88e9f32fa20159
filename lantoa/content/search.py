"""Search over articles: every word of the query, with or without diacritics, ranked, with a
highlighted snippet.

Mechanism: our folded `ArticlePage.search_text` column (`lantoa.vi.search.searchable`: the
folded title, summary and body) and a ranking expression, not Wagtail's search backend.

- The same articles on SQLite and PostgreSQL. Wagtail's database backend matches tokens
  with two different engines: SQLite's FTS5 and PostgreSQL's `tsvector` in the server's
  default configuration (English), whose stop words drop "an", "the", "to", "do", "no", "on"
  (the folded "an toàn", "tập thể", "tổ", "đó", "nợ", "ổn"), so "an toan lao dong" and "thoa
  uoc lao dong tap the" would find other articles on each. Here a word matches when the
  folded text contains it (`instr` / `strpos`), the same function on both, and the same
  rule as the rest of Lan Tỏa's search (`lantoa.vi.search.filter_folded`).
- Ranking we can state: the query as one phrase in the title, then each word in the title,
  then the phrase in the text; equal ranks go recent first (`first_published_at`), so an
  old article never hides this week's news. The stored text starts with the folded title,
  so a word is "in the title" when its first position lies within the title's length
  (folding keeps one letter per letter).
- Speed: NOT yet what it must be. Every query scans the folded column of every visible
  article (`instr` cannot use an index) and ranks every match. `bench/content_search.py`
  measured p95 5.6 s on SQLite and 0.98 s on PostgreSQL over 50,000 articles (target 50 ms;
  the 2 cores were shared and loaded): on SQLite `search_text` lies after the ~3 KB `body` column, so each row read
  follows an overflow page, and even a narrow copy of the column scans 50 MB per word.
  Meeting the target needs an inverted index over the folded text, the same tokens on
  both databases: an FTS5 table (unicode61, folded title and text columns, bm25 weights)
  on SQLite and a GIN index on `to_tsvector('simple', …)` on PostgreSQL (the `simple`
  configuration: no stop words, no stemming), both kept by the article's save. That needs
  a model and migration change (the lead's); this module's interface stays as it is.

The snippet is cut from the summary and body (with diacritics): the query's words are found
in the folded text and mapped back to the original letters, everything is escaped, then the
matches are wrapped in `<mark>`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Case, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lantoa.org import scope
from lantoa.vi.search import bounded_terms
from lantoa.vi.text import strip_controls

from .models import ArticlePage

WORD = re.compile(r"\w+")
SNIPPET_LENGTH = 220
SNIPPET_LEAD = 60  # characters shown before the first highlighted word
# Ranking weights: a phrase in the title beats words in the title, which beat the body.
TITLE_PHRASE, TITLE_WORD, TEXT_PHRASE = 8, 4, 2
EDIT_PERM = "wagtailcore.change_page"
SHOWN_FIELDS = ("id", "title", "url_path", "summary", "body", "first_published_at", "live", "path", "depth")
SNIPPET_SOURCE = 3000  # characters of summary and body looked at for the snippet


@dataclass(frozen=True)
class ArticleHit:
    page_id: int
    title: str
    url: str | None
    snippet: SafeString
    first_published_at: datetime.datetime | None


def query_words(query: str | None) -> list[str]:
    """The folded words searched for, longest (most selective) first; signs alone ("%", "_",
    quotes) are no words, so such a query finds nothing."""
    cleaned = strip_controls(query or "").replace("\x00", "")
    words = [word for term in bounded_terms(cleaned) for word in WORD.findall(term)]
    return sorted(dict.fromkeys(words), key=len, reverse=True)


def _position(word: str) -> StrIndex:
    """Where `word` first appears in the folded text (0: nowhere); `instr` / `strpos`."""
    return StrIndex("search_text", Value(word))


def _in_title(word: str) -> LessThanOrEqual:
    return LessThanOrEqual(_position(word), Length("title"))


def rank_expression(words: list[str], phrase: str):
    """The article's rank for a query whose words it all holds: higher is better."""
    phrase_in_text = GreaterThan(_position(phrase), 0)
    score = Case(
        When(phrase_in_text & Q(_in_title(phrase)), then=Value(TITLE_PHRASE + TEXT_PHRASE)),
        When(phrase_in_text, then=Value(TEXT_PHRASE)),
        default=Value(0),
    )
    for word in words:
        score = score + Case(When(_in_title(word), then=Value(TITLE_WORD)), default=Value(0))
    return ExpressionWrapper(score, output_field=IntegerField())


def visible_articles(*, site=None, live_only: bool = True, user=None) -> QuerySet:
    """Live articles (of `site`), plus, when not `live_only`, the drafts of units where
    `user` may edit pages."""
    articles = ArticlePage.objects.all()
    if site is not None:
        articles = articles.in_site(site)
    if live_only or user is None:
        return articles.filter(live=True)
    editable_units = scope.units_with_perm(user, EDIT_PERM).values("pk")
    return articles.filter(Q(live=True) | Q(unit__in=editable_units))


def matching_articles(query: str | None, **where) -> QuerySet:
    """The articles holding every word of `query`, best first (none for a query without
    words); `where` as `visible_articles` takes it."""
    words = query_words(query)
    if not words:
        return ArticlePage.objects.none()
    articles = visible_articles(**where)
    for word in words:  # the longest word first: the others test fewer rows
        articles = articles.filter(GreaterThan(_position(word), 0))
    ranked = articles.alias(_rank=rank_expression(words, " ".join(query_terms_in_order(query))))
    return ranked.order_by("-_rank", F("first_published_at").desc(nulls_last=True), "-pk")


def query_terms_in_order(query: str | None) -> list[str]:
    cleaned = strip_controls(query or "").replace("\x00", "")
    return [word for term in bounded_terms(cleaned) for word in WORD.findall(term)]


def search_articles(
    query: str | None, *, site=None, live_only: bool = True, user=None, limit: int = 20, offset: int = 0, request=None
) -> list[ArticleHit]:
    """One page of the articles matching `query`, best first, each with its snippet."""
    words = query_words(query)
    if not words or limit <= 0:
        return []
    ranked = matching_articles(query, site=site, live_only=live_only, user=user)
    # Ids first, then the pages: the sort then carries ids, not bodies.
    ids = list(ranked.values_list("pk", flat=True)[max(offset, 0) : max(offset, 0) + limit])
    pages = ArticlePage.objects.filter(pk__in=ids).only(*SHOWN_FIELDS).in_bulk()
    return [hit(pages[pk], words, request) for pk in ids if pk in pages]


def hit(article: ArticlePage, words: list[str], request) -> ArticleHit:
    return ArticleHit(
        page_id=article.pk,
        title=article.title,
        url=article.get_url(request=request),
        snippet=snippet(f"{article.summary}\n{article.body_text()}", words),
        first_published_at=article.first_published_at,
    )


# --- Snippets


@lru_cache(maxsize=8192)
def _fold_letter(char: str) -> str:
    """One character folded as `lantoa.vi.text.fold` folds it, possibly to nothing (a lone mark)."""
    if char in "đĐ":
        return "d"
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).casefold()


def folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the position of the original one."""
    letters: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        for letter in _fold_letter(char):
            letters.append(letter)
            positions.append(index)
    return "".join(letters), positions


def _occurrences(folded: str, word: str) -> list[int]:
    """Where `word` starts a word of `folded`; anywhere in a word when it never starts one."""
    found = [match.start() for match in re.finditer(re.escape(word), folded)]
    at_word_start = [start for start in found if start == 0 or not folded[start - 1].isalnum()]
    return at_word_start or found


def matched_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of `text` (original letters) holding a word."""
    folded, positions = folded_with_positions(text)
    spans = []
    for word in words:
        for start in _occurrences(folded, word):
            end = start + len(word)
            spans.append((positions[start], positions[end - 1] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The stretch of text to show: around the first match, cut at spaces."""
    if not spans or spans[0][0] < SNIPPET_LEAD:
        start = 0
    else:
        start = text.rfind(" ", 0, spans[0][0] - SNIPPET_LEAD) + 1
    end = start + SNIPPET_LENGTH
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, min(end, len(text))


def snippet(text: str, words: list[str]) -> SafeString:
    """Part of `text`, HTML-escaped, with the query's words wrapped in <mark>."""
    text = " ".join(unicodedata.normalize("NFC", text[:SNIPPET_SOURCE]).split())
    spans = matched_spans(text, words)
    start, end = _window(text, spans)
    parts, cursor = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts += [escape(text[cursor:span_start]), f"<mark>{escape(text[span_start:span_end])}</mark>"]
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    return mark_safe(lead + "".join(parts) + tail)  # noqa: S308 - every piece is escaped above
