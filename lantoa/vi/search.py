"""Search that ignores diacritics and case, the same on SQLite and PostgreSQL.

Rows keep a folded copy of their searchable text (`search_text`, made by `text.fold`);
queries are folded the same way, and every word must appear.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .text import fold, search_terms


def searchable(*parts: str | None) -> str:
    """The folded text stored for searching, from the parts of a row."""
    return " ".join(fold(p) for p in parts if p)[:1000]


def filter_folded(queryset: QuerySet, query: str | None, fields: tuple[str, ...] = ("search_text",)) -> QuerySet:
    for term in search_terms(query):
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__contains": term})
        queryset = queryset.filter(match)
    return queryset
