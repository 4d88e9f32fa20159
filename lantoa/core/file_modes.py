"""Who may read what Lan Tỏa keeps on disk.

Everything under DATA_DIR holds union members' data, so it belongs to the service account
alone: files 0600, folders 0700, the process umask 077 so that whatever is created later
(the SQLite file and its -wal/-shm, uploads, exports) starts that way. With
`LANTOA_FILES_GROUP_READABLE` a reverse proxy put in the service's group may read static
files and image renditions (files 0640, folders 0750, umask 027); the database, the secret
key, documents and original images stay owner-only whatever that setting says.

Plain Python, no Django: settings.py calls these before the first file is created.
"""

import os
from pathlib import Path

OWNER_FILE, OWNER_FOLDER = 0o600, 0o700
GROUP_FILE, GROUP_FOLDER = 0o640, 0o750
# Under MEDIA_ROOT: documents are served through their scope hook, originals only as renditions.
PRIVATE_MEDIA_FOLDERS = ("documents", "original_images")


def upload_modes(group_readable: bool) -> tuple[int, int]:
    """(FILE_UPLOAD_PERMISSIONS, FILE_UPLOAD_DIRECTORY_PERMISSIONS)."""
    return (GROUP_FILE, GROUP_FOLDER) if group_readable else (OWNER_FILE, OWNER_FOLDER)


def restrict_umask(group_readable: bool) -> None:
    os.umask(0o027 if group_readable else 0o077)


def secure_data_files(*, data_dir: Path, media_root: Path, database: dict, group_readable: bool) -> None:
    """Create DATA_DIR, MEDIA_ROOT and the SQLite file with their modes, and tighten them
    where an older install left them wider (a cheap handful of stat calls on each start)."""
    _, folder_mode = upload_modes(group_readable)
    _folder(data_dir, folder_mode)
    _folder(media_root, folder_mode)
    for name in PRIVATE_MEDIA_FOLDERS:
        _folder(media_root / name, OWNER_FOLDER)
    _tighten(data_dir / "secret_key", OWNER_FILE)
    sqlite_file = _sqlite_file(database)
    if sqlite_file is not None:
        _private_database(sqlite_file)


def _folder(path: Path, mode: int) -> None:
    path.mkdir(mode=mode, parents=True, exist_ok=True)
    _tighten(path, mode)


def _tighten(path: Path, mode: int) -> None:
    # Only when it differs, so a read-only command run by another account never fails here.
    if path.exists() and path.stat().st_mode & 0o777 != mode:
        path.chmod(mode)


def _sqlite_file(database: dict) -> Path | None:
    name = str(database.get("NAME", ""))
    if not database.get("ENGINE", "").endswith("sqlite3") or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _private_database(path: Path) -> None:
    """SQLite gives its -wal and -shm files the database file's mode, so the database file is
    created here, empty (SQLite takes an empty file as a new database), with mode 0600."""
    if path.parent.is_dir():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_FILE))
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        _tighten(companion, OWNER_FILE)
