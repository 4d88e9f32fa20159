"""The reads behind the home page "Việc của tôi": what each panel lists for one user.

Every function reads through `lantoa.org.scope` (or the scoped queries of `plans` and
`channels` built on it) in a fixed number of queries whatever the size of the tree: a
list is cut at `LIMIT` rows and comes with its total, so a province of 130,000 units
costs the same few queries as a commune. `footing(user)` (the user's roles, read once per
request) decides which panels apply.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Min, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Page, TaskState

from lantoa.cascade.models import TaskStatus, UnitTask
from lantoa.inbox.models import CaseStatus, Urgency
from lantoa.inbox.search import readable as readable_cases
from lantoa.org import paths, scope
from lantoa.org.models import Role, RoleApprovalTask, RoleKind, Unit, UnitKind
from lantoa.plans import calendar, indicators, progress, queries, suggestions
from lantoa.plans.charts import format_measure
from lantoa.plans.models import Campaign, PlanStatus, Target, TargetValue

LIMIT = 10
EVENTS_LIMIT = 6
DUE_WITHIN_DAYS = 30  # pending tasks due in the next month, and every overdue one
EVENTS_WITHIN_DAYS = 60
SPENDING_PERMISSION = "plans.record_spending"
_FOOTING_ATTR = "_lantoa_home_footing"


@dataclass(frozen=True)
class Footing:
    """Where the user stands: the open units of their roles and what the roles are."""

    everything: bool
    roles: tuple[Role, ...]
    unit_ids: tuple[int, ...]
    paths: tuple[str, ...]
    kinds: frozenset[str]
    has_lower_units: bool

    @property
    def line_ids(self) -> set[int]:
        """The units of the roles and every unit above them (where directives come from)."""
        return {uid for path in self.paths for uid in paths.ancestor_ids(path)}

    def decides(self) -> bool:
        """Whether the user holds a kind that decides a workflow step (campaigns, articles)."""
        return self.everything or bool(DECIDING_KINDS & set(self.kinds))

    def keeps_accounts(self) -> bool:
        return self.everything or RoleKind.FINANCE in self.kinds


DECIDING_KINDS = {RoleKind.APPROVER, RoleKind.BOARD_HEAD, RoleKind.SPOKESPERSON}


def footing(user) -> Footing:
    """The user's roles on open units (two queries, remembered on the user object)."""
    cached = getattr(user, _FOOTING_ATTR, None)
    if cached is not None:
        return cached
    everything = scope.scope_for(user).everything
    roles = tuple(
        Role.objects.filter(user=user, unit__valid_to__isnull=True).select_related("unit").order_by("unit__path")
    )
    unit_ids = tuple(dict.fromkeys(role.unit_id for role in roles))
    lower = everything or (
        bool(unit_ids) and Unit.objects.current().filter(parent_id__in=unit_ids).exclude(kind=UnitKind.BOARD).exists()
    )
    found = Footing(
        everything=everything,
        roles=roles,
        unit_ids=unit_ids,
        paths=tuple(dict.fromkeys(role.unit.path for role in roles)),
        kinds=frozenset(role.kind for role in roles),
        has_lower_units=lower,
    )
    setattr(user, _FOOTING_ATTR, found)
    return found


def my_units(where: Footing):
    """The units of the user's roles and the boards of those units (a provincial editor
    works in one of the federation's boards): the units whose own work is the user's."""
    ids = list(where.unit_ids)
    return Unit.objects.current().filter(Q(pk__in=ids) | Q(parent_id__in=ids, kind=UnitKind.BOARD))


def optional_url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@dataclass
class Listing:
    """Up to `LIMIT` rows of a panel and how many there are in all."""

    rows: list = field(default_factory=list)
    total: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.rows))


# --- Every role: the work of my units (the cascade's tasks, a plan's duties among them)


@dataclass
class TaskRow:
    task: UnitTask
    overdue_days: int
    report_url: str


