"""Search over articles: every word of the query, with or without diacritics, ranked, with a
highlighted snippet.

Mechanism: the articles' word index (`lantoa.content.word_index`: folded tokens, an FTS5
table on SQLite and GIN indexes on PostgreSQL, the same tokens on both, so both find the same
articles), not Wagtail's search backend, whose two engines tokenize differently (PostgreSQL's
default English configuration drops "an", "to", "do", "no": the folded "an toàn", "tổ", "đó").

Ranking we can state: articles holding every word in their title come first, then those
holding them in the summary or body; within each, the most recently published first, so an
old article never hides this week's news. Both tiers are read newest first from the index
and stop after the page asked for: a query that matches 30,000 articles costs what one that
matches 30 does. What the index returns is checked once more against the pages themselves
(live, in the site, or a draft the user may edit), so a stale row can never show a page.

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

from django.core.exceptions import EmptyResultSet
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lantoa.org import scope
from lantoa.vi.search import bounded_terms
from lantoa.vi.text import strip_controls

from . import word_index
from .models import ArticlePage

SNIPPET_LENGTH = 220
SNIPPET_LEAD = 60  # characters shown before the first highlighted word
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
    """The folded words searched for, each once; signs alone ("%", "_", quotes) are no words,
    so such a query finds nothing."""
    cleaned = strip_controls(query or "").replace("\x00", "")
    return list(dict.fromkeys(word for term in bounded_terms(cleaned) for word in word_index.tokens(term)))


def visible_articles(*, site=None, live_only: bool = True, user=None) -> QuerySet:
    """Live articles (of `site`), plus, when not `live_only`, the drafts of units where
    `user` may edit pages."""
    articles = ArticlePage.objects.all()
    if site is not None:
        articles = articles.in_site(site)
    if live_only or user is None:
        return articles.filter(live=True)
    return articles.filter(Q(live=True) | Q(unit__in=_editable_units(user)))


def _editable_units(user) -> QuerySet:
    return scope.units_with_perm(user, EDIT_PERM).values("pk")


def _index_where(*, site=None, live_only: bool = True, user=None) -> word_index.Where:
    path = site.root_page.path if site is not None else None
    if live_only or user is None:
        return word_index.Where(path=path)
    try:
        draft_units = _editable_units(user).query.sql_with_params()
    except EmptyResultSet:  # no unit at all: live articles only
        return word_index.Where(path=path)
    return word_index.Where(path=path, draft_units=draft_units)


class ArticleMatches:
    """The articles holding every word of a query, best first: a sequence that Django's
    paginator takes (`count()` and slices), reading only the rows asked for. `pages` is the
    queryset the articles are loaded from (narrowed to the visible ones)."""

    def __init__(self, query: str | None, *, site=None, live_only: bool = True, user=None, pages=None):
        self.words = query_words(query)
        self.where = _index_where(site=site, live_only=live_only, user=user)
        visible = visible_articles(site=site, live_only=live_only, user=user)
        self.pages = visible if pages is None else pages.filter(pk__in=visible.values("pk"))

    def count(self) -> int:
        return word_index.count(self.words, self.where)

    def __len__(self) -> int:
        return self.count()

    def ids(self, offset: int, limit: int) -> list[int]:
        """Page ids of ranks offset … offset + limit - 1: the title tier, then the others."""
        in_title = word_index.newest_ids(self.words, self.where, title=True, limit=offset + limit)
        if len(in_title) == offset + limit:  # the page lies inside the title tier
            return in_title[offset:]
        found = in_title[offset:]  # the whole title tier is here: it has fewer rows than asked
        rest = word_index.newest_ids(
            self.words, self.where, title=False, limit=limit - len(found), offset=max(offset - len(in_title), 0)
        )
        return found + rest

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        if stop is None or key.step is not None or start < 0 or stop < 0:
            raise TypeError("ArticleMatches takes slices [start:stop]")
        ids = self.ids(start, max(stop - start, 0))
        pages = self.pages.filter(pk__in=ids).in_bulk()
        return [pages[pk] for pk in ids if pk in pages]


def matching_articles(query: str | None, **where) -> ArticleMatches:
    """The articles holding every word of `query`, best first (none for a query without
    words); `where` as `ArticleMatches` takes it."""
    return ArticleMatches(query, **where)


def search_articles(
    query: str | None, *, site=None, live_only: bool = True, user=None, limit: int = 20, offset: int = 0, request=None
) -> list[ArticleHit]:
    """One page of the articles matching `query`, best first, each with its snippet."""
    matches = ArticleMatches(query, site=site, live_only=live_only, user=user)
    if not matches.words or limit <= 0:
        return []
    matches.pages = matches.pages.only(*SHOWN_FIELDS)
    start = max(offset, 0)
    return [hit(article, matches.words, request) for article in matches[start : start + limit]]


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
