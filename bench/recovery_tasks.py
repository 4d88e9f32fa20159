"""A task for `bench.recovery` only: it sleeps, then leaves a marker file."""

from __future__ import annotations

import os
import time
from pathlib import Path

from lantoa.lib.tasks import background_task


@background_task(max_attempts=3, backoff_seconds=1)
def sleep_then_mark(seconds: float, marker: str) -> int:
    time.sleep(seconds)
    Path(marker).write_text(str(os.getpid()))
    return os.getpid()
