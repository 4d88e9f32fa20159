"""Cascade benchmarks (issue #13, "Scale and speed") on the national tree, run by
`bench.worker` after the other national figures (or on their own: see below).

- `cascade_dispatch_all_s`: one article sent by the national root to every unit (targets
  {}) with two actions, end to end as the background task does it: `do_dispatch`, then
  `fan_out` (the task's body: the chunked inserts, the compliance recount, the notices).
  Beside it, in the same run, `cascade_raw_insert_s`: one plain `bulk_create` of as many
  `UnitTask` rows into another dispatch (no chunk transactions, no counts); goal: the
  dispatch within 3x of it. The SQL time of the dispatch is broken down by statement.
- SQLite only, `cascade_concurrent_write_errors`: a second full dispatch fans out while a
  separate process (staff at work) writes every ~50 ms; "database is locked" errors and
  the worst write latency. Target 0 errors.
- `cascade_compliance_national_p95` / `cascade_compliance_province_p95`: `compliance_of` and
  `compliance_of_children` of the root dispatch for the national root and for the
  benchmark province (ms, p95 of BENCH_REPEATS runs).
- `cascade_mark_done_p95`: `do_mark(..., status="done")` of 50 random tasks (ms, server
  time, no HTTP).

Figures that miss their target are reported, never asserted.

On their own, without the plans and home benchmarks (each database in a subprocess with its
own DATA_DIR / DATABASE_URL, as `bench.run` does; PostgreSQL database `lantoa_bench_cascade`):

    BENCH_UNITS=130000 DJANGO_SETTINGS_MODULE=lantoa.settings .venv/bin/python -m bench.cascade
"""

from __future__ import annotations

import datetime
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.plans import QueryLog, analyze_tables, report_p95, sample, superuser
from bench.worker import out

SEED = 13
ACTIONS = ["share_zalo_group", "bulletin_board"]
TARGET_DISPATCH_S = 10
TARGET_RATIO = 3
MARKS = 50
WRITE_EVERY_S = 0.05
ROOT = Path(__file__).resolve().parent.parent


# --- Benchmark data


def bench_article():
    """A published article to send (the Wagtail root's child); None when it cannot be made."""
    from wagtail.models import Page

    from lantoa.content.models import ArticlePage

    found = ArticlePage.objects.filter(slug="bench-cascade").first()
    if found is not None:
        return found
    article = ArticlePage(
        title="Hưởng ứng Tháng Công nhân năm 2026", slug="bench-cascade",
        summary="Công đoàn các cấp ra quân hưởng ứng Tháng Công nhân.", body="[]",
    )  # fmt: skip
    try:
        Page.get_first_root_node().add_child(instance=article)
    except Exception as error:  # noqa: BLE001 - the figures do not depend on it; say so and go on
        out(f"# cascade: no article ({type(error).__name__}: {error}); dispatching without one")
        return None
    return article


def send(sender, actor, article, actions: list[str], title: str):
    """`do_dispatch` as the staff form calls it; the fan-out is only enqueued."""
    from django.utils import timezone

    from lantoa.cascade import actions as cascade

    due = timezone.localdate() + datetime.timedelta(days=7)
    dispatch, new = cascade.do_dispatch(
        sender=sender, actor=actor, title=title, actions=actions, due_on=due, targets={}, article=article
    )
    if not new:
        raise SystemExit(f"the dispatch “{title}” existed already")
    return dispatch


class SqlTally:
    """SQL time and statements, by verb and table, inside `with connection.execute_wrapper(...)`."""

    def __init__(self):
        self.spent: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = statement_kind(sql)
            self.spent[key] += time.perf_counter() - started
            self.counts[key] += 1

    def lines(self, total_s: float, *, top: int = 8) -> list[str]:
        sql_s = sum(self.spent.values())
        lines = [f"#   SQL {sql_s:.2f} s in {sum(self.counts.values())} statements, Python {total_s - sql_s:.2f} s"]
        for key, spent in sorted(self.spent.items(), key=lambda kv: kv[1], reverse=True)[:top]:
            lines.append(f"#     {spent:6.2f} s  {self.counts[key]:5d} x  {key}")
        return lines


