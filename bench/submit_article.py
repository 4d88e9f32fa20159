"""Bench `article_submit_p95`: the editor presses «Submit for approval» on an article with
its channel variants (issue 11, Speed: at most 100 ms).

On a fresh SQLite DATA_DIR (DEBUG off): migrate, the province's portal with its editor and
deciders (`bench.portal_world`), then BENCH_SUBMITS (default 20) draft articles of five
paragraphs and two images, each with one variant of every channel kind. For each, the
Django test client signed in as the editor reads Wagtail's edit form, edits every
variant's text, and posts the form with `action-submit`: the timed part is that POST
(validation, the revision, the variants, the workflow's start and its notifications),
until its redirect. The 95th percentile is the figure.

    python -m bench.submit_article        (also run by `make bench`)

Environment: BENCH_SUBMITS, BENCH_KEEP=1 to keep the directory, BENCH_PROFILE=1 to profile the
last submit (left out of nothing: its time counts too, so use it for reading, not for the figure).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import worker_env

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100
PROFILE = os.environ.get("BENCH_PROFILE")  # print cProfile's view of the last submit


def out(line: str = "") -> None:
    print(line, flush=True)


def setup(data_dir: str):
    env = worker_env(data_dir, None)
    for name in ("HTTPS", "SECURE_SSL_REDIRECT", "BEHIND_PROXY"):
        env.pop(name, None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    os.environ.update(env)
    import django

    django.setup()


def post_data(client, article, body_items):
    """The edit form as the browser would post it: the rendered fields, the body (drawn by
    JavaScript in the browser, so built here), every variant edited, and `action-submit`."""
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

    page = client.get(f"/admin/pages/{article.pk}/edit/")
    if page.status_code != 200:
        raise SystemExit(f"the edit form answered {page.status_code}")
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form")
    for key in [key for key in data if key.startswith("body-")]:
        del data[key]
    data.update(nested_form_data({"body": streamfield(body_items)}))
    for key in [key for key in data if key.startswith("variants-") and key.endswith("-text")]:
        data[key] = data[key] + "\nĐã biên tập cho kênh."
    data["action-submit"] = "Submit"
    return data


def body_items(images):
    from wagtail.test.utils.form_data import rich_text

    from bench.portal_world import PARAGRAPH

    items = []
    for n in range(5):
        items.append(("paragraph", rich_text(PARAGRAPH.format(n=n + 3))))
        if n in (0, 2):
            image = images[len(items) % len(images)]
            items.append(("image", {"image": str(image.pk), "alt_text": image.title, "decorative": ""}))
    return items


def measure(submits: int) -> list[float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.portal_world import article_body, build_portal, make_images
    from lantoa.content.models import ArticlePage

    home, people, _first = build_portal(0)
    editor = people["editor"]
    images = make_images()
    body = article_body(images)
    items = body_items(images)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    timings, queries, variants = [], [], []
    for n in range(submits):
        article = ArticlePage(
            title=f"Hội thao công nhân lao động năm 2026 số {n + 1}",
            slug=f"hoi-thao-2026-so-{n + 1}",
            summary="Hơn 600 vận động viên từ 40 công đoàn cơ sở tranh tài ở 6 môn.",
            body=body,
            owner=editor,
            live=False,
        )
        home.add_child(instance=article)
        article.save_revision(user=editor)
        variants.append(article.variants.count())
        data = post_data(client, article, items)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if PROFILE and n == submits - 1:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                response = profiler.runcall(client.post, f"/admin/pages/{article.pk}/edit/", data)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
            else:
                response = client.post(f"/admin/pages/{article.pk}/edit/", data)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        if PROFILE and n == submits - 1:
            print_query_tables(captured.captured_queries)
        if response.status_code != 302:
            raise SystemExit(f"the submit was refused ({response.status_code}):\n{errors(response)}")
        article.refresh_from_db()
        if article.current_workflow_state is None:
            raise SystemExit("the article was saved but no workflow started")
    median_queries = statistics.median(queries)
    out(f"# variants per article: {min(variants)}-{max(variants)}; queries per submit: median {median_queries:.0f}")
    return timings


def print_query_tables(captured) -> None:
    """The queries of one submit, counted by statement and first table."""
    import collections
    import re

    counts = collections.Counter(
        " ".join(re.findall(r'^(\w+)[^"]*"(\w+)"', query["sql"])[0]) for query in captured if '"' in query["sql"]
    )
    for name, count in counts.most_common(25):
        out(f"#   {count:3} {name}")


def errors(response) -> str:
    import re

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    found = [m.group(0) for m in re.finditer(r"(?:error|lỗi|Lỗi)[^.]{0,200}", text)]
    return "\n".join(found[:10]) or text[:1000]


def main() -> int:
    submits = int(os.environ.get("BENCH_SUBMITS", "20"))
    data_dir = tempfile.mkdtemp(prefix="lantoa-bench-submit-")
    try:
        setup(data_dir)
        timings = measure(submits)
    finally:
        if os.environ.get("BENCH_KEEP"):
            out(f"# submit data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    from lantoa.content.models import VariantKind

    p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
    out(f"# {submits} submits: median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms")
    out(f"BENCH article_submit_p95 {p95:.0f} ms ({len(VariantKind)} variants, sqlite)")
    out(f"#   target <= {TARGET_MS} ms: {'met' if p95 <= TARGET_MS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
