"""Set-based writes of the cascade, at the scale of the whole country (130,000 units): one
INSERT … SELECT per chunk of tasks, and one per tree level for the compliance counts, so
the rows are expanded by the database, not built as Python objects (Django's bulk_create
spent about 30 s on 260,000 tasks; bench/cascade.py).

SQLite expands JSON arrays with `json_each`; PostgreSQL expands arrays with `unnest`.
Columns: `TASK_COLUMNS` is every column a new task needs (a test checks it against the
model, so a new NOT NULL field cannot be forgotten here).
"""

from __future__ import annotations

import json

from django.db import connection

from lantoa.org import paths

from .models import ComplianceCount, Dispatch, TaskStatus, UnitTask

TASK_TABLE = UnitTask._meta.db_table
COUNT_TABLE = ComplianceCount._meta.db_table
# Every column without a database default that a new task must fill (the rest are null).
TASK_COLUMNS = ("dispatch_id", "root_id", "unit_id", "action", "due_on", "status", "evidence_url", "reason", "report")


def _insert_tasks_sql(vendor: str) -> str:
    columns = ", ".join(TASK_COLUMNS)
    if vendor == "postgresql":
        return (
            f"INSERT INTO {TASK_TABLE} ({columns}) "  # noqa: S608 - our table and columns, values as parameters
            "SELECT %s, %s, u, a, %s, %s, '', '', '' FROM unnest(%s::bigint[]) AS u, unnest(%s::varchar[]) AS a "
            "ON CONFLICT DO NOTHING"
        )
    return (
        f"INSERT OR IGNORE INTO {TASK_TABLE} ({columns}) "  # noqa: S608 - as above
        "SELECT %s, %s, u.value, a.value, %s, %s, '', '', '' FROM json_each(%s) AS u, json_each(%s) AS a"
    )


def _array(values: list, vendor: str):
    return list(values) if vendor == "postgresql" else json.dumps(list(values))


def insert_tasks(dispatch: Dispatch, unit_ids: list[int]) -> int:
    """Each unit's task for each of the dispatch's actions; those that exist are skipped."""
    vendor = connection.vendor
    params = [
        dispatch.pk, dispatch.root_id, connection.ops.adapt_datefield_value(dispatch.due_on), TaskStatus.PENDING,
        _array(unit_ids, vendor), _array(dispatch.actions, vendor),
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_insert_tasks_sql(vendor), params)
        return cursor.rowcount


def _count_level_sql(vendor: str, start: int) -> str:
    """The counts of one tree level: tasks grouped by their unit's ancestor at that level
    (the path's segment from character `start`, an integer of ours written into the SQL so
    that the grouped and the selected expressions are the same)."""
    kind = "bigint" if vendor == "postgresql" else "integer"
    segment = f"substr(u.path, {int(start)}, {paths.SEGMENT})"
    return (
        f"INSERT INTO {COUNT_TABLE} (root_id, unit_id, due_on, total, done, done_late, not_applicable) "  # noqa: S608
        f"SELECT %s, CAST({segment} AS {kind}), t.due_on, COUNT(*), "
        "SUM(CASE WHEN t.status = %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN t.status = %s AND t.done_on > t.due_on THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN t.status = %s THEN 1 ELSE 0 END) "
        f"FROM {TASK_TABLE} t JOIN {unit_table()} u ON u.id = t.unit_id "
        "WHERE t.root_id = %s AND t.status <> %s AND LENGTH(u.path) >= %s "
        f"GROUP BY {segment}, t.due_on"
    )


def unit_table() -> str:
    from lantoa.org.models import Unit

    return Unit._meta.db_table


def deepest_path(root_id: int) -> int:
    """The longest unit path among the root's tasks (0 when it has none)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(LENGTH(u.path)) FROM {TASK_TABLE} t JOIN {unit_table()} u ON u.id = t.unit_id "  # noqa: S608
            "WHERE t.root_id = %s",
            [root_id],
        )
        return cursor.fetchone()[0] or 0


def insert_counts(root_id: int) -> None:
    """Every count row of the root, level by level from the top of the tree down."""
    with connection.cursor() as cursor:
        for start in range(1, deepest_path(root_id) + 1, paths.SEGMENT):
            params = [root_id, TaskStatus.DONE, TaskStatus.DONE, TaskStatus.NOT_APPLICABLE, root_id,
                      TaskStatus.RELAYED, start + paths.SEGMENT - 1]  # fmt: skip
            cursor.execute(_count_level_sql(connection.vendor, start), params)