def statement_kind(sql: str) -> str:
    words = sql.split()
    verb = words[0].upper() if words else "?"
    marker = {"INSERT": "INTO", "UPDATE": None, "DELETE": "FROM"}.get(verb, "FROM")
    table = words[1] if verb == "UPDATE" and len(words) > 1 else ""
    if marker:
        for i, word in enumerate(words[:-1]):
            if word.upper() == marker:
                table = words[i + 1]
                break
    return f"{verb} {table.strip(chr(34))}"


# --- Measurements


def profile_if_asked():
    """A running cProfile.Profile when BENCH_PROFILE is set (it slows what it measures)."""
    if not os.environ.get("BENCH_PROFILE"):
        return None
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def print_profile(profiler, count: int = 25) -> None:
    if profiler is None:
        return
    import pstats

    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(count)
    out("#   profile (BENCH_PROFILE; times inflated by the profiler):")
    for line in text.getvalue().splitlines():
        if line.strip():
            out("#   " + line)


def raw_insert(dispatch, unit_ids_query) -> tuple[int, float]:
    """The floor: as many tasks in one plain `bulk_create` (one transaction), seconds."""
    from lantoa.cascade.models import UnitTask

    profiler = profile_if_asked()
    started = time.perf_counter()
    unit_ids = list(unit_ids_query)
    rows = [
        UnitTask(dispatch=dispatch, root_id=dispatch.pk, unit_id=unit_id, action=action, due_on=dispatch.due_on)
        for unit_id in unit_ids
        for action in dispatch.actions
    ]
    UnitTask.objects.bulk_create(rows, batch_size=5000)
    spent = time.perf_counter() - started
    print_profile(profiler, 12)
    return len(rows), spent


def measure_dispatch(database: str, root_unit, admin, article) -> object:
    """`cascade_dispatch_all_s` and, first, `cascade_raw_insert_s`; returns the dispatch."""
    from django.db import connection

    from lantoa.cascade import actions as cascade
    from lantoa.cascade import compliance, notices
    from lantoa.cascade.models import Dispatch, UnitTask
    from lantoa.cascade.targets import target_units

    floor = send(root_unit, admin, None, ["loudspeaker", "poster"], "Bench: raw insert")
    Dispatch.objects.filter(pk=floor.pk).update(status="sent")  # its enqueued fan-out is never run
    raw_rows, raw_s = raw_insert(floor, target_units(root_unit, {}).values_list("pk", flat=True))

    notices.officer_home()  # a long-lived worker has its URLs loaded: not part of the figure
    tally = SqlTally()
    profiler = profile_if_asked()
    started = time.perf_counter()
    with connection.execute_wrapper(tally):
        dispatch = send(root_unit, admin, article, ACTIONS, "Hưởng ứng Tháng Công nhân năm 2026")
        reached = cascade.fan_out(dispatch.pk)
    dispatch_s = time.perf_counter() - started
    print_profile(profiler)

    tasks = UnitTask.objects.filter(dispatch=dispatch).count()
    verdict = "met" if dispatch_s <= TARGET_DISPATCH_S else "MISSED"
    out(f"BENCH cascade_dispatch_all_s_{database} {dispatch_s:.1f} s ({reached} units, {tasks} tasks)")
    out(f"#   target <= {TARGET_DISPATCH_S} s: {verdict}")
    out(f"BENCH cascade_raw_insert_s_{database} {raw_s:.1f} s ({raw_rows} rows, one bulk_create)")
    ratio = dispatch_s / raw_s if raw_s else float("inf")
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    out(f"#   dispatch / raw insert = {ratio:.1f}x; goal <= {TARGET_RATIO}x: {verdict}")
    for line in tally.lines(dispatch_s):
        out(line)
    own = compliance.compliance_of(dispatch, root_unit.pk)
    if own.total != tasks:
        out(f"#   WARNING: the root's count says {own.total} tasks, {tasks} were made")
    return dispatch


