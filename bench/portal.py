"""Requests per second of the public portal under `make run`'s server (issue 11, Speed).

On a fresh SQLite DATA_DIR: migrate, a province's portal with BENCH_PORTAL_ARTICLES
(default 60) published articles of five paragraphs and two images (`bench.portal_world`).
Then `manage.py serve` (DEBUG off, its task worker beside it) on a free port, with the
settings `bench.bare_settings` (the site's URLs plus a bare view), and Debian's
`wrk -t2 -c32 -d10s` against

- `/bench/bare`: a Django view that answers a constant (the ceiling of server + middleware),
- an article with the page cache off (LANTOA_PAGE_CACHE_SECONDS=0): Wagtail routes the
  request, checks the page's view restrictions and renders the template, whose costly parts
  (head, menu, main: `{% portalcache %}`) come from the fragment cache after the first reader,
- the same article with the page cache on (LANTOA_PAGE_CACHE_SECONDS=300, a fresh server),
- the same article with neither cache (LANTOA_FRAGMENT_CACHE_SECONDS=0 too): the cost of the
  first reader after a publication; printed, no target.

    python -m bench.portal        (also run by `make bench`)

Environment: BENCH_PORTAL_ARTICLES, BENCH_PORTAL_SERVERS (default: the server `make run`
uses, gunicorn unless LANTOA_WEB_SERVER says otherwise; "waitress,gunicorn" measures both,
the first for the BENCH lines, the others printed as comments), BENCH_WRK_DURATION (default
10s), BENCH_KEEP=1 to keep the directory, BENCH_PORTAL_REUSE=<kept directory> to measure again without building.
wrk, the server and this script share the machine's cores; a miss is reported, never asserted.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.imports import environment, free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "portal_bare_rps": None,
    "portal_article_nocache_rps": 150,
    "portal_article_cache_rps": 1500,
    "portal_article_uncached_rps": None,
}
WRK = ["wrk", "-t2", "-c32"]


def out(line: str = "") -> None:
    print(line, flush=True)


def build(data_dir: str, articles: int) -> str:
    """Migrate and fill the database; the article's path on the portal."""
    env = environment(data_dir)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from bench.portal_world import build_portal

    started = time.perf_counter()
    _home, _people, article = build_portal(articles)
    out(f"# {articles} articles published in {time.perf_counter() - started:.1f} s")
    _site, _root, path = article.get_url_parts()
    (Path(data_dir) / "article-path").write_text(path)
    connections.close_all()  # the servers are other processes; this one keeps no lock
    return path


class Server:
    """`manage.py serve` in a subprocess, stopped as Ctrl-C stops it (SIGINT)."""

    def __init__(self, data_dir: str, server: str, cache_seconds: int, fragment_seconds: int = 300):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = environment(data_dir)
        env.update(
            DJANGO_SETTINGS_MODULE="bench.bare_settings",
            LANTOA_PAGE_CACHE_SECONDS=str(cache_seconds),
            LANTOA_FRAGMENT_CACHE_SECONDS=str(fragment_seconds),
        )
        self.log_path = Path(data_dir) / f"serve-{server}-{cache_seconds}-{fragment_seconds}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        command = [sys.executable, "manage.py", "serve", "--port", str(self.port), "--server", server]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)  # noqa: S603

    def __enter__(self) -> Server:
        try:
            wait_until_up(self.base, self.process)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()

    def check(self, path: str, expect: str) -> None:
        """One request as a browser makes it: 200 with `expect` in the page (and warm: renditions)."""
        with urllib.request.urlopen(self.base + path, timeout=30) as response:  # noqa: S310 - our local server
            page = response.read().decode()
        if expect not in page:
            raise SystemExit(f"{path} does not show {expect!r}:\n{page[:500]}")

    def wrk(self, path: str, duration: str) -> float:
        """wrk's requests per second; answers other than 2xx/3xx make the figure void. Requests
        slower than wrk's timeout are counted out of the figure and printed."""
        command = [*WRK, f"-d{duration}", "--timeout", "10s", self.base + path]
        report = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
        if re.search(r"Non-2xx or 3xx responses: (\d+)", report):
            raise SystemExit(f"wrk saw failed answers on {path}:\n{report}")
        latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", report)
        errors = re.search(r"Socket errors: (.*)", report)
        out(
            f"#   {path}: latency mean {latency.group(1)}, stdev {latency.group(2)}, max {latency.group(3)}"
            + (f"; socket errors: {errors.group(1)}" if errors else "")
        )
        return float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))


def measure(data_dir: str, server: str, article: str, duration: str) -> dict[str, float]:
    title = "Chăm lo Tết cho đoàn viên"
    figures = {}
    with Server(data_dir, server, cache_seconds=0) as web:
        web.check("/bench/bare", "ok")
        web.check(article, title)
        figures["portal_bare_rps"] = web.wrk("/bench/bare", duration)
        figures["portal_article_nocache_rps"] = web.wrk(article, duration)
    with Server(data_dir, server, cache_seconds=300) as web:
        web.check(article, title)
        figures["portal_article_cache_rps"] = web.wrk(article, duration)
    with Server(data_dir, server, cache_seconds=0, fragment_seconds=0) as web:
        web.check(article, title)
        figures["portal_article_uncached_rps"] = web.wrk(article, duration)
    return figures


def main() -> int:
    if shutil.which("wrk") is None:
        out("# portal_*_rps: skipped (wrk is not installed: `sudo apt-get install -y wrk`)")
        return 0
    articles = int(os.environ.get("BENCH_PORTAL_ARTICLES", "60"))
    production = os.environ.get("LANTOA_WEB_SERVER") or "gunicorn"  # serve.default_server() on Linux
    servers = [s.strip() for s in os.environ.get("BENCH_PORTAL_SERVERS", production).split(",") if s.strip()]
    duration = os.environ.get("BENCH_WRK_DURATION", "10s")
    reuse = os.environ.get("BENCH_PORTAL_REUSE")  # a directory kept by BENCH_KEEP=1
    data_dir = reuse or tempfile.mkdtemp(prefix="lantoa-bench-portal-")
    try:
        article = (Path(data_dir) / "article-path").read_text() if reuse else build(data_dir, articles)
        results = {server: measure(data_dir, server, article, duration) for server in servers}
    finally:
        if os.environ.get("BENCH_KEEP") or reuse:
            out(f"# portal data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    dataset = f"{articles} articles of 5 paragraphs + 2 images, sqlite, {os.cpu_count()} cores"
    production = servers[0]
    for server in servers[1:]:
        for name, value in results[server].items():
            out(f"#   {server}: {name} {value:.0f} req/s")
    for name, value in results[production].items():
        out(f"BENCH {name} {value:.0f} req/s ({production}, {dataset}, wrk -t2 -c32 -d{duration})")
        target = TARGETS[name]
        if target:
            out(f"#   target >= {target:,} req/s: {'met' if value >= target else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
