"""Bench `article_approve_p95`: the leader presses «Approve» on the last step of the editorial
workflow of an article whose unit has 10 channels (issue 12, Speed: at most 100 ms; the
sends themselves are the worker's).

On a fresh SQLite DATA_DIR (DEBUG off, the database task backend as `make run` has it):
migrate, the province's portal with its editor and deciders (`bench.portal_world`), 10
channels of the province (a connected Facebook page and Zalo OA, and eight kinds posted by
hand), then BENCH_APPROVALS (default 20) articles of five paragraphs and two images, each
submitted and approved by the head of board (untimed). The timed part is the leader's POST
of Wagtail's workflow action `approve`, until its redirect: the approval, the publication,
the 10 publication rows and the two sends enqueued.

    python -m bench.approve_article        (also run by `make bench`)
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time

from bench.submit_article import setup

TARGET_MS = 100
CHANNELS = [
    ("facebook_page", "Trang Facebook LĐLĐ tỉnh"), ("zalo_oa", "Zalo OA Công đoàn tỉnh"),
    ("facebook_group", "Nhóm Facebook đoàn viên"), ("zalo_group", "Nhóm Zalo cán bộ công đoàn"),
    ("youtube", "Kênh YouTube Công đoàn tỉnh"), ("press", "Báo Lao Động"), ("radio_tv", "Đài Phát thanh tỉnh"),
    ("loudspeaker", "Loa truyền thanh phường 1"), ("bulletin_board", "Bảng tin trụ sở"),
    ("outdoor_panel", "Pa-nô cổng khu công nghiệp"),
]  # fmt: skip


def out(line: str = "") -> None:
    print(line, flush=True)


def make_channels(province) -> None:
    from lantoa.channels.connections import do_connect
    from lantoa.channels.models import Channel

    for kind, name in CHANNELS:
        channel = Channel.objects.create(unit=province, kind=kind, name=name)
        if kind in ("facebook_page", "zalo_oa"):
            do_connect(channel, account_id="1234567890", secrets={"page_token": "x", "access_token": "x"})


def submitted_article(home, people, body, n: int):
    """An article through the head of board's step, waiting for the leader."""
    from lantoa.content.models import ArticlePage
    from lantoa.org.models import RoleKind

    editor, board_head = people[RoleKind.EDITOR], people[RoleKind.BOARD_HEAD]
    article = ArticlePage(
        title=f"Tháng Công nhân năm 2026: hoạt động số {n + 1}", slug=f"thang-cong-nhan-2026-so-{n + 1}",
        summary="Công đoàn các cấp ra quân hưởng ứng Tháng Công nhân.", body=body, owner=editor, live=False,
    )  # fmt: skip
    home.add_child(instance=article)
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    article.refresh_from_db()
    article.current_workflow_task.on_action(article.current_workflow_task_state, board_head, "approve")
    article.refresh_from_db()
    return article


def measure(approvals: int) -> list[float]:
    from django.test import Client

    from bench.portal_world import article_body, build_portal, make_images
    from lantoa.channels.models import Publication
    from lantoa.org.models import RoleKind

    home, people, _first = build_portal(0)
    make_channels(home.unit)
    body = article_body(make_images())
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(people[RoleKind.APPROVER])
    timings = []
    for n in range(approvals + 1):  # the first one warms up, untimed
        article = submitted_article(home, people, body, n)
        state = article.current_workflow_task_state
        url = f"/admin/pages/workflow/action/{article.pk}/approve/{state.pk}/"
        started = time.perf_counter()
        response = client.post(url, {"comment": ""})
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code not in (200, 302):
            raise SystemExit(f"the approval was refused ({response.status_code})")
        article.refresh_from_db()
        rows = Publication.objects.filter(article=article).count()
        if not article.live or rows != len(CHANNELS):
            raise SystemExit(f"approved but live={article.live}, {rows} publications")
        if n:
            timings.append(elapsed)
    return timings


def main() -> int:
    approvals = int(os.environ.get("BENCH_APPROVALS", "20"))
    data_dir = tempfile.mkdtemp(prefix="lantoa-bench-approve-")
    try:
        setup(data_dir)
        timings = measure(approvals)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
    out(f"# {approvals} approvals: median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms")
    out(f"BENCH article_approve_p95 {p95:.0f} ms ({len(CHANNELS)} channels, sqlite)")
    out(f"#   target <= {TARGET_MS} ms: {'met' if p95 <= TARGET_MS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
