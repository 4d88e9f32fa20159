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

The first BENCH_WARMUP submits (default 1) are not timed: the process's first request pays for
imports and caches once, not for the submit. Queries are counted by an execute wrapper, not
Django's query log (which formats every statement, as the site with DEBUG off never does). The
CPU time of the process is printed beside the figure: on a busy machine the wall time also
holds the time spent waiting for a core.

Environment: BENCH_SUBMITS, BENCH_WARMUP, BENCH_KEEP=1 to keep the directory, BENCH_PROFILE=1 to
profile the last submit (left out of nothing: its time counts too, so use it for reading, not for
the figure; BENCH_PROFILE=path.prof saves it too), BENCH_SQL=1 to print every query of the last
submit with the code that made it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from bench.run import worker_env

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100
PROFILE = os.environ.get("BENCH_PROFILE", "")  # print cProfile's view of the last submit (a.prof: saved too)
SQL = os.environ.get("BENCH_SQL")  # print every query of the last submit, in order


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


@dataclass
class Submit:
    """One timed submit: wall and CPU milliseconds, queries, and time in the database driver."""

    ms: float
    cpu_ms: float
    queries: int
    database_ms: float


def measure(submits: int, warmup: int = 0) -> list[Submit]:
    from django.test import Client

    from bench.portal_world import article_body, build_portal, make_images
    from lantoa.content.models import ArticlePage

    home, people, _first = build_portal(0)
    editor = people["editor"]
    images = make_images()
    body = article_body(images)
    items = body_items(images)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    done, variants = [], []
    for n in range(warmup + submits):
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
        submit = submit_once(client, article, post_data(client, article, items), last=n == warmup + submits - 1)
        if n >= warmup:
            done.append(submit)
    out(f"# each submit, ms: {' '.join(f'{submit.ms:.0f}' for submit in done)}")
    out(
        f"# variants per article: {min(variants)}-{max(variants)}; queries per submit: median "
        f"{statistics.median(submit.queries for submit in done):.0f} "
        f"({statistics.median(submit.database_ms for submit in done):.0f} ms waiting on the database)"
    )
    return done


def submit_once(client, article, data, *, last: bool) -> Submit:
    """Post the edit form with `action-submit` and check that the workflow started; the
    last submit is profiled or traced when asked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    origins: list[str] = []
    waited: list[float] = []
    traced = connection.execute_wrapper(query_origin(origins)) if SQL and last else nullcontext()
    # Django's query log formats every statement: only for the profile's table of queries,
    # so that the figure does not pay for it (DEBUG is off on the site).
    captured = CaptureQueriesContext(connection) if PROFILE and last else nullcontext()
    url = f"/admin/pages/{article.pk}/edit/"
    with traced, connection.execute_wrapper(query_timer(waited)), captured:
        started, cpu_started = time.perf_counter(), time.process_time()
        if PROFILE and last:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            response = profiler.runcall(client.post, url, data)
            if PROFILE.endswith(".prof"):
                profiler.dump_stats(PROFILE)  # for pstats or snakeviz
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        else:
            response = client.post(url, data)
        ms, cpu_ms = (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000
    if PROFILE and last:
        print_query_tables(captured.captured_queries)
    if SQL and last:
        print_queries(origins)
    if response.status_code != 302:
        raise SystemExit(f"the submit was refused ({response.status_code}):\n{errors(response)}")
    article.refresh_from_db()
    if article.current_workflow_state is None:
        raise SystemExit("the article was saved but no workflow started")
    return Submit(ms, cpu_ms, len(waited), sum(waited) * 1000)


def print_query_tables(captured) -> None:
    """The queries of one submit, counted by statement and first table."""
    import collections
    import re

    counts = collections.Counter(
        " ".join(re.findall(r'^(\w+)[^"]*"(\w+)"', query["sql"])[0]) for query in captured if '"' in query["sql"]
    )
    for name, count in counts.most_common(25):
        out(f"#   {count:3} {name}")


def query_timer(waited: list[float]):
    """An execute wrapper adding each query's time in the database driver to `waited`."""

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waited.append(time.perf_counter() - started)

    return wrapper


def query_origin(origins: list[str]):
    """An execute wrapper noting, for each query, the innermost frame of the project's own
    code that led to it and the library frame nearest the query's call site."""
    import traceback

    def wrapper(execute, sql, params, many, context):
        frames = traceback.extract_stack()[:-1]
        ours = [f for f in frames if "/lantoa/" in f.filename]
        library = [f for f in frames if "site-packages" in f.filename and "/django/db/" not in f.filename]
        where = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in (ours[-1:] + library[-1:])]
        origins.append(f"{' '.join(sql.split())[:110]}  [{' < '.join(where)}]")
        return execute(sql, params, many, context)

    return wrapper


def print_queries(origins: list[str]) -> None:
    """Every query of one submit (transaction statements left out), in order, with its origin."""
    for number, line in enumerate(origins, 1):
        out(f"# {number:3} {line}")


def errors(response) -> str:
    import re

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    found = [m.group(0) for m in re.finditer(r"(?:error|lỗi|Lỗi)[^.]{0,200}", text)]
    return "\n".join(found[:10]) or text[:1000]


def main() -> int:
    submits = int(os.environ.get("BENCH_SUBMITS", "20"))
    warmup = int(os.environ.get("BENCH_WARMUP", "1"))
    data_dir = tempfile.mkdtemp(prefix="lantoa-bench-submit-")
    try:
        setup(data_dir)
        done = measure(submits, warmup)
    finally:
        if os.environ.get("BENCH_KEEP"):
            out(f"# submit data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    from lantoa.content.models import VariantKind

    timings = [submit.ms for submit in done]
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
    cpu_p95 = statistics.quantiles([submit.cpu_ms for submit in done], n=20, method="inclusive")[-1]
    out(
        f"# {submits} submits after {warmup} untimed: "
        f"median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms"
    )
    out(f"# CPU time of this process per submit: p95 {cpu_p95:.0f} ms (what a loaded machine does not add)")
    out(f"BENCH article_submit_p95 {p95:.0f} ms ({len(VariantKind)} variants, sqlite)")
    out(f"#   target <= {TARGET_MS} ms: {'met' if p95 <= TARGET_MS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
