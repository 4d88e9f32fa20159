"""Channel imports waiting for confirmation, and their progress once confirmed.

An uploaded file is kept server-side between its preview and its confirmation, so the
confirmation writes exactly the file that was previewed and never a re-posted payload:
under DATA_DIR/private/channel-imports/, named by a random token, with a JSON state file
beside it (owner, the rows the preview would write with the versions it saw, the preview's
report, then the progress and the result). The token is only accepted from the session
that uploaded the file (`remember` / `load`), and files are deleted after `EXPIRES`.

A confirmation that writes more than `BACKGROUND_ROWS` rows runs as a background task
(`tasks.apply_channel_import`); its progress is read back from the state file.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from . import xlsx

EXPIRES = datetime.timedelta(hours=24)
BACKGROUND_ROWS = 500
# Rows of each kind the preview and the result list by name (the counts are always whole).
MAX_LISTED_ROWS = 200
SESSION_KEY = "channel_imports"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")


class Status:
    PREVIEWED = "previewed"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def root() -> Path:
    folder = Path(settings.DATA_DIR) / "private" / "channel-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class PendingImport:
    token: str
    owner_id: int
    filename: str
    created_at: str
    status: str = Status.PREVIEWED
    # Row number (as text, JSON keys) → `xlsx.Expected.dumps()`.
    expected: dict[str, list] = field(default_factory=dict)
    preview: dict[str, Any] = field(default_factory=dict)
    done: int = 0
    total: int = 0
    result: dict[str, Any] = field(default_factory=dict)
    # The units whose channels the confirmation writes (the task screen shows it to their staff).
    unit_ids: list[int] = field(default_factory=list)

    @property
    def file_path(self) -> Path:
        return root() / f"{self.token}.xlsx"

    @property
    def state_path(self) -> Path:
        return root() / f"{self.token}.json"

    @property
    def background(self) -> bool:
        return len(self.expected) > BACKGROUND_ROWS

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)

    @property
    def finished(self) -> bool:
        return self.status in (Status.DONE, Status.FAILED)

    def save(self) -> None:
        """Write the state atomically (the worker and the web process read it)."""
        temporary = self.state_path.with_suffix(f".{secrets.token_hex(4)}.tmp")
        temporary.write_text(json.dumps(asdict(self), ensure_ascii=False))
        os.replace(temporary, self.state_path)

    def expectations(self) -> dict[int, xlsx.Expected]:
        return {int(row): xlsx.Expected.loads(value) for row, value in self.expected.items()}

    def claim(self) -> bool:
        """True for the first confirmation only (two clicks, two tabs)."""
        try:
            os.close(os.open(root() / f"{self.token}.claimed", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            return False
        return True

    def progress(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "finished": self.finished,
            "url": reverse("channels_xlsx_import_review", args=[self.token]),
        }


def read_state(token: str) -> PendingImport | None:
    if not TOKEN_RE.match(token or ""):
        return None
    try:
        data = json.loads((root() / f"{token}.json").read_text())
    except (OSError, ValueError):
        return None
    pending = PendingImport(**data)
    if timezone.now() - datetime.datetime.fromisoformat(pending.created_at) > EXPIRES:
        return None
    return pending


def load(request, token: str) -> PendingImport | None:
    """The import of `token` if this session uploaded it and it has not expired."""
    if token not in request.session.get(SESSION_KEY, []):
        return None
    pending = read_state(token)
    if pending is None or pending.owner_id != request.user.pk:
        return None
    return pending


def remember(request, token: str) -> None:
    tokens = [t for t in request.session.get(SESSION_KEY, []) if t != token][-9:]
    request.session[SESSION_KEY] = [*tokens, token]


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Delete the files of imports older than EXPIRES; returns how many files went."""
    limit = ((now or timezone.now()) - EXPIRES).timestamp()
    removed = 0
    for path in root().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


# --- What the pages show


def _row_item(plan: xlsx.RowPlan) -> dict[str, Any]:
    unit = plan.unit
    return {
        "row": plan.row,
        "name": plan.name,
        "unit": unit.name if unit is not None else "",
        "kind": xlsx.KIND_LABELS.get(plan.fields.get("kind", ""), ""),
        "channel_id": plan.channel.pk if plan.channel is not None else None,
        "changed": plan.changed,
    }