def writer_process(stop_file: str, unit_id: int) -> subprocess.Popen:
    """Staff at work: `python -m bench.cascade --writer`, same settings as this process."""
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.cascade", "--writer", stop_file, str(unit_id)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def measure_concurrent_writes(database: str, root_unit, admin, province) -> None:
    """SQLite: a full fan-out while another process writes every ~50 ms."""
    from lantoa.cascade import actions as cascade

    with tempfile.TemporaryDirectory(prefix="lantoa-bench-writer-") as folder:
        stop_file = os.path.join(folder, "stop")
        writer = writer_process(stop_file, province.pk)
        if writer.stdout.readline().strip() != "ready":
            writer.kill()
            raise SystemExit("the writer process did not start")
        time.sleep(0.5)  # a few writes before, for the baseline
        started = time.perf_counter()
        dispatch = send(root_unit, admin, None, ["poster", "meeting"], "Bench: fan-out under concurrent writes")
        reached = cascade.fan_out(dispatch.pk)
        fan_out_s = time.perf_counter() - started
        time.sleep(0.5)
        Path(stop_file).touch()
        result = json.loads(writer.stdout.readline())
        writer.wait(timeout=30)
    verdict = "met" if result["locked"] == 0 else "MISSED"
    out(f"BENCH cascade_concurrent_write_errors_{database} {result['locked']} "
        f"({result['writes']} writes every {WRITE_EVERY_S * 1000:.0f} ms during a {fan_out_s:.1f} s fan-out "
        f"to {reached} units; other errors {result['other']})")  # fmt: skip
    out(f"#   target 0 'database is locked': {verdict}; write latency max {result['max_ms']:.0f} ms, "
        f"p95 {result['p95_ms']:.0f} ms, median {result['median_ms']:.1f} ms")  # fmt: skip


def measure_compliance(database: str, dispatch, root_unit, province, *, repeats: int, explain: bool) -> None:
    from django.db import connection
    from django.utils import timezone

    from lantoa.cascade import compliance
    from lantoa.cascade.models import ComplianceCount

    analyze_tables(ComplianceCount)
    today = timezone.localdate()
    for name, unit in (("cascade_compliance_national_p95", root_unit), ("cascade_compliance_province_p95", province)):
        children: dict = {}

        def read(_i, unit=unit, children=children):
            compliance.compliance_of(dispatch, unit.pk, today)
            children.update(compliance.compliance_of_children(dispatch, unit.pk, today))

        samples = sample(read, repeats=repeats, warmup=2)
        report_p95(name, database, samples, f"; {unit.name}, {len(children)} units below")
        log = QueryLog()
        with connection.execute_wrapper(log):
            read(-1)
        out(f"#   one run: {log.summary()}")
        if explain:
            from bench.plans import explain_sql

            for spent, sql, params in log.queries:
                out(f"#   query {spent:.1f} ms: {sql[:400]}")
                out("#   plan: " + explain_sql(sql, params).replace("\n", "\n#   "))


def measure_marks(database: str, dispatch, admin, *, explain: bool) -> None:
    from django.db import connection

    from lantoa.cascade import actions as cascade
    from lantoa.cascade.models import UnitTask

    rng = random.Random(SEED)
    ids = list(UnitTask.objects.filter(dispatch=dispatch).values_list("pk", flat=True))
    chosen = rng.sample(ids, min(MARKS + 2, len(ids)))
    tasks = {task.pk: task for task in UnitTask.objects.filter(pk__in=chosen)}

    def mark(i):
        task = tasks[chosen[i]]
        url = f"https://www.facebook.com/congdoan{task.unit_id}/posts/{task.pk}"
        cascade.do_mark(task, actor=admin, status="done", url=url, reach=120)

    samples = sample(mark, repeats=len(chosen) - 2, warmup=2)
    report_p95("cascade_mark_done_p95", database, samples, f"; {len(samples)} random tasks of {len(ids)}")
    extra = [pk for pk in ids if pk not in tasks][:1]
    if extra:
        tasks[extra[0]] = UnitTask.objects.get(pk=extra[0])
        chosen.append(extra[0])
        log = QueryLog()
        with connection.execute_wrapper(log):
            mark(len(chosen) - 1)
        out(f"#   one mark: {log.summary()}")
        if explain:
            for spent, sql, _params in log.queries:
                out(f"#   query {spent:.1f} ms: {sql[:300]}")


