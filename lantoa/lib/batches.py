"""Many saves in a row (an .xlsx import): listeners that would start follow-up work per
saved row (the rollup triggers enqueue a refresh task each) collect it instead and run it
once when the outermost `bulk_changes()` block ends. The app doing the saves needs to know
nothing of the listeners."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

_state = threading.local()


class Batch:
    def __init__(self):
        self.pending: dict[str, dict] = {}
        self.finishers: dict[str, Callable[[dict], None]] = {}

    def collect(self, key: str, finish: Callable[[dict], None]) -> dict:
        """The store where a listener gathers its work; `finish(store)` runs at the end."""
        self.finishers.setdefault(key, finish)
        return self.pending.setdefault(key, {})


def current() -> Batch | None:
    return getattr(_state, "batch", None)


@contextlib.contextmanager
def bulk_changes():
    if current() is not None:  # nested: the outer block finishes
        yield
        return
    _state.batch = batch = Batch()
    try:
        yield
    finally:
        _state.batch = None
        for key, finish in batch.finishers.items():
            finish(batch.pending[key])
