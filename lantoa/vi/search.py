"""Search that ignores diacritics and case, the same on SQLite and PostgreSQL.

Rows keep a folded copy of their searchable text (`search_text`, made by `text.fold`);
queries are folded the same way, and every word must appear.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .text import fold, search_terms

# Each word is one LIKE: SQLite refuses a pattern over 50,000 bytes ("LIKE or GLOB pattern
# too complex"), and hundreds of words make a query no one means. Longer queries are cut.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10


def searchable(*parts: str | None) -> str:
    """The folded text stored for searching, from the parts of a row."""
    return " ".join(fold(p) for p in parts if p)[:1000]


def bounded_terms(query: str | None) -> list[str]:
    """The words searched for: those of the first MAX_QUERY_LENGTH characters, MAX_TERMS at most."""
    return search_terms((query or "")[:MAX_QUERY_LENGTH])[:MAX_TERMS]


def is_cut(query: str | None) -> bool:
    """Whether `bounded_terms` leaves part of `query` out."""
    text = query or ""
    return len(text) > MAX_QUERY_LENGTH or len(search_terms(text)) > MAX_TERMS


def filter_folded(queryset: QuerySet, query: str | None, fields: tuple[str, ...] = ("search_text",)) -> QuerySet:
    for term in bounded_terms(query):
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__contains": term})
        queryset = queryset.filter(match)
    return queryset
