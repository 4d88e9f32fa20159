"""The articles' word index: which articles hold every word of a query, newest first, without
reading the articles.

One row per article (`ArticleWords`): its folded words, split once here in Python (`words_of`),
its title's words apart, and a sort key that orders by publication (`sort_key`: the first
publication's second, then the page id, so it is unique). Both databases then look the words
up in an inverted index over the same tokens, so they find the same articles:

- SQLite: an FTS5 table over the rows (external content, kept by triggers; the `ascii`
  tokenizer with `_` as a word character splits only at the spaces `words_of` put there),
  whose rowid is the sort key, so `ORDER BY rowid DESC LIMIT n` stops after n matches.
- PostgreSQL: GIN indexes on `array_to_tsvector(string_to_array(…, ' '))`, the tokens
  themselves as lexemes (no parser, no stop words, no stemming); a query is a `tsquery` cast
  from the quoted words, so nothing is normalised differently.

A word matches a whole token: "lao" finds "lao động", not "laodong". Ranking stays in
`lantoa.content.search`. The rows follow the article's saves (`ArticlePage.save`), moves
(`reindex_pages_under`) and deletion (cascade). A later migration that alters the
`content_articlewords` table must call `create_database_index` again: SQLite rebuilds an
altered table and drops its triggers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from lantoa.vi.text import fold

WORD = re.compile(r"\w+")
MAX_WORD_LENGTH = 100  # PostgreSQL refuses lexemes over 2 KB; longer words are cut the same way on both sides
ID_SPAN = 10**9  # sort key = publication second * ID_SPAN + page id
TABLE = "content_articlewords"
FTS_TABLE = "content_articlewords_fts"
PG_TITLE = "array_to_tsvector(string_to_array(title_words, ' '))"
PG_TEXT = "array_to_tsvector(string_to_array(text_words, ' '))"


def tokens(text: str | None) -> list[str]:
    """The folded words of `text`, in order ("Đồng Khởi, 2026" → dong, khoi, 2026)."""
    return [word[:MAX_WORD_LENGTH] for word in WORD.findall(fold(text or ""))]


def words_of(*parts: str | None) -> str:
    """The parts' words joined by single spaces: what the index stores."""
    return " ".join(word for part in parts for word in tokens(part))


def sort_key(page) -> int:
    """Newest first by first publication; never-published drafts after every published
    article, the newest page first."""
    published = int(page.first_published_at.timestamp()) if page.first_published_at else 0
    return published * ID_SPAN + page.pk


def words_row(article):
    """The index row of `article` (not saved): for `index_article` and bulk loads."""
    from .models import ArticleWords

    return ArticleWords(
        sort_key=sort_key(article), page_id=article.pk, live=article.live, path=article.path,
        unit_id=article.unit_id, title_words=words_of(article.title),
        text_words=words_of(article.title, article.summary, article.body_text()),
    )  # fmt: skip


def index_article(article) -> None:
    """Replace the article's row (its sort key may have changed with its publication)."""
    from .models import ArticleWords

    ArticleWords.objects.filter(page_id=article.pk).delete()
    words_row(article).save(force_insert=True)


def reindex_pages_under(page) -> None:
    """The articles at or below `page` again (after a move changed their paths and units)."""
    from .models import ArticlePage

    for article in ArticlePage.objects.filter(path__startswith=page.path).iterator():
        index_article(article)


# --- Queries


@dataclass(frozen=True)
class Where:
    """Which index rows a search may return: live ones (under `path` when given), plus the
    drafts of the units a subquery names."""

    path: str | None = None
    draft_units: tuple[str, list] | None = None  # (SQL, params) selecting unit ids

    def sql(self, alias: str) -> tuple[str, list]:
        visible = f"{alias}.live"
        params: list = []
        if self.draft_units is not None:
            units_sql, units_params = self.draft_units
            visible = f"({alias}.live OR {alias}.unit_id IN ({units_sql}))"
            params += units_params
        if self.path is not None:
            visible += f" AND {alias}.path LIKE %s"
            params.append(f"{self.path}%")
        return visible, params


def _fts_all(words: list[str]) -> str:
    return " AND ".join(f'"{word}"' for word in words)


def _fts_match(words: list[str], *, title: bool | None) -> str:
    """FTS5 query: every word (title None), every word in the title (True), or every word but
    not all of them in the title (False)."""
    every = _fts_all(words)
    in_title = f"title_words : ({every})"
    if title is None:
        return every
    return in_title if title else f"({every}) NOT ({in_title})"


def _pg_query(words: list[str]) -> str:
    return " & ".join(f"'{word}'" for word in words)


def _pg_match(title: bool | None) -> tuple[str, int]:
    """PostgreSQL condition and how many times it takes the tsquery."""
    if title is None:
        return f"{PG_TEXT} @@ %s::tsquery", 1
    if title:
        return f"{PG_TITLE} @@ %s::tsquery", 1
    return f"{PG_TEXT} @@ %s::tsquery AND NOT ({PG_TITLE} @@ %s::tsquery)", 2


def _select(words: list[str], where: Where, *, title: bool | None, columns: str) -> tuple[str, list]:
    visible, visible_params = where.sql("w")
    if connection.vendor == "sqlite":
        sql = (
            f"SELECT {columns} FROM {FTS_TABLE} JOIN {TABLE} w ON w.sort_key = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {visible}"
        )
        return sql, [_fts_match(words, title=title), *visible_params]
    condition, times = _pg_match(title)
    sql = f"SELECT {columns} FROM {TABLE} w WHERE {condition} AND {visible}"
    return sql, [_pg_query(words)] * times + visible_params


def _order() -> str:
    return f"{FTS_TABLE}.rowid DESC" if connection.vendor == "sqlite" else "w.sort_key DESC"


def newest_ids(words: list[str], where: Where, *, title: bool | None, limit: int, offset: int = 0) -> list[int]:
    """Page ids of the matching rows, newest first."""
    if not words or limit <= 0:
        return []
    sql, params = _select(words, where, title=title, columns="w.page_id")
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY {_order()} LIMIT %s OFFSET %s", [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def count(words: list[str], where: Where, *, title: bool | None = None) -> int:
    if not words:
        return 0
    sql, params = _select(words, where, title=title, columns="count(*)")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# --- The database side (migrations)

SQLITE_INDEX = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        title_words, text_words, content='{TABLE}', content_rowid='sort_key',
        tokenize="ascii tokenchars '_'", detail=column)""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title_words, text_words)
        VALUES (new.sort_key, new.title_words, new.text_words); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_words, text_words)
        VALUES ('delete', old.sort_key, old.title_words, old.text_words); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_words, text_words)
        VALUES ('delete', old.sort_key, old.title_words, old.text_words);
        INSERT INTO {FTS_TABLE}(rowid, title_words, text_words)
        VALUES (new.sort_key, new.title_words, new.text_words); END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
POSTGRES_INDEX = [
    f"CREATE INDEX IF NOT EXISTS {TABLE}_title_gin ON {TABLE} USING gin ({PG_TITLE})",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_text_gin ON {TABLE} USING gin ({PG_TEXT})",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_{name}" for name in ("ai", "ad", "au")] + [
    f"DROP TABLE IF EXISTS {FTS_TABLE}"
]
POSTGRES_DROP = [f"DROP INDEX IF EXISTS {TABLE}_title_gin", f"DROP INDEX IF EXISTS {TABLE}_text_gin"]


def create_database_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_INDEX, "postgresql": POSTGRES_INDEX}.get(vendor, []):
        schema_editor.execute(statement)


def drop_database_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(statement)
