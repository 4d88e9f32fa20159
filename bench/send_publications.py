"""Bench `publication_sends_per_s` and `publication_sends_killed_*`: sending publications
through the task worker to the local fake Graph and Zalo servers (issue 12, Speed: at least
50 per second, none lost or doubled when the worker is killed midway).

On a fresh SQLite DATA_DIR (DEBUG off, the database task backend as `make run` has it):
migrate, the province's portal (`bench.portal_world`), a Facebook page and a Zalo OA of the
province connected to the fakes (served from threads of this process), then two rounds of
BENCH_SENDS (default 1,000) publications, made by publishing BENCH_SENDS / 2 articles (each
goes out on both channels; their sends wait in the queue, no worker runs yet):

1. **Throughput.** BENCH_WORKERS (default 2) `manage.py run_worker` processes send them all.
   The rate is the publications divided by the span from the first send task's start to
   the last one's end (the tasks' own timestamps: the workers' start-up is left out; the
   wall time including it is printed too).
2. **A worker killed.** The same again, but one worker gets SIGKILL once a third of the rows
   are sent, and a fresh worker takes its place. The dead worker's task is reclaimed after
   the stale-heartbeat limit (BENCH_STALE_AFTER, default 5 s) and its row, left "Đang gửi",
   is looked for on the platform before it is sent again. Lost: rows not published at the
   end; doubled: posts on the fakes beyond one per publication.

    python -m bench.send_publications        (also run by `make bench`)
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.submit_article import setup

ROOT = Path(__file__).resolve().parent.parent
TARGET_PER_S = 50
SENDS = int(os.environ.get("BENCH_SENDS", "1000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
STALE_AFTER = int(os.environ.get("BENCH_STALE_AFTER", "5"))
PAGE_ID, PAGE_TOKEN = "61550000000000123", "EAAG-bench-page-token"


def out(line: str = "") -> None:
    print(line, flush=True)


def fake_environment(graph, zalo) -> dict[str, str]:
    return {
        "LANTOA_FACEBOOK_GRAPH_URL": graph.base_url,
        "LANTOA_ZALO_OPENAPI_URL": zalo.base_url,
        "LANTOA_ZALO_OAUTH_URL": zalo.base_url,
        "LANTOA_ZALO_APP_ID": zalo.app_id,
        "LANTOA_ZALO_APP_SECRET": zalo.app_secret,
        "LANTOA_WORKER_STALE_AFTER": str(STALE_AFTER),
        "LANTOA_SCHEDULER_INTERVAL": "1",
    }


def connect_channels(province, zalo) -> None:
    from lantoa.channels.connections import do_connect
    from lantoa.channels.models import Channel

    page = Channel.objects.create(unit=province, kind="facebook_page", name="Trang Facebook LĐLĐ tỉnh")
    do_connect(page, account_id=PAGE_ID, secrets={"page_token": PAGE_TOKEN})
    oa = Channel.objects.create(unit=province, kind="zalo_oa", name="Zalo OA Công đoàn tỉnh")
    do_connect(oa, account_id="4318405112431112345",
               secrets={"access_token": zalo.access_token, "refresh_token": zalo.refresh_token})  # fmt: skip


def publish_articles(home, people, first: int, count: int) -> None:
    """`count` articles published as the portal's admin would; each enqueues its two sends.
    Their texts differ (a post is recognised on the platform by its text)."""
    from lantoa.content.models import ArticlePage

    for n in range(first, first + count):
        article = ArticlePage(
            title=f"Tháng Công nhân năm 2026: hoạt động số {n + 1}", slug=f"thang-cong-nhan-2026-so-{n + 1}",
            summary=f"Công đoàn các cấp ra quân hưởng ứng Tháng Công nhân (tin số {n + 1}).",
            body="[]", owner=people["editor"],
        )  # fmt: skip
        home.add_child(instance=article)
        article.save_revision(user=people["admin"]).publish(user=people["admin"])


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "run_worker", "--interval", "0.05"], cwd=ROOT, env=env
    )


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def published(rows) -> int:
    from lantoa.channels.models import PublicationStatus

    return rows.filter(status=PublicationStatus.PUBLISHED).count()


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"# publication sends: gave up waiting for {what}")
        time.sleep(0.5)  # the workers need the CPU more than this count


def task_span_seconds(since) -> float:
    """From the first send task's start to the last one's end, from the tasks' timestamps."""
    from django.db.models import Max, Min
    from django_tasks_db.models import DBTaskResult

    from lantoa.channels.tasks import send_publication

    span = DBTaskResult.objects.filter(task_path=send_publication.module_path, enqueued_at__gte=since).aggregate(
        first=Min("started_at"), last=Max("finished_at")
    )
    return (span["last"] - span["first"]).total_seconds()


