"""Run the national-scale benchmarks on every database at hand.

SQLite always (in a temporary DATA_DIR); PostgreSQL when BENCH_POSTGRES_URL is set or a
server answers on 127.0.0.1:5432 (database `lantoa_bench`, dropped and created afresh).
Settings are read at import time, so each database gets its own subprocess
(`bench.worker`) with its own DATA_DIR / DATABASE_URL.

Environment: BENCH_UNITS (default 130000), BENCH_REPEATS (default 20),
BENCH_DATABASES (default "sqlite,postgres"), BENCH_EXPLAIN=1 to print query plans,
BENCH_KEEP=1 to keep the SQLite directory.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/lantoa_bench"


def postgres_url() -> str | None:
    url = os.environ.get("BENCH_POSTGRES_URL")
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return DEFAULT_POSTGRES_URL
    except OSError:
        return None


def recreate_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise SystemExit("BENCH_POSTGRES_URL must name a database")
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def worker_env(data_dir: str, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SQLITE_PATH", None)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="lantoa.settings",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def run_worker(label: str, data_dir: str, database_url: str | None) -> int:
    sys.stdout.flush()
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.worker", label],
        cwd=ROOT,
        env=worker_env(data_dir, database_url),
        check=False,
    )
    if result.returncode:
        print(f"# {label}: the benchmark failed (exit status {result.returncode})", flush=True)
    return result.returncode


def main() -> int:
    wanted = {d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",") if d.strip()}
    status = 0
    if "sqlite" in wanted:
        data_dir = tempfile.mkdtemp(prefix="lantoa-bench-")
        try:
            status |= run_worker("sqlite", data_dir, None)
        finally:
            if os.environ.get("BENCH_KEEP"):
                print(f"# sqlite data kept in {data_dir}")
            else:
                shutil.rmtree(data_dir, ignore_errors=True)
    if "postgres" in wanted:
        url = postgres_url()
        if url is None:
            print("# postgres: skipped (no BENCH_POSTGRES_URL and nothing on 127.0.0.1:5432)")
        else:
            recreate_postgres_database(url)
            data_dir = tempfile.mkdtemp(prefix="lantoa-bench-pg-")
            try:
                status |= run_worker("postgres", data_dir, url)
            finally:
                shutil.rmtree(data_dir, ignore_errors=True)
    status |= run_module("bench.imports")  # the server's memory under a hostile import (issue #8)
    status |= run_module("bench.channels_import")  # a 5,000-row import in the background (issue #9)
    status |= run_module("bench.content_search")  # the portal's article search, 50,000 articles (issue #11)
    status |= run_module("bench.portal")  # the portal's requests per second under `serve` (issue #11)
    status |= run_module("bench.submit_article")  # an editor's submit with the variants (issue #11)
    status |= run_module("bench.approve_article")  # the leader's approval with 10 channels (issue #12)
    status |= run_module("bench.send_publications")  # 1,000 sends through the worker, one killed (issue #12)
    status |= run_module("bench.accounts")  # 10,000 officer accounts in bulk (issue #13)
    status |= run_module("bench.classify")  # the inbox classifier in batch (issue #14)
    status |= run_module("bench.webhooks")  # the inbox's webhook intake under `serve` (issue #14)
    return status


def run_module(module: str) -> int:
    """A benchmark that starts its own processes (`python -m <module>`)."""
    sys.stdout.flush()
    result = subprocess.run([sys.executable, "-m", module], cwd=ROOT, check=False)  # noqa: S603
    if result.returncode:
        print(f"# {module}: the benchmark failed (exit status {result.returncode})", flush=True)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
