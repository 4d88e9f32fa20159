"""Materialised paths of the union tree.

A path is the concatenation of fixed-width decimal segments, one per ancestor, each the
unit's primary key zero-padded to SEGMENT digits. Digits only, so every database
collation orders paths byte-wise, and "the subtree of P" is the half-open range
[P, next_sibling(P)): one index range scan whatever the depth.
"""

SEGMENT = 8
MAX_ID = 10**SEGMENT - 1


def segment(unit_id: int) -> str:
    if not 0 < unit_id <= MAX_ID:
        raise ValueError(f"unit id {unit_id} does not fit a path segment")
    return f"{unit_id:0{SEGMENT}d}"


def child_path(parent_path: str, unit_id: int) -> str:
    return f"{parent_path}{segment(unit_id)}"


def subtree_bounds(path: str) -> tuple[str, str]:
    """Return (low, high) such that low <= p < high for every path p in the subtree."""
    last = int(path[-SEGMENT:])
    return path, path[:-SEGMENT] + segment(last + 1)


def depth_of(path: str) -> int:
    return len(path) // SEGMENT - 1


def ancestor_ids(path: str) -> list[int]:
    """Ids from the root down to (and including) the unit owning the path."""
    return [int(path[i : i + SEGMENT]) for i in range(0, len(path), SEGMENT)]
