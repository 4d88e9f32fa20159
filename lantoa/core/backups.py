"""Backups of the database and the media folder, and their restore (`manage.py backup DIR`,
`manage.py restore DIR`; docs/deployment.md).

A backup is a folder holding the database copy, `media.tar.gz` (MEDIA_ROOT) and
`manifest.json`, files 0600 in a 0700 folder. The manifest is written last and lists each
file's SHA-256, so a folder without one is an interrupted backup. SQLite is copied through
its online backup API (a consistent snapshot while the server runs, write-ahead log
included; copying the live file would miss or tear what the -wal file holds); PostgreSQL
through pg_dump's custom format. Restore checks everything before it changes anything, keeps
what it replaces beside it (`*.before-restore-<time>`), and writes the database back through
the same APIs, so a stale -wal file left by a crash cannot replay over the restored data.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from lantoa.core import file_modes

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
MEDIA_ROOT_IN_ARCHIVE = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
DATABASE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    pass


def create_backup(folder: Path) -> list[Path]:
    """Write a backup of the default database and MEDIA_ROOT into `folder` (new or empty)."""
    kind = database_kind()
    _make_empty_private_folder(folder)
    DUMPERS[kind](folder / DATABASE_FILES[kind])
    _archive_media(folder / MEDIA_ARCHIVE)
    write_manifest(folder, kind)
    for file in folder.iterdir():
        file.chmod(file_modes.OWNER_FILE)
    return sorted(folder.iterdir())


def restore_backup(folder: Path, *, checked_kind: str | None = None) -> list[Path]:
    """Replace the database and MEDIA_ROOT with the backup in `folder` (checked first, unless
    `checked_kind` says check_backup just did); returns where the replaced data was kept.
    The server and the worker must be stopped."""
    kind = checked_kind or check_backup(folder)
    connections.close_all()
    stamp = _stamp()
    kept = [path for path in (KEEPERS[kind](stamp), _keep_media(stamp)) if path]
    LOADERS[kind](folder / DATABASE_FILES[kind])
    _extract_media(folder / MEDIA_ARCHIVE)
    return kept


def database_kind() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(_("Backups support SQLite and PostgreSQL only, not %(engine)s.") % {"engine": engine})


def write_manifest(folder: Path, kind: str) -> None:
    files = {name: _sha256(folder / name) for name in (DATABASE_FILES[kind], MEDIA_ARCHIVE)}
    created = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    manifest = {"format": FORMAT, "database": kind, "created": created, "sha256": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def check_backup(folder: Path) -> str:
    """The backup's database kind, once its manifest, checksums, database copy and media
    archive are all sound and match this installation; BackupError otherwise."""
    manifest = _read_manifest(folder)
    kind, current = manifest.get("database"), database_kind()
    if kind != current:
        labels = {"backup": DATABASE_LABELS.get(kind, str(kind)), "current": DATABASE_LABELS[current]}
        raise BackupError(
            _(
                "This backup is of a %(backup)s database and this installation uses %(current)s: "
                "restore it into the same kind of database."
            )
            % labels
        )
    for name, digest in manifest.get("sha256", {}).items():
        if not (folder / name).is_file() or _sha256(folder / name) != digest:
            raise BackupError(
                _("%(file)s is missing or damaged (its checksum differs from the manifest).") % {"file": name}
            )
    CHECKERS[kind](folder / DATABASE_FILES[kind])
    _check_media_archive(folder / MEDIA_ARCHIVE)
    return kind


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _copy_sqlite(source: Path, target: Path, *, journal_mode: str) -> None:
    """Copy page by page through SQLite's backup API: consistent, WAL-aware, either way."""
    with _sqlite(source) as origin, _sqlite(target) as destination:
        origin.backup(destination)
        destination.execute(f"PRAGMA journal_mode={journal_mode}")


def _sqlite(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(path, timeout=20))


def _dump_sqlite(target: Path) -> None:
    _copy_sqlite(_sqlite_path(), target, journal_mode="DELETE")  # one self-contained file
    _check_sqlite(target)


def _check_sqlite(copy: Path) -> None:
    try:
        with _sqlite(copy) as database:
            result = database.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        result = str(error)
    if result != "ok":
        raise BackupError(
            _("The database copy %(file)s is damaged: %(reason)s") % {"file": copy.name, "reason": result}
        )


def _load_sqlite(source: Path) -> None:
    _copy_sqlite(source, _sqlite_path(), journal_mode="WAL")
    file_modes.secure_data_files(**_data_paths())


def _keep_sqlite(stamp: str) -> Path | None:
    current = _sqlite_path()
    if not current.is_file() or current.stat().st_size == 0:
        return None
    kept = current.with_name(f"{current.name}.before-restore-{stamp}")
    _copy_sqlite(current, kept, journal_mode="DELETE")
    kept.chmod(file_modes.OWNER_FILE)
    return kept


