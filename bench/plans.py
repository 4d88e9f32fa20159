"""Plan benchmarks (issue #4, "Speed") on the national tree, run by `bench.worker`.

A plan of the confederation with 10 targets of every indicator kind, groups and panels on
a sample of units, a few approved campaigns with budget lines; its rollups are rebuilt,
then we time the dashboard for today (read from rollups), for a past day (computed from
source rows) and the rollup refresh after one new group or one newly approved campaign
(what the task enqueued by `lantoa.plans.signals` does, run here synchronously).

Benchmark data is written with `bulk_create` where the actions would be slow (channels,
like `lantoa.demo.national`) and through `lantoa.plans.actions` for plans and campaigns.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from dataclasses import dataclass
from decimal import Decimal

from bench.worker import TARGETS, out

SEED = 196
# A plan running today (half done), so a refresh from today rewrites the months ahead.
PERIOD_START = datetime.date.today().replace(day=1) - datetime.timedelta(days=182)
PERIOD_END = PERIOD_START + datetime.timedelta(days=364)
PAST_DAY = PERIOD_START + datetime.timedelta(days=90)
GROUP_SHARE = {"grassroots": 0.45, "commune": 0.6}
PANELS = 400
BATCH_SIZE = 5000


@dataclass
class Setup:
    plan: object
    targets: list
    grassroots_ids: list[int]
    root_id: int
    superuser: object


# --- Statistics and reporting


def p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def report_p95(name: str, database: str, samples: list[float], note: str = "") -> None:
    """`BENCH <name>_<database> <p95> ms (p95; …)` and its target, with the median beside."""
    target = TARGETS[name]
    value = p95(samples)
    verdict = "met" if value <= target else "MISSED"
    out(f"BENCH {name}_{database} {value:.1f} ms (p95{note})")
    median = statistics.median(samples)
    out(f"#   target <= {target} ms (p95): {verdict}; median {median:.1f} ms over {len(samples)} runs")


def sample(run, *, repeats: int, warmup: int) -> list[float]:
    """Milliseconds of `run(i)` for each of `repeats` runs after `warmup` runs; a slow
    figure stops after BENCH_PLAN_BUDGET seconds (default 120) once it has 3 samples, so
    the full-scale run ends in minutes (the line says how many runs it took)."""
    budget = float(os.environ.get("BENCH_PLAN_BUDGET", "120"))
    samples: list[float] = []
    began = time.perf_counter()
    for i in range(warmup + repeats):
        started = time.perf_counter()
        run(i)
        elapsed = (time.perf_counter() - started) * 1000
        if i >= warmup:
            samples.append(elapsed)
        if len(samples) >= 3 and time.perf_counter() - began > budget:
            break
    return samples


class QueryLog:
    """The queries run inside `with connection.execute_wrapper(log)`, with their times."""

    def __init__(self):
        self.queries: list[tuple[float, str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql, params))

    @property
    def total_ms(self) -> float:
        return sum(t for t, _sql, _params in self.queries)

    def summary(self) -> str:
        return f"{len(self.queries)} queries, {self.total_ms:.1f} ms in SQL"


def explain_sql(sql: str, params) -> str:
    from django.db import connection

    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    lines = [row[0] if connection.vendor == "postgresql" else f"{row[1]:>3} {row[3]}" for row in rows]
    return "\n".join(lines)


def print_slowest(log: QueryLog, *, explain: bool, count: int = 3) -> None:
    out(f"#   one run: {log.summary()}")
    if not explain:
        return
    for spent, sql, params in sorted(log.queries, key=lambda q: q[0], reverse=True)[:count]:
        out(f"#   query {spent:.1f} ms: {sql[:600]}")
        if sql.lstrip().upper().startswith("SELECT"):
            out("#   plan: " + explain_sql(sql, params).replace("\n", "\n#   "))


def traced(run, *, explain: bool) -> None:
    """Run once more under a query log and print its query count, SQL time and slowest queries."""
    from django.db import connection

    log = QueryLog()
    with connection.execute_wrapper(log):
        run(-1)
    print_slowest(log, explain=explain)


# --- Benchmark data


def analyze_tables(*models) -> None:
    """Planner statistics for freshly loaded tables (PostgreSQL), as autovacuum would give."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def random_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def group_channels(rng: random.Random, unit_ids: list[int], today: datetime.date) -> list:
    """A Facebook and a Zalo group for each unit, set up over the months before today; most
    verified some weeks later, a few never."""
    from lantoa.channels.models import Channel, ChannelKind

    rows = []
    for unit_id in unit_ids:
        for kind, address in (
            (ChannelKind.FACEBOOK_GROUP, f"https://www.facebook.com/groups/cd{unit_id}"),
            (ChannelKind.ZALO_GROUP, f"https://zalo.me/g/cd{unit_id}"),
        ):
            since = random_day(rng, PERIOD_START - datetime.timedelta(days=90), today)
            verified_on = since + datetime.timedelta(days=rng.randint(0, 45))
            verified = rng.random() < 0.85 and verified_on <= today
            rows.append(
                Channel(
                    unit_id=unit_id, kind=kind, name=f"Nhóm công đoàn {unit_id}", address=address,
                    audience_count=rng.randint(10, 800), audience_counted_on=since, verified=verified,
                    verified_on=verified_on if verified else None, active_from=since,
                )
            )  # fmt: skip
    return rows


