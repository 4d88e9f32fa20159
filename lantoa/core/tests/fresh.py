"""Run Lan Tỏa in a fresh interpreter with the production settings and its own DATA_DIR
(file modes, backups: what a real start does, not what the test settings do)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_for_json(command: list[str], data_dir: Path, **env) -> dict:
    """Run `command` in the project folder; it prints one JSON line last, returned parsed."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH", "SECRET_KEY"}}
    environment.update(DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="lantoa.settings", LOG_LEVEL="WARNING", **env)
    completed = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])