def _listed(items: list) -> dict[str, Any]:
    return {"count": len(items), "rows": items[:MAX_LISTED_ROWS]}


def preview_report(preview: xlsx.ImportPreview) -> dict[str, Any]:
    errors = preview.errors
    return {
        "file_error": preview.file_error,
        "add": _listed([_row_item(p) for p in preview.having(xlsx.Action.ADD)]),
        "change": _listed([_row_item(p) for p in preview.having(xlsx.Action.CHANGE)]),
        "unchanged": len(preview.having(xlsx.Action.UNCHANGED)),
        "read_only": len(preview.having(xlsx.Action.READ_ONLY)),
        "refused": len(preview.having(xlsx.Action.REFUSED)),
        "errors": [str(e) for e in errors[: xlsx.MAX_LISTED_ERRORS]],
        "unlisted_errors": max(len(errors) - xlsx.MAX_LISTED_ERRORS, 0),
    }


def _saved_item(saved: xlsx.SavedRow) -> dict[str, Any]:
    channel = saved.channel
    return {
        "row": saved.row,
        "name": channel.name,
        "unit": channel.unit.name,
        "kind": xlsx.KIND_LABELS.get(channel.kind, channel.kind),
        "channel_id": channel.pk,
    }


def result_report(result: xlsx.ImportResult) -> dict[str, Any]:
    return {
        "file_error": result.file_error,
        "summary": result.summary,
        "created": _listed([_saved_item(s) for s in result.created]),
        "updated": _listed([_saved_item(s) for s in result.updated]),
        "unchanged": len(result.unchanged),
        "errors": [str(e) for e in result.listed_errors],
        "unlisted_errors": result.unlisted_errors,
        "conflicts": [str(e) for e in result.conflicts[: xlsx.MAX_LISTED_ERRORS]],
        "unlisted_conflicts": max(len(result.conflicts) - xlsx.MAX_LISTED_ERRORS, 0),
    }


# --- The steps


def start(upload, *, actor) -> tuple[PendingImport | None, xlsx.ImportPreview]:
    """Preview the uploaded file and keep it for the confirmation; nothing is written to
    the registry. A file refused as a whole is not kept (None)."""
    purge_expired()
    try:
        data = xlsx.read_upload(upload)
    except xlsx.FileRejected as error:
        return None, xlsx.ImportPreview(file_error=str(error))
    preview = xlsx.preview_channels(data, actor=actor)
    if preview.file_error:
        return None, preview
    pending = PendingImport(
        token=secrets.token_urlsafe(24),
        owner_id=actor.pk,
        filename=str(getattr(upload, "name", "") or "")[:200],
        created_at=timezone.now().isoformat(),
    )
    pending.file_path.write_bytes(data)
    os.chmod(pending.file_path, 0o600)
    pending.expected = {str(row): value.dumps() for row, value in xlsx.expectations(preview).items()}
    pending.preview = preview_report(preview)
    pending.total = len(pending.expected)
    pending.unit_ids = sorted({plan.unit.pk for plan in preview.to_write if plan.unit is not None})
    pending.save()
    return pending, preview


def confirm(pending: PendingImport, *, actor) -> bool:
    """Write the previewed rows: in this request, or queued as a background task when there
    are more than BACKGROUND_ROWS. False when it was confirmed already."""
    if pending.status != Status.PREVIEWED or not pending.claim():
        return False
    pending.status = Status.QUEUED
    pending.save()
    if pending.background:
        from lantoa.lib.tasks import enqueue_once

        from . import tasks

        enqueue_once(tasks.apply_channel_import, pending.token, actor.pk, key=f"channels.import:{pending.token}")
    else:
        run(pending, actor=actor)
    return True


def run(pending: PendingImport, *, actor) -> None:
    """Apply a confirmed import, recording its progress and result in its state file."""
    pending.status = Status.RUNNING
    pending.save()

    def progress(done: int, total: int) -> None:
        pending.done, pending.total = done, total
        pending.save()

    try:
        result = xlsx.apply_preview(pending.file_path.read_bytes(), pending.expectations(), actor=actor,
                                    progress=progress)  # fmt: skip
    except Exception:
        pending.status = Status.FAILED
        pending.save()
        raise
    pending.status, pending.result, pending.done = Status.DONE, result_report(result), pending.total
    pending.save()