def run(database: str, *, units: int, repeats: int, explain: bool = False) -> None:
    from lantoa.cascade.models import ComplianceCount, Dispatch, UnitTask
    from lantoa.demo import national
    from lantoa.org.models import Unit, UnitKind

    root_unit = Unit.objects.get(parent__isnull=True)
    province = Unit.objects.get(kind=UnitKind.PROVINCIAL, province_code=national.PROVINCIAL_PROVINCE_CODE)
    admin = superuser()
    article = bench_article()
    out(f"# cascade: dataset {units} units, database {database}; actions {', '.join(ACTIONS)}")
    dispatch = measure_dispatch(database, root_unit, admin, article)
    analyze_tables(UnitTask, Dispatch, ComplianceCount)
    if database == "sqlite":
        measure_concurrent_writes(database, root_unit, admin, province)
    measure_compliance(database, dispatch, root_unit, province, repeats=repeats, explain=explain)
    measure_marks(database, dispatch, admin, explain=explain)


# --- Standalone: each database in its own process; the writer process


def write_loop(stop_file: str, unit_id: int) -> int:
    """Rewrite one unit's name every WRITE_EVERY_S until `stop_file` exists; print the tally."""
    from django.db import OperationalError, transaction
    from django.db.models import F

    from lantoa.org.models import Unit

    latencies: list[float] = []
    locked = other = 0
    print("ready", flush=True)
    while not os.path.exists(stop_file):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                Unit.objects.filter(pk=unit_id).update(name=F("name"))
        except OperationalError as error:
            locked += "locked" in str(error)
            other += "locked" not in str(error)
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(WRITE_EVERY_S)
    p95 = statistics.quantiles(latencies, n=20, method="inclusive")[-1] if len(latencies) > 1 else latencies[0]
    result = {
        "writes": len(latencies), "locked": locked, "other": other, "max_ms": max(latencies), "p95_ms": p95,
        "median_ms": statistics.median(latencies),
    }  # fmt: skip
    print(json.dumps(result), flush=True)
    return 0


def prepare_database(database: str, units: int) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench.worker import engine_version

    out(f"# dataset: {units} units, database: {database} ({engine_version(connection)})")
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    call_command("generate_national", units=units, stdout=io.StringIO())
    out(f"# generate_national: {time.perf_counter() - started:.1f} s")


def standalone(database: str) -> int:
    units = int(os.environ.get("BENCH_UNITS", "130000"))
    repeats = int(os.environ.get("BENCH_REPEATS", "20"))
    prepare_database(database, units)
    run(database, units=units, repeats=repeats, explain=bool(os.environ.get("BENCH_EXPLAIN")))
    return 0


def each_database() -> int:
    import shutil
    from urllib.parse import urlsplit, urlunsplit

    from bench.run import postgres_url, recreate_postgres_database, worker_env

    wanted = {d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",") if d.strip()}
    status = 0
    for database in ("sqlite", "postgres"):
        if database not in wanted:
            continue
        url = None
        if database == "postgres":
            url = postgres_url()
            if url is None:
                out("# postgres: skipped (no BENCH_POSTGRES_URL and nothing on 127.0.0.1:5432)")
                continue
            if not os.environ.get("BENCH_POSTGRES_URL"):
                url = urlunsplit(urlsplit(url)._replace(path="/lantoa_bench_cascade"))
            recreate_postgres_database(url)
        data_dir = tempfile.mkdtemp(prefix=f"lantoa-bench-cascade-{database}-")
        try:
            sys.stdout.flush()
            result = subprocess.run(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "bench.cascade", "--worker", database],
                cwd=ROOT, env=worker_env(data_dir, url), check=False,
            )  # fmt: skip
            if result.returncode:
                out(f"# {database}: the cascade benchmark failed (exit status {result.returncode})")
            status |= result.returncode
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
    return status


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"] or argv[:1] == ["--writer"]:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
        django.setup()
        if argv[0] == "--writer":
            return write_loop(argv[1], int(argv[2]))
        return standalone(argv[1])
    return each_database()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