def my_work(user, today: datetime.date) -> Listing:
    """Pending tasks of my units due within a month or overdue, the most urgent first, each
    with the link to mark it on the work pages (`/viec/`) where the user may mark it."""
    where = footing(user)
    if not where.unit_ids:
        return Listing()
    due = Q(status=TaskStatus.PENDING, due_on__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS))
    rows = scope.scope_queryset(UnitTask.objects.filter(due), user).filter(unit__in=my_units(where))
    counts = rows.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    related = rows.select_related("unit", "dispatch__plan", "dispatch__sender_unit")
    found = list(related.order_by("due_on", "pk")[:LIMIT])
    markable = _units_where(user, "cascade.change_unittask", {row.unit_id for row in found})
    return Listing(
        rows=[
            TaskRow(
                task=row,
                overdue_days=max(0, (today - row.due_on).days),
                report_url=reverse("viec:task", args=[row.pk]) if row.unit_id in markable else "",
            )
            for row in found
        ],
        total=counts["total"],
        extra={"overdue": counts["overdue"]},
    )


def _units_where(user, perm: str, unit_ids: set[int]) -> set[int]:
    """Which of `unit_ids` the user may act on with `perm` (one query, none when empty)."""
    if not unit_ids or not user.has_perm(perm):
        return set()
    return set(scope.units_with_perm(user, perm).filter(pk__in=unit_ids).values_list("pk", flat=True))


# --- Every role: targets of the plans I receive, at my own line


@dataclass
class TargetRow:
    target: Target
    unit_name: str
    value_text: str
    goal_text: str
    status: str
    status_label: str
    url: str
    computed: bool


def my_targets(user, today: datetime.date) -> Listing:
    """Targets of the plans in force that the user's units receive (their own unit's
    plans and those of the units above), each at the user's own line of the drill-down
    (`queries.drill_units`): value, status and deadline read from today's rollups, the
    nearest deadline first (eight queries)."""
    where = footing(user)
    if not where.unit_ids and not where.everything:
        return Listing()
    plans = queries.received_plans(user).filter(
        status=PlanStatus.ISSUED, period_start__lte=today, period_end__gte=today
    )
    targets = Target.objects.filter(plan__in=plans)
    total = targets.count()
    found = list(targets.select_related("plan").order_by("deadline", "plan_id", "order", "pk")[:LIMIT])
    if not found:
        return Listing(total=total)
    _remember_plan_ends(found)
    lines = queries.drill_units(user, found, today)
    unit_ids = {unit for unit in lines.values() if unit}
    values = {
        (target_id, unit_id): value
        for target_id, unit_id, value in TargetValue.objects.filter(
            target_id__in=[t.pk for t in found], unit_id__in=unit_ids, on_date=today
        ).values_list("target_id", "unit_id", "value")
    }
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return Listing(rows=[_target_row(t, lines.get(t.pk), values, names, today) for t in found], total=total)


def _remember_plan_ends(targets: list[Target]) -> None:
    """One query for the last deadline of each plan, so statuses need none per plan."""
    plans = {t.plan_id: t.plan for t in targets}
    last = dict(
        Target.objects.filter(plan_id__in=plans)
        .values("plan_id")
        .annotate(last=Max("deadline"))
        .values_list("plan_id", "last")
    )
    for plan_id, plan in plans.items():
        plan._followed_until = max(plan.period_end, last.get(plan_id) or plan.period_end)
    for target in targets:
        target.plan = plans[target.plan_id]


def _target_row(target: Target, unit_id: int | None, values: dict, names: dict, today: datetime.date) -> TargetRow:
    kind = indicators.REGISTRY.get(target.indicator)
    measure = kind.measure if kind else "count"
    value = values.get((target.pk, unit_id)) if unit_id else None
    status = progress.status_of(target, value, today)
    url = reverse("plans_dashboard", args=[target.plan_id])
    if unit_id:
        url = reverse("plans_target", args=[target.plan_id, target.pk])
        if unit_id != target.measured_unit_id:
            url = f"{url}?don_vi={unit_id}"
    return TargetRow(
        target=target,
        unit_name=names.get(unit_id, "") if unit_id else "",
        value_text=format_measure(value, measure),
        goal_text=format_measure(float(target.target_value), measure),
        status=status,
        status_label=str(progress.Status.LABELS[status]),
        url=url,
        computed=value is not None,
    )


# --- Every role: the union calendar ahead


@dataclass
class EventRow:
    occurrence: calendar.Occurrence
    prepare_from: datetime.date
    preparing: bool  # the day to prepare has come