# --- PostgreSQL ----------------------------------------------------------------------------


def _postgres(program: str, *arguments: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _("%(program)s was not found: install the PostgreSQL client (postgresql-client).") % {"program": program}
        )
    completed = subprocess.run(  # noqa: S603 (fixed program, arguments from settings and our own paths)
        [executable, *arguments], env=_postgres_environment(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(_("%(program)s failed: %(error)s") % {"program": program, "error": completed.stderr.strip()})


def _postgres_environment() -> dict[str, str]:
    """libpq's variables, so that the password never shows on a command line."""
    database = settings.DATABASES["default"]
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}


def _dump_postgres(target: Path) -> None:
    _postgres("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}")


def _check_postgres(dump: Path) -> None:
    _postgres("pg_restore", "--list", str(dump))


def _load_postgres(source: Path) -> None:
    name = settings.DATABASES["default"]["NAME"]
    _postgres(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        f"--dbname={name}",
        str(source),
    )


def _keep_postgres(stamp: str) -> Path:
    kept = Path(settings.DATA_DIR) / f"database.before-restore-{stamp}.pgdump"
    _dump_postgres(kept)
    kept.chmod(file_modes.OWNER_FILE)
    return kept


DUMPERS: dict[str, Callable[[Path], None]] = {"sqlite": _dump_sqlite, "postgresql": _dump_postgres}
CHECKERS: dict[str, Callable[[Path], None]] = {"sqlite": _check_sqlite, "postgresql": _check_postgres}
LOADERS: dict[str, Callable[[Path], None]] = {"sqlite": _load_sqlite, "postgresql": _load_postgres}
KEEPERS: dict[str, Callable[[str], Path | None]] = {"sqlite": _keep_sqlite, "postgresql": _keep_postgres}


# --- Media ---------------------------------------------------------------------------------


def _archive_media(target: Path) -> None:
    # Images and office files are compressed already: the fastest level loses little.
    with tarfile.open(target, "w:gz", compresslevel=1) as archive:
        archive.add(settings.MEDIA_ROOT, arcname=MEDIA_ROOT_IN_ARCHIVE)


def _check_media_archive(archive_path: Path) -> None:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            strays = [member.name for member in archive if not _is_plain_media_member(member)]
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(
            _("The media archive %(file)s cannot be read: %(reason)s") % {"file": archive_path.name, "reason": error}
        ) from None
    if strays:
        raise BackupError(_("The media archive holds a path outside the media folder: %(name)s") % {"name": strays[0]})


def _is_plain_media_member(member: tarfile.TarInfo) -> bool:
    """A plain file or folder under media/: no links, devices, `..` or absolute paths."""
    if Path(member.name).parts[:1] != (MEDIA_ROOT_IN_ARCHIVE,) or not (member.isfile() or member.isdir()):
        return False
    try:
        tarfile.data_filter(member, str(Path(settings.MEDIA_ROOT).parent))
    except tarfile.FilterError:
        return False
    return True


def _extract_media(archive_path: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    staging = media_root.with_name(f"{media_root.name}.restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=file_modes.OWNER_FOLDER)
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(staging, filter="data")
    (staging / MEDIA_ROOT_IN_ARCHIVE).mkdir(mode=file_modes.OWNER_FOLDER, exist_ok=True)  # an empty archive
    shutil.rmtree(media_root, ignore_errors=True)  # empty folders only, or already kept aside
    (staging / MEDIA_ROOT_IN_ARCHIVE).rename(media_root)
    staging.rmdir()
    file_modes.secure_data_files(**_data_paths())


def _keep_media(stamp: str) -> Path | None:
    media_root = Path(settings.MEDIA_ROOT)
    if not any(path.is_file() for path in media_root.rglob("*")):
        return None
    kept = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
    media_root.rename(kept)
    return kept


# --- Helpers --------------------------------------------------------------------------------


def _stamp() -> str:
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 (a local file name)


def _data_paths() -> dict:
    return {
        "data_dir": Path(settings.DATA_DIR),
        "media_root": Path(settings.MEDIA_ROOT),
        "database": settings.DATABASES["default"],
        "group_readable": settings.LANTOA_FILES_GROUP_READABLE,
    }


def _make_empty_private_folder(folder: Path) -> None:
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(
            _("The folder %(folder)s already holds files: choose an empty or new folder.") % {"folder": folder}
        )
    folder.mkdir(mode=file_modes.OWNER_FOLDER, parents=True, exist_ok=True)
    folder.chmod(file_modes.OWNER_FOLDER)


def _read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(folder)s holds no backup (manifest.json is missing; an interrupted backup has none).")
            % {"folder": folder}
        )
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
