"""`manage.py backup DIR` and `manage.py restore DIR` bring back the database and the media.

The round trips run in subprocesses on a real database (a file-based SQLite in a fresh
DATA_DIR; PostgreSQL when pg_dump and a server are at hand), since pytest's own database is
in memory and settings are read at import."""

import json
import os
import shutil
import socket
import stat
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lantoa.core.tests.fresh import run_for_json

POSTGRES_URL = os.environ.get("LANTOA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def run_django(script: str, data_dir: Path, **env) -> dict:
    """Run `script` in a fresh interpreter with the production settings; it prints one JSON line."""
    prologue = "import json, os, django\ndjango.setup()\nfrom django.core.management import call_command\n"
    return run_for_json([sys.executable, "-c", prologue + textwrap.dedent(script)], data_dir, **env)


CREATE_UNIT_AND_IMAGE = """
    import datetime, io
    from django.core.files.images import ImageFile
    from django.db import transaction
    from PIL import Image as Picture
    from wagtail.images import get_image_model
    from lantoa.org import actions

    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        unit = actions.do_create_unit(
            code="CD001", kind="grassroots", name="CĐCS Công ty May Sông Tiền", parent=None,
            valid_from=datetime.date(2025, 7, 1),
        )
        collection = actions.ensure_unit_collection(unit)
    buffer = io.BytesIO()
    Picture.new("RGB", (40, 30), "#c8102e").save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Áp phích Tháng Công nhân", collection=collection, file=ImageFile(buffer, name="ap-phich.png")
    )
    rendition = image.get_rendition("max-20x20")
    # The connection stays open, so the last writes are still in the -wal file.
    wal = django.conf.settings.DATA_DIR / "lantoa.sqlite3-wal"
    wal_size = wal.stat().st_size if wal.exists() else 0
    call_command("backup", os.environ["BACKUP_DIR"], verbosity=0)
    print(json.dumps({"image": image.file.name, "rendition": rendition.file.name, "wal_size": wal_size}))
"""

RESTORE_AND_READ = """
    from wagtail.images import get_image_model
    from lantoa.org.models import Unit

    call_command("restore", os.environ["BACKUP_DIR"], interactive=False, verbosity=0)
    image = get_image_model().objects.get()
    print(json.dumps({
        "units": list(Unit.objects.values_list("name", flat=True)),
        "image": image.file.name,
        "image_bytes": image.file.size,
        "collection_is_the_units": image.collection.name,
    }))
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_sqlite_backup_restores_rows_and_files_after_both_are_lost(tmp_path):
    data_dir, backup_dir = tmp_path / "data", tmp_path / "backup"
    made = run_django(CREATE_UNIT_AND_IMAGE, data_dir, BACKUP_DIR=str(backup_dir))
    assert made["wal_size"] > 0  # the backup had to read through the write-ahead log
    original = (data_dir / "media" / made["image"]).read_bytes()
    assert mode(backup_dir) == 0o700
    assert {p.name for p in backup_dir.iterdir()} == {"manifest.json", "database.sqlite3", "media.tar.gz"}
    assert all(mode(p) == 0o600 for p in backup_dir.iterdir())

    for lost in data_dir.glob("lantoa.sqlite3*"):
        lost.unlink()
    shutil.rmtree(data_dir / "media")

    restored = run_django(RESTORE_AND_READ, data_dir, BACKUP_DIR=str(backup_dir))
    assert restored["units"] == ["CĐCS Công ty May Sông Tiền"]
    assert restored["collection_is_the_units"].endswith("CĐCS Công ty May Sông Tiền")
    assert (data_dir / "media" / restored["image"]).read_bytes() == original
    assert (data_dir / "media" / made["rendition"]).is_file()
    assert mode(data_dir / "lantoa.sqlite3") == 0o600
    assert mode(data_dir / "media") == 0o700


def postgres_server_answers() -> bool:
    address = urlsplit(POSTGRES_URL)
    try:
        with socket.create_connection((address.hostname or "127.0.0.1", address.port or 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def postgres_database():
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump / pg_restore are not installed")
    if not postgres_server_answers():
        pytest.skip("no PostgreSQL server answers at LANTOA_TEST_POSTGRES_URL")
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    name = f"lantoa_backup_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = urlunsplit(urlsplit(POSTGRES_URL)._replace(path=f"/{name}"))
    try:
        yield url, lambda: psycopg.connect(make_conninfo(POSTGRES_URL, dbname=name), autocommit=True)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_a_postgresql_backup_restores_a_dropped_table(tmp_path, postgres_database):
    url, connect = postgres_database
    data_dir, backup_dir = tmp_path / "data", tmp_path / "backup"
    (data_dir / "media" / "images").mkdir(parents=True)
    (data_dir / "media" / "images" / "a.png").write_bytes(b"png")
    with connect() as db:
        db.execute("CREATE TABLE notes (body text)")
        db.execute("INSERT INTO notes VALUES ('Công đoàn cơ sở')")
    run_django(f"call_command('backup', {str(backup_dir)!r}, verbosity=0)\nprint('{{}}')", data_dir, DATABASE_URL=url)
    assert {p.name for p in backup_dir.iterdir()} == {"manifest.json", "database.pgdump", "media.tar.gz"}

    with connect() as db:
        db.execute("DROP TABLE notes")
    shutil.rmtree(data_dir / "media")
    run_django(
        f"call_command('restore', {str(backup_dir)!r}, interactive=False, verbosity=0)\nprint('{{}}')",
        data_dir,
        DATABASE_URL=url,
    )
    with connect() as db:
        assert db.execute("SELECT body FROM notes").fetchall() == [("Công đoàn cơ sở",)]
    assert (data_dir / "media" / "images" / "a.png").read_bytes() == b"png"


def test_backup_refuses_a_folder_that_already_holds_files(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError):
        call_command("backup", str(tmp_path))
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path), interactive=False)


def test_restore_refuses_a_backup_of_another_database_engine(tmp_path):
    # A backup made on the other engine than the one this pass runs on.
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    files = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 1, "database": other}))
    (tmp_path / files[other]).write_bytes(b"")
    (tmp_path / "media.tar.gz").write_bytes(b"")
    with pytest.raises(CommandError, match="PostgreSQL" if other == "postgresql" else "SQLite"):
        call_command("restore", str(tmp_path), interactive=False)


def test_restore_refuses_an_archive_whose_paths_leave_the_media_folder_before_touching_anything(tmp_path, settings):
    import io
    import tarfile

    settings.MEDIA_ROOT = tmp_path / "media"
    backup = tmp_path / "backup"
    backup.mkdir()
    with tarfile.open(backup / "media.tar.gz", "w:gz") as archive:
        payload = b"owned"
        member = tarfile.TarInfo("media/../../escaped.txt")
        member.size = len(payload)
        archive.addfile(member, io.BytesIO(payload))
    (backup / "manifest.json").write_text(json.dumps({"format": 1, "database": "sqlite"}))
    (backup / "database.sqlite3").write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("restore", str(backup), interactive=False)
    assert not (tmp_path / "escaped.txt").exists()
