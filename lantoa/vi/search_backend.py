"""Wagtail's database search backend, folded: the index holds every text also without
diacritics ("Đồng Khởi dong khoi") and string queries are folded before matching, so
"dong khoi", "Đồng Khởi" and "ĐỒNG KHỞI" find the same rows on SQLite and PostgreSQL. Adding rows to
the index is one transaction (`_atomic_index_class`), so two workers indexing the same page
do not both insert it.

(SQLite FTS5 leaves letters with two marks and đ unfolded; PostgreSQL's autocomplete uses
the `simple` configuration: folding on our side makes both behave alike.)
"""

from __future__ import annotations

import sys

from django.db import router, transaction
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

from .text import fold

_FOLDING_CLASSES: dict[type, type] = {}


def folded_copy(text: str) -> str:
    folded = fold(text)
    return text if not text or folded == text.casefold() else f"{text} {folded}"


def _fold_indexer(backend_class: type) -> None:
    """Index folded text too: the backend's module builds rows with its ObjectIndexer."""
    module = sys.modules[backend_class.__module__]
    indexer = getattr(module, "ObjectIndexer", None)
    if indexer is None or getattr(indexer, "lantoa_folding", False):
        return

    class FoldingObjectIndexer(indexer):
        lantoa_folding = True

        def prepare_value(self, value):
            return folded_copy(super().prepare_value(value))

    module.ObjectIndexer = FoldingObjectIndexer


def _atomic_index_class(index_class: type) -> type:
    """The index with `add_items` in one transaction. SQLite's index reads which objects
    already have a row, then inserts the others: two workers indexing the same page at once
    (a publication queues it more than once) both inserted, and one task failed on the
    unique key. In a transaction (IMMEDIATE on this site's SQLite) the second waits, then
    finds the row and updates it. PostgreSQL's index upserts; the transaction costs it
    nothing."""

    def add_items(self, model, objs):
        with transaction.atomic(using=router.db_for_write(model)):
            return index_class.add_items(self, model, objs)

    return type(f"Atomic{index_class.__name__}", (index_class,), {"add_items": add_items})


def _folding_backend_class(backend_class: type) -> type:
    if backend_class not in _FOLDING_CLASSES:

        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            if isinstance(query, str):
                query = fold(query)
            return backend_class._search(self, query_compiler_class, query, model_or_queryset, **kwargs)

        _FOLDING_CLASSES[backend_class] = type(
            f"Folding{backend_class.__name__}",
            (backend_class,),
            {"_search": _search, "index_class": _atomic_index_class(backend_class.index_class)},
        )
    return _FOLDING_CLASSES[backend_class]


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = DatabaseSearchBackend(params)
    _fold_indexer(type(backend))
    backend.__class__ = _folding_backend_class(type(backend))
    return backend