def run_round(home, people, first: int, env: dict[str, str], *, kill: bool) -> dict:
    from django.utils import timezone

    from lantoa.channels.models import Publication

    since = timezone.now()
    publish_articles(home, people, first, SENDS // 2)
    rows = Publication.objects.filter(article__first_published_at__gte=since).exclude(channel__kind="portal")
    total = rows.count()
    workers = [start_worker(env) for _ in range(WORKERS)]
    started = time.monotonic()
    try:
        if kill:
            wait_until(lambda: published(rows) >= total // 3, 300, "a third of the sends")
            os.kill(workers[0].pid, signal.SIGKILL)
            workers[0].wait()
            killed_at = published(rows)
            workers.append(start_worker(env))
        wait_until(lambda: published(rows) == total, 600, "every send")
        wall = time.monotonic() - started
    finally:
        stop(workers)
    result = {"total": total, "wall": wall, "span": task_span_seconds(since)}
    if kill:
        result["killed_at"] = killed_at
    return result


def unpublished() -> int:
    from lantoa.channels.models import Publication, PublicationStatus

    return Publication.objects.exclude(channel__kind="portal").exclude(status=PublicationStatus.PUBLISHED).count()


def platform_posts(graph, zalo) -> int:
    return len(graph.posts) + len(zalo.articles)


def main() -> int:
    from lantoa.channels.kinds.facebook_page.fake import FakeGraph
    from lantoa.channels.kinds.zalo_oa.fake import FakeZalo

    data_dir = tempfile.mkdtemp(prefix="lantoa-bench-sends-")
    with FakeGraph(page_id=PAGE_ID, token=PAGE_TOKEN) as graph, FakeZalo() as zalo:
        os.environ.update(fake_environment(graph, zalo))
        try:
            setup(data_dir)
            env = dict(os.environ)
            from bench.portal_world import build_portal

            home, people, _first = build_portal(0)
            connect_channels(home.unit, zalo)
            clean = run_round(home, people, 0, env, kill=False)
            posts_before = platform_posts(graph, zalo)
            killed = run_round(home, people, SENDS // 2, env, kill=True)
            posts_killed = platform_posts(graph, zalo) - posts_before
            lost = unpublished()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
    rate = clean["total"] / clean["span"]
    out(f"# {clean['total']} sends by {WORKERS} workers: {clean['span']:.1f} s of tasks, {clean['wall']:.1f} s "
        f"wall with the workers' start-up")  # fmt: skip
    out(f"BENCH publication_sends_per_s {rate:.0f} /s (sqlite, {WORKERS} workers)")
    out(f"#   target >= {TARGET_PER_S} /s: {'met' if rate >= TARGET_PER_S else 'MISSED'}")
    doubled = posts_killed - killed["total"]
    out(f"# killed one worker after {killed['killed_at']} of {killed['total']} sends; all done in "
        f"{killed['wall']:.1f} s (stale-heartbeat limit {STALE_AFTER} s)")  # fmt: skip
    out(f"BENCH publication_sends_killed_lost {lost}")
    out(f"BENCH publication_sends_killed_doubled {doubled}")
    out(f"#   target 0 lost, 0 doubled: {'met' if lost == 0 and doubled == 0 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