def upcoming_events(user, today: datetime.date) -> Listing:
    """The union's recurring events and the one-off events of my units and the units above
    them in the next two months, soonest first (two queries)."""
    where = footing(user)
    last = today + datetime.timedelta(days=EVENTS_WITHIN_DAYS)
    overlapping = Q(end__gte=today) | Q(end__isnull=True, start__gte=today)
    rows = suggestions.visible_calendar_events(user).filter(overlapping, start__lte=last)
    if not where.everything:
        rows = rows.filter(unit_id__in=where.line_ids)
    one_offs = [suggestions.as_one_off(row) for row in rows.order_by("start", "pk")[:EVENTS_LIMIT]]
    found = calendar.events_between(today, last, one_offs, suggestions.union_events())
    rows = [EventRow(o, o.suggest_on, o.suggest_on <= today) for o in found[:EVENTS_LIMIT]]
    return Listing(rows=rows, total=len(rows))  # the calendar itself shows the rest


def campaign_add_url(user) -> str:
    """The campaign proposal form, for users who may add campaigns in some unit."""
    if not user.has_perm("plans.add_campaign"):
        return ""
    if not scope.units_with_perm(user, "plans.add_campaign").exists():
        return ""
    return optional_url("wagtailsnippets_plans_campaign:add")


# --- Approvers: campaigns waiting for my decision


@dataclass
class DecisionRow:
    obj: object
    waiting_since: datetime.date
    waiting_days: int
    requested_by: str
    url: str


def waiting_for_me(user, today: datetime.date) -> Listing:
    """Objects in review at a role-approval step the user decides (`approval.task_states_to_moderate`),
    the oldest first, with the link to their review (a fixed handful of queries)."""
    states = TaskState.objects.none()
    kinds = list(RoleKind) if footing(user).everything else list(footing(user).kinds)
    for task in RoleApprovalTask.objects.filter(active=True, role_kind__in=kinds):
        states = states | task.get_task_states_user_can_moderate(user)
    total = states.count()
    found = list(states.select_related("workflow_state__requested_by").order_by("started_at", "pk")[:LIMIT])
    objects = _objects_of(found)
    rows = []
    for state in found:
        obj = objects.get((state.workflow_state.base_content_type_id, state.workflow_state.object_id))
        if obj is None:
            continue
        since = timezone.localdate(state.started_at)
        requester = state.workflow_state.requested_by
        rows.append(
            DecisionRow(
                obj=obj,
                waiting_since=since,
                waiting_days=(today - since).days,
                requested_by=(requester.get_full_name() or requester.get_username()) if requester else "",
                url=review_url(obj),
            )
        )
    return Listing(rows=rows, total=total)


def _objects_of(states) -> dict[tuple[int, str], object]:
    """The objects under review, one query per kind of object (campaigns today)."""
    wanted: dict[int, set[str]] = {}
    for state in states:
        wanted.setdefault(state.workflow_state.base_content_type_id, set()).add(state.workflow_state.object_id)
    found = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        rows = model._default_manager.filter(pk__in=ids)
        if issubclass(model, Page):
            rows = _pages_with_units(rows)
        if model is Campaign:
            rows = rows.select_related("unit")
        found.update({(type_id, str(obj.pk)): obj for obj in rows})
    return found


def _pages_with_units(rows) -> list:
    """Specific pages with their units, in one query per page type plus one for the units."""
    from lantoa.org.models import Unit

    pages = list(rows.specific())
    units = Unit.objects.in_bulk({page.unit_id for page in pages if getattr(page, "unit_id", None)})
    for page in pages:
        if getattr(page, "unit_id", None) in units:
            page.unit = units[page.unit_id]
    return pages


def review_url(obj) -> str:
    if isinstance(obj, Campaign):
        return optional_url("plans_campaign_review", obj.pk) or reverse(
            "wagtailsnippets_plans_campaign:edit", args=[obj.pk]
        )
    if isinstance(obj, Page):  # articles: every variant beside the article, then the editor
        return optional_url("content_variants", obj.pk) or reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return ""


# --- Upper levels: channels to verify, lower units late


def channels_to_verify(user, today: datetime.date) -> Listing:
    """The verification queue's first channels and its length (two queries)."""
    from lantoa.channels.queries import verification_queue

    queue = verification_queue(user, today)
    return Listing(rows=list(queue[:LIMIT]), total=queue.order_by().count())