def panel_channels(rng: random.Random, unit_ids: list[int], today: datetime.date) -> list:
    from lantoa.channels.models import Channel, ChannelKind

    return [
        Channel(
            unit_id=unit_id, kind=ChannelKind.OUTDOOR_PANEL, name="Pano tuyên truyền", location="Cổng khu công nghiệp",
            active_from=random_day(rng, PERIOD_START - datetime.timedelta(days=60), today),
        )
        for unit_id in unit_ids
    ]  # fmt: skip


def load_channels(rng: random.Random, today: datetime.date) -> int:
    from lantoa.channels.models import bulk_create_channels
    from lantoa.org.models import Unit, UnitKind

    with_groups = []
    for kind, share in GROUP_SHARE.items():
        ids = list(Unit.objects.filter(kind=kind).order_by("pk").values_list("pk", flat=True))
        with_groups += rng.sample(ids, int(len(ids) * share))
    in_parks = list(
        Unit.objects.filter(kind=UnitKind.GRASSROOTS, parent__kind=UnitKind.INDUSTRIAL_PARK)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = group_channels(rng, with_groups, today) + panel_channels(
        rng, rng.sample(in_parks, min(PANELS, len(in_parks))), today
    )
    for row in rows:
        row.refresh_derived()
    bulk_create_channels(rows, batch_size=BATCH_SIZE)  # with their dated events
    return len(rows)


def make_plan(root, today: datetime.date):
    from lantoa.plans import actions
    from lantoa.plans.models import KeyMessage, Plan, Theme

    plan = Plan(
        issuing_unit=root, parent_unit_name="", symbol="KH-TLĐ", place="Hà Nội", issued_on=PERIOD_START,
        title="Kế hoạch tuyên truyền trên mạng xã hội năm 2026", period_start=PERIOD_START, period_end=PERIOD_END,
    )  # fmt: skip
    plan.key_messages = [KeyMessage(text="Công đoàn đồng hành cùng người lao động")]
    plan.themes = [Theme(title="Tháng Công nhân"), Theme(title="Tết Sum vầy")]
    actions.do_save_plan(plan, actor=None)
    return actions.do_issue_plan(plan, actor=None, on=PERIOD_START)


def target_specs(province_id: int) -> list[dict]:
    grassroots, commune = {"unit_kinds": ["grassroots"]}, {"unit_kinds": ["commune"]}
    return [
        {"title": "CĐCS có nhóm Facebook và Zalo", "indicator": "units_with_groups", "params": grassroots, "goal": 80},
        {"title": "Công đoàn xã, phường có nhóm", "indicator": "units_with_groups", "params": commune, "goal": 100},
        {"title": "CĐCS có nhóm Zalo", "indicator": "units_with_groups",
         "params": {**grassroots, "required_kinds": ["zalo_group"]}, "goal": 90},
        {"title": "CĐCS Hà Nội có nhóm", "indicator": "units_with_groups", "params": grassroots, "goal": 80,
         "unit_id": province_id},
        {"title": "Lượt tiếp cận", "indicator": "reach", "params": {}, "goal": 10_000_000},
        {"title": "Lượt tiếp cận tại Hà Nội", "indicator": "reach", "params": {}, "goal": 1_000_000,
         "unit_id": province_id},
        {"title": "Pano tại khu công nghiệp", "indicator": "panels_in_industrial_parks", "params": {}, "goal": 500},
        {"title": "Chiến dịch tổ chức", "indicator": "campaigns_run", "params": {}, "goal": 12},
        {"title": "Giải ngân kinh phí", "indicator": "budget_spent", "params": {}, "goal": 90},
        {"title": "Hội nghị đối thoại", "indicator": "manual", "params": {}, "goal": 34},
    ]  # fmt: skip


def make_targets(plan, province_id: int) -> list:
    from lantoa.plans import actions
    from lantoa.plans.models import Target

    targets = []
    for order, spec in enumerate(target_specs(province_id)):
        target = Target(
            plan=plan, title=spec["title"], indicator=spec["indicator"], params=spec["params"],
            unit_id=spec.get("unit_id"), target_value=Decimal(spec["goal"]), deadline=PERIOD_END,
            check_dates=["2026-06-30"], order=order,
        )  # fmt: skip
        targets.append(actions.do_save_target(target, actor=None))
    return targets


def new_campaign(plan, unit, title: str, start: datetime.date, *, spent: bool, approved_at=None):
    """A campaign proposed and approved through the workflow (actor None: the system);
    `approved_at` backdates the decision."""
    from lantoa.plans import actions
    from lantoa.plans.models import BudgetLine, Campaign

    campaign = Campaign(
        plan=plan, unit=unit, title=title, key_message="Công đoàn đồng hành cùng người lao động",
        start_date=start, end_date=start + datetime.timedelta(days=30),
    )  # fmt: skip
    campaign.budget_lines = [
        BudgetLine(
            item="In ấn pano, áp phích", funding_source="budget", estimate=Decimal(50_000_000),
            actual=Decimal(42_000_000) if spent else None,
            spent_on=start + datetime.timedelta(days=20) if spent else None,
        ),
        BudgetLine(item="Quảng bá trên mạng xã hội", funding_source="budget", estimate=Decimal(30_000_000)),
    ]  # fmt: skip
    actions.do_propose_campaign(campaign, actor=None)
    return actions.do_decide_campaign(campaign, actor=None, approve=True, at=approved_at)


def make_campaigns(plan, root, province) -> int:
    from lantoa.plans import actions

    actions.ensure_campaign_workflow()
    dated = [
        (root, "Tháng Công nhân 2026", datetime.date(2026, 5, 1)),
        (province, "Tết Sum vầy 2026 tại Hà Nội", datetime.date(2026, 1, 10)),
        (root, "Tuyên truyền Đại hội Công đoàn", datetime.date(2026, 9, 1)),
    ]
    for unit, title, start in dated:
        at = datetime.datetime.combine(start - datetime.timedelta(days=10), datetime.time(9), datetime.UTC)
        new_campaign(plan, unit, title, start, spent=True, approved_at=at)
    return len(dated)


def record_manual(targets, actor) -> None:
    """Hand-entered figures. The actor is the superuser: with actor None, `full_clean()`
    refuses the empty `recorded_by` (a null=True field without blank=True)."""
    from lantoa.plans import actions

    manual = next(t for t in targets if t.indicator == "manual")
    for day, value in ((datetime.date(2026, 3, 31), 10), (datetime.date(2026, 9, 30), 25)):
        actions.do_record_manual_value(
            manual, actor=actor, on_date=day, value=Decimal(value), evidence="Báo cáo của các LĐLĐ tỉnh, thành phố"
        )


def superuser():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user = User.objects.filter(username="bench.admin").first()
    return user or User.objects.create_superuser("bench.admin", "", None)  # no address: no workflow mail


def build(units: int) -> Setup:
    """The plan, its data and its rollups; prints the rebuild's time as an info line."""
    from django.db import transaction
    from django.utils import timezone

    from lantoa.channels.models import Channel
    from lantoa.demo import national
    from lantoa.org.models import Unit, UnitKind
    from lantoa.plans import rollups
    from lantoa.plans.models import Campaign, Target, TargetValue
    from lantoa.plans.signals import rollups_paused

    rng = random.Random(SEED)
    today = timezone.localdate()
    root = Unit.objects.get(parent__isnull=True)
    province = Unit.objects.get(kind=UnitKind.PROVINCIAL, province_code=national.PROVINCIAL_PROVINCE_CODE)
    started = time.perf_counter()
    with rollups_paused(), transaction.atomic():
        channels = load_channels(rng, today)
        plan = make_plan(root, today)
        targets = make_targets(plan, province.pk)
        campaigns = make_campaigns(plan, root, province)
        admin = superuser()
        record_manual(targets, admin)
    analyze_tables(Channel, Campaign)
    out(f"# plans setup: {len(targets)} targets, {channels} new channels, {campaigns} campaigns "
        f"in {time.perf_counter() - started:.1f} s")  # fmt: skip

    started = time.perf_counter()
    written = 0
    for target in Target.objects.filter(plan=plan).select_related("plan"):
        begun = time.perf_counter()
        rows = rollups.rebuild_rollups([target])
        out(f"#   rebuilt {target.indicator} “{target.title}”: {rows} rows in {time.perf_counter() - begun:.1f} s")
        written += rows
    analyze_tables(TargetValue)
    days = len(rollups.snapshot_days(targets[0]))
    out(f"# rebuild_rollups: {written} rows ({days} snapshot days per target) in {time.perf_counter() - started:.1f} s"
        f" ({units} units)")  # fmt: skip
    grassroots = list(Unit.objects.filter(kind=UnitKind.GRASSROOTS).order_by("pk").values_list("pk", flat=True))
    return Setup(plan, targets, rng.sample(grassroots, min(200, len(grassroots))), root.pk, admin)


# --- Measurements


def dashboard_url(plan) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("plans_dashboard", args=[plan.pk])
    except NoReverseMatch:
        return None


def measure_dashboard(setup: Setup, database: str, *, units: int, repeats: int, explain: bool) -> None:
    """The dashboard over HTTP when the view exists, else `plan_progress` alone."""
    from django.test import Client

    from lantoa.plans.models import Plan
    from lantoa.plans.progress import plan_progress

    note = f"; {units} units, {len(setup.targets)} targets"
    url = dashboard_url(setup.plan)
    if url is None:
        out("# plan_dashboard_today: view not available (no URL named plans_dashboard); timing plan_progress alone")

        def today_run(_i):
            plan_progress(Plan.objects.get(pk=setup.plan.pk))

        def past_run(_i):
            plan_progress(Plan.objects.get(pk=setup.plan.pk), PAST_DAY)

        names = ("plan_progress_today", "plan_progress_past_day")
    else:
        client = Client()
        client.force_login(setup.superuser)
        statuses: set[int] = set()

        def today_run(_i):
            statuses.add(client.get(url).status_code)

        def past_run(_i):
            statuses.add(client.get(url, {"ngay": PAST_DAY.strftime("%d/%m/%Y")}).status_code)

        names = ("plan_dashboard_today", "plan_dashboard_past_day")

    report_p95(names[0], database, sample(today_run, repeats=repeats, warmup=2), note)
    traced(today_run, explain=explain)
    report_p95(names[1], database, sample(past_run, repeats=repeats, warmup=1), f"{note}, day {PAST_DAY:%d/%m/%Y}")
    traced(past_run, explain=explain)
    if url is not None and statuses != {200}:
        out(f"#   WARNING: the dashboard answered {sorted(statuses)}, not 200")


def refresh_affected(instance) -> int:
    """What the task enqueued by `lantoa.plans.signals.schedule_refresh` does, synchronously."""
    from lantoa.plans import rollups, signals

    day = signals._earliest(instance, signals._watched()[type(instance)])
    under = signals._unit_id(instance)
    targets = signals.affected_targets(instance).select_related("plan")
    return sum(rollups.refresh_from(target, day, under=under) for target in targets)


def measure_refresh(setup: Setup, database: str, *, units: int, repeats: int, explain: bool) -> None:
    from django.utils import timezone

    from lantoa.channels.actions import do_save_channel
    from lantoa.channels.models import Channel, ChannelKind
    from lantoa.org.models import Unit
    from lantoa.plans.signals import rollups_paused

    today = timezone.localdate()
    written: list[int] = []

    def new_group(i):
        unit = Unit.objects.get(pk=setup.grassroots_ids[i % len(setup.grassroots_ids)])
        channel = Channel(
            unit=unit, kind=ChannelKind.ZALO_GROUP, name=f"Nhóm Zalo mới {i}",
            address=f"https://zalo.me/g/bench{i + 10}", audience_count=120, audience_counted_on=today,
            active_from=today,
        )  # fmt: skip
        with rollups_paused():  # no task enqueued: we run its work right here
            do_save_channel(channel, actor=None, verified=True)
        written.append(refresh_affected(channel))

    note = f"; {units} units, new verified Zalo group of a grassroots union, from {today:%d/%m/%Y}"
    report_p95("rollup_refresh_new_group", database, sample(new_group, repeats=repeats, warmup=1), note)
    out(f"#   {written[-1]} rollup rows rewritten per refresh")
    traced(new_group, explain=explain)

    root = Unit.objects.get(pk=setup.root_id)

    def new_approved_campaign(i):
        with rollups_paused():
            campaign = new_campaign(setup.plan, root, f"Chiến dịch mới {i}", today, spent=False)
        written.append(refresh_affected(campaign))

    note = f"; {units} units, campaign of the confederation approved and started {today:%d/%m/%Y}"
    report_p95("rollup_refresh_new_campaign", database, sample(new_approved_campaign, repeats=repeats, warmup=1), note)
    out(f"#   {written[-1]} rollup rows rewritten per refresh")
    traced(new_approved_campaign, explain=explain)


def run(database: str, *, units: int, repeats: int, explain: bool) -> None:
    out(f"# plans: dataset {units} units, database {database}")
    setup = build(units)
    measure_dashboard(setup, database, units=units, repeats=repeats, explain=explain)
    measure_refresh(setup, database, units=units, repeats=repeats, explain=explain)
