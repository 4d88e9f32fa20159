"""One database's benchmark, run by `bench.run` in a subprocess with its own settings.

Migrates, times `generate_national`, then times the provincial user's reads and the plan
dashboard and rollup refreshes (`bench.plans`), the workspace home (`bench.home`) and the
cascade (`bench.cascade`). Prints
`BENCH <name> <value> <unit>` lines, each followed by its target as a comment; figures
that miss their target are reported, never asserted.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time

import django

TARGETS = {
    "generate_national": 60_000,
    "visible_units": 20,
    "subtree_totals": 20,
    "admin_unit_list": 300,
    # Plans (issue #4): p95 in ms; see bench/plans.py.
    "plan_dashboard_today": 300,
    "plan_progress_today": 300,
    "plan_dashboard_past_day": 5_000,
    "plan_progress_past_day": 5_000,
    "rollup_refresh_new_group": 5_000,
    "rollup_refresh_new_campaign": 5_000,
    # The workspace home (issue #10): p95 in ms; see bench/home.py.
    "home_provincial_editor": 150,
    "home_commune_officer": 150,
    # The cascade (issue #13): p95 in ms; see bench/cascade.py (the dispatch's own targets are there).
    "cascade_compliance_national_p95": 300,
    "cascade_compliance_province_p95": 300,
    "cascade_mark_done_p95": 50,
}


def out(line: str = "") -> None:
    print(line, flush=True)


def report(name: str, database: str, ms: float, note: str = "") -> None:
    target = TARGETS[name]
    verdict = "met" if ms <= target else "MISSED"
    if name == "generate_national":
        out(f"BENCH {name}_{database} {ms / 1000:.1f} s")
        out(f"#   target <= {target / 1000:.0f} s: {verdict}{note}")
    else:
        out(f"BENCH {name}_{database} {ms:.1f} ms")
        out(f"#   target <= {target} ms: {verdict}{note}")


def engine_version(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    if connection.vendor == "postgresql":
        version = connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    return connection.vendor


def plan(queryset) -> str:
    """The query plan as comment lines (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite)."""
    from django.db import connection

    text = queryset.explain(analyze=True) if connection.vendor == "postgresql" else queryset.explain()
    return "#   plan: " + text.replace("\n", "\n#   ")


def timed(setup, run, *, repeats: int, warmup: int = 2) -> float:
    """Median milliseconds of `run(setup())` over `repeats` runs, after `warmup` runs."""
    samples = []
    for i in range(warmup + repeats):
        arg = setup()
        started = time.perf_counter()
        run(arg)
        elapsed = (time.perf_counter() - started) * 1000
        if i >= warmup:
            samples.append(elapsed)
    return statistics.median(samples)


def main(database: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    django.setup()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from lantoa.demo import national
    from lantoa.org import queries, scope
    from lantoa.org.models import Role, Unit, UnitState

    units = int(os.environ.get("BENCH_UNITS", "130000"))
    repeats = int(os.environ.get("BENCH_REPEATS", "20"))
    explain = bool(os.environ.get("BENCH_EXPLAIN"))
    out(f"# dataset: {units} units, database: {database} ({engine_version(connection)})")

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
    call_command("migrate", verbosity=0, interactive=False)
    log = io.StringIO()
    started = time.perf_counter()
    call_command("generate_national", units=units, stdout=log)
    report("generate_national", database, (time.perf_counter() - started) * 1000)

    User = get_user_model()
    username = national.PROVINCIAL_USERNAME
    province = Role.objects.select_related("unit").get(user__username=username).unit
    subtree_size = Unit.objects.in_subtree(province.path).count()
    today = timezone.localdate()
    out(f"# dataset: {units} units, database: {database}; user {username}: editor of {province.name}")
    out(f"#   ({subtree_size} units in its subtree), median of {repeats} runs after 2 warm-up runs")

    def fresh_user():
        return User.objects.get(username=username)

    def visible(user):
        return list(scope.visible_units(user).values_list("pk", flat=True))

    count = len(visible(fresh_user()))
    ms = timed(fresh_user, visible, repeats=repeats)
    report("visible_units", database, ms, f" ({count} units)")
    if explain:
        out(plan(scope.visible_units(fresh_user()).values_list("pk", flat=True)))

    totals = queries.subtree_totals(province.path, today)
    ms = timed(lambda: None, lambda _: queries.subtree_totals(province.path, today), repeats=repeats)
    report("subtree_totals", database, ms, f" ({totals['members']} members)")
    if explain:
        out(plan(UnitState.objects.on(today).in_subtree(province.path).values("member_count")))

    client = Client()
    client.force_login(fresh_user())
    statuses = set()

    def listing(_):
        statuses.add(client.get("/admin/org/units/").status_code)

    captured: list[tuple[float, str]] = []

    def capture(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append(((time.perf_counter() - started) * 1000, sql))

    # Request signals reset connection.queries, so count through an execute wrapper.
    with connection.execute_wrapper(capture):
        listing(None)
    ms = timed(lambda: None, listing, repeats=repeats)
    sql_ms = sum(t for t, _sql in captured)
    note = f" ({len(captured)} queries, {sql_ms:.1f} ms in SQL, status {sorted(statuses)})"
    report("admin_unit_list", database, ms, note)
    if statuses != {200}:
        out(f"#   WARNING: the admin listing answered {sorted(statuses)}, not 200")
    if explain:
        for spent, sql in sorted(captured, reverse=True)[:3]:
            out(f"#   query {spent:.1f} ms: {sql[:400]}")

    from bench import plans

    plans.run(database, units=units, repeats=repeats, explain=explain)

    from bench import home

    home.run(database, repeats=repeats)

    from bench import cascade

    cascade.run(database, units=units, repeats=repeats, explain=explain)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "default"))