@dataclass
class LateUnitRow:
    unit_id: int
    name: str
    late: int
    oldest_due: datetime.date


def late_lower_units(user, today: datetime.date) -> Listing:
    """Units below mine with overdue tasks: how many, and the longest late first (two
    queries)."""
    where = footing(user)
    if not where.has_lower_units:
        return Listing()
    late = UnitTask.objects.filter(status=TaskStatus.PENDING, due_on__lt=today, unit__valid_to__isnull=True)
    if not where.everything:
        # Below the units of my roles (their subtrees are always mine to read): path ranges.
        late = late.filter(scope.strictly_below_q(where.paths, "unit__path"))
    late = late.exclude(unit__in=my_units(where))
    counts = late.aggregate(units=Count("unit", distinct=True), tasks=Count("pk"))
    grouped = (
        late.values("unit_id", "unit__name")
        .annotate(late=Count("pk"), oldest=Min("due_on"))
        .order_by("oldest", "unit__name")[:LIMIT]
    )
    rows = [LateUnitRow(g["unit_id"], g["unit__name"], g["late"], g["oldest"]) for g in grouped]
    return Listing(rows=rows, total=counts["units"], extra={"tasks": counts["tasks"]})


# --- Finance: approved campaigns with spending to record


@dataclass
class SpendingRow:
    campaign: Campaign
    open_lines: int
    lines: int
    url: str


def spending_to_record(user, today: datetime.date) -> Listing:
    """Approved campaigns, not closed, of units where the user records spending, that
    still have budget lines without the amount spent; the earliest start first (two queries)."""
    campaigns = Campaign.objects.filter(live=True, closed_on__isnull=True)
    campaigns = scope.scope_queryset(campaigns, user, perm=SPENDING_PERMISSION)
    campaigns = campaigns.annotate(
        open_lines=Count("budget_lines", filter=Q(budget_lines__actual__isnull=True)), lines=Count("budget_lines")
    ).filter(open_lines__gt=0)
    total = campaigns.count()
    found = campaigns.select_related("unit").order_by("start_date", "pk")[:LIMIT]
    rows = [SpendingRow(c, c.open_lines, c.lines, reverse("plans_record_spending", args=[c.pk])) for c in found]
    return Listing(rows=rows, total=total)


# --- Workers' cases: the critical ones still open, and those assigned to me

INBOX_VIEW = "inbox.view_case"


@dataclass
class CaseRow:
    case: object
    url: str
    due_text: str
    overdue: bool


def _open_cases(user):
    """The open cases (not answered, not closed) the inbox list shows the user: none to one
    no role lets read cases (no query without the permission)."""
    if not user.has_perm(INBOX_VIEW):
        return None
    return readable_cases(user).filter(status__in=(CaseStatus.NEW, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS))


def _case_rows(cases) -> list[CaseRow]:
    now = timezone.now()
    return [
        CaseRow(
            case=case,
            url=reverse("inbox_case", args=[case.pk]),
            due_text=date_format(timezone.localtime(case.due_at), "d/m/Y H:i") if case.due_at else "",
            overdue=bool(case.due_at and case.due_at < now),
        )
        for case in cases
    ]


def critical_cases(user, today: datetime.date) -> Listing:
    """Open critical cases (a stoppage, an accident) the user reads, the newest first (two queries)."""
    cases = _open_cases(user)
    if cases is None:
        return Listing()
    cases = cases.filter(urgency=Urgency.CRITICAL)
    total = cases.count()
    found = cases.select_related("unit").order_by("-opened_at", "-pk")[:LIMIT] if total else []
    return Listing(rows=_case_rows(found), total=total)


def cases_assigned_to_me(user, today: datetime.date) -> Listing:
    """Open cases assigned to the user, in the units where they still read cases, the
    nearest deadline first (two queries)."""
    cases = _open_cases(user)
    if cases is None:
        return Listing()
    cases = cases.filter(assignee=user)
    total = cases.count()
    ordering = (F("due_at").asc(nulls_last=True), "opened_at", "pk")
    found = cases.select_related("unit").order_by(*ordering)[:LIMIT] if total else []
    return Listing(rows=_case_rows(found), total=total)
