"""The database, the secret key and the media folder are readable by the service account only.

Each case starts the production settings in a fresh interpreter whose umask is the usual
022, so what it creates shows the modes a first `make run` gives."""

import sys
import textwrap
from pathlib import Path

from lantoa.core.tests.fresh import run_for_json

START_AND_UPLOAD = """
    import json, os, stat, django
    django.setup()
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection

    with connection.cursor() as cursor:  # the first write creates the -wal file
        cursor.execute("CREATE TABLE IF NOT EXISTS probe (x integer)")
        cursor.execute("INSERT INTO probe VALUES (1)")
    default_storage.save("images/poster.max-800x600.png", ContentFile(b"png"))
    default_storage.save("original_images/poster.png", ContentFile(b"png"))
    default_storage.save("documents/bien-ban.txt", ContentFile(b"bien ban"))
    data, media = settings.DATA_DIR, settings.MEDIA_ROOT
    paths = {
        "data_dir": data, "database": data / "lantoa.sqlite3", "wal": data / "lantoa.sqlite3-wal",
        "secret_key": data / "secret_key", "media": media, "images": media / "images",
        "image": media / "images" / "poster.max-800x600.png", "originals": media / "original_images",
        "original": media / "original_images" / "poster.png", "documents": media / "documents",
        "document": media / "documents" / "bien-ban.txt",
    }
    print(json.dumps({name: oct(stat.S_IMODE(os.stat(path).st_mode)) for name, path in paths.items()}))
"""


def start(data_dir: Path, **env) -> dict:
    script = ["/bin/sh", "-c", 'umask 022 && exec "$0" -c "$1"', sys.executable, textwrap.dedent(START_AND_UPLOAD)]
    return run_for_json(script, data_dir, **env)


OWNER_ONLY = {
    "data_dir": "0o700",
    "database": "0o600",
    "wal": "0o600",
    "secret_key": "0o600",
    "media": "0o700",
    "images": "0o700",
    "image": "0o600",
    "originals": "0o700",
    "original": "0o600",
    "documents": "0o700",
    "document": "0o600",
}


def test_a_fresh_data_dir_is_readable_by_its_owner_only(tmp_path):
    assert start(tmp_path / "data") == OWNER_ONLY


def test_an_existing_data_dir_is_tightened_on_start(tmp_path):
    data = tmp_path / "data"
    (data / "media").mkdir(parents=True)
    (data / "lantoa.sqlite3").touch()
    for path in (data, data / "media"):
        path.chmod(0o755)
    (data / "lantoa.sqlite3").chmod(0o644)
    modes = start(data)
    assert {name: modes[name] for name in ("data_dir", "database", "wal", "media")} == {
        "data_dir": "0o700",
        "database": "0o600",
        "wal": "0o600",
        "media": "0o700",
    }


def test_a_reverse_proxy_group_may_read_images_but_not_the_database_or_documents(tmp_path):
    modes = start(tmp_path / "data", LANTOA_FILES_GROUP_READABLE="1")
    assert modes == OWNER_ONLY | {
        "data_dir": "0o750",
        "media": "0o750",
        "images": "0o750",
        "image": "0o640",
        "original": "0o640",  # inside a 0700 folder: out of the group's reach
        "document": "0o640",  # idem
    }
