"""Reading ids from query parameters without trusting them.

`int()` accepts what no database column holds ("99999999999999999999" overflows SQLite's
INTEGER and PostgreSQL's bigint) and `str.isdigit()` accepts "²"; both end in a 500.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest id a database column holds


def object_id(raw: str | None) -> int | None:
    """The row id in `raw` ("12"), or None when it cannot be one (empty, not ASCII digits, 0, too large)."""
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None
