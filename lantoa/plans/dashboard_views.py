"""The plan dashboard and its drill-down down the union tree (issue #4, item 6).

Every figure comes from `lantoa.plans.progress`, the one source the exports and the API
also read: today's view from the rollups, any past day computed from dated rows. A plan
received from above shows a lower unit the plan-wide figures, the campaigns of its own
subtree and of the units above it, and its own line of each target's drill-down.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lantoa.lib.query_params import object_id
from lantoa.lib.tasks import enqueue_once
from lantoa.org import paths, scope
from lantoa.org.models import UnitState
from lantoa.org.views import TitledAdminView
from lantoa.vi import formats

from . import actions, charts, progress, queries, tasks
from .models import Plan, Target

LAGGING_LISTED = 100


# --- The day a dashboard is viewed as of


def requested_day(raw: str | None) -> tuple[datetime.date | None, str]:
    """The `ngay` query parameter (dd/mm/yyyy or ISO): (day, "") when it is a day up to
    today, (None, "") when absent, (None, message) when it cannot be used (the message the
    API answers to the same `as_of`); None means the plan's default day."""
    if not (raw or "").strip():
        return None, ""
    try:
        return progress.parse_day(raw), ""
    except ValidationError as refused:
        latest = gettext("Showing the latest figures instead.")
        return None, f"{refused.messages[0]} {latest}"


def with_query(url: str, **params) -> str:
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def optional_url(name: str, *args) -> str:
    """The URL of a screen another part of the project provides, or "" while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- Rows the templates show


@dataclass
class TargetRow:
    progress: progress.TargetProgress
    value_text: str
    goal_text: str
    ratio_text: str
    chart: str
    detail_url: str
    computing: bool
    value_heading: str = ""


def value_heading(day: datetime.date) -> str:
    """ "Current value" for today's figures, "Result on dd/mm/yyyy" for any other day's."""
    if day == timezone.localdate():
        return gettext("Current value")
    return gettext("Result on %(day)s") % {"day": formats.date(day)}


def ratio_text(item: progress.TargetProgress) -> str:
    if item.numerator is None or item.denominator is None:
        return ""
    return f"{formats.number(item.numerator)}/{formats.number(item.denominator)}"


def target_chart(item: progress.TargetProgress, chart_id: str) -> str:
    measure = item.kind.measure
    return charts.trend_chart(
        item.trend,
        title=gettext("Trend of “%(target)s”") % {"target": item.target.title},
        description=charts.describe_trend(item.trend, measure),
        goal=item.target_value,
        check_days=item.target.check_days(),
        measure=measure,
        chart_id=chart_id,
    )


def target_row(
    item: progress.TargetProgress, *, detail_url: str, computing: bool = False, chart_id: str = ""
) -> TargetRow:
    """A target's figures as text; with `chart_id`, its trend chart too."""
    measure = item.kind.measure
    return TargetRow(
        progress=item,
        value_text=charts.format_measure(item.value, measure),
        goal_text=charts.format_measure(item.target_value, measure),
        ratio_text=ratio_text(item),
        chart=target_chart(item, chart_id) if chart_id else "",
        detail_url=detail_url,
        computing=computing,
        value_heading=value_heading(item.day),
    )


def refresh_missing(plan_progress: progress.PlanProgress) -> set[int]:
    """Ask the worker for today's rollups of targets that have none yet (once a day each)."""
    if plan_progress.live:
        return set()
    missing = {item.target.pk for item in plan_progress.targets if item.status == progress.Status.NO_DATA}
    for target_id in sorted(missing):
        key = f"plans.refresh-missing:{target_id}:{plan_progress.day.isoformat()}"
        enqueue_once(tasks.refresh_targets, [target_id], None, key=key)
    return missing


@dataclass
class CampaignRow:
    campaign: object
    state: str
    estimate: str
    actual: str
    reached: str
    cost_per_reach: str


def campaign_row(figures: progress.CampaignFigures) -> CampaignRow:
    """A campaign's figures of the day shown, as text."""
    reached, cost = figures.people_reached, figures.cost_per_reach
    return CampaignRow(
        campaign=figures.campaign,
        state=figures.state_label,
        estimate=formats.money(figures.estimate),
        actual=formats.money(figures.actual),
        reached=formats.number(reached) if reached is not None else "—",
        cost_per_reach=formats.money(cost) if cost is not None else "—",
    )


def export_links(plan: Plan, ngay: str) -> list[dict]:
    links = [
        (_("Plan (.docx)"), "plans_export_plan_docx", ""),
        (_("Progress report (.docx)"), "plans_report_signer", ngay),  # a form first: who signs it
        (_("Progress report (.xlsx)"), "plans_export_report_xlsx", ngay),
    ]
    return [
        {"label": label, "url": with_query(url, ngay=day), "download": name != "plans_report_signer"}
        for label, name, day in links
        if (url := optional_url(name, plan.pk))
    ]


# --- Views


class PlanScreenMixin(TitledAdminView):
    """A screen of one plan: fetched through the scope accessor, viewed as of `ngay`."""

    header_icon = "table"
    received_plans_too = False

    def dispatch(self, request, *args, **kwargs):
        self.plan = queries.access_plan(request.user, kwargs["pk"], received=self.received_plans_too)
        self.day, self.day_error = requested_day(request.GET.get("ngay"))
        return super().dispatch(request, *args, **kwargs)

    @property
    def ngay(self) -> str:
        """The `ngay` to pass along in links: empty for the default day."""
        return formats.date(self.day) if self.day else ""

    def dashboard_url(self) -> str:
        return with_query(reverse("plans_dashboard", args=[self.plan.pk]), ngay=self.ngay)

    def plan_breadcrumbs(self) -> list[dict]:
        items = [{"url": reverse("wagtailadmin_home"), "label": _("Home")}]
        if index := optional_url("plan:index"):
            items.append({"url": index, "label": _("Plans")})
        return items


class PlanDashboardView(PlanScreenMixin, TemplateView):
    template_name = "plans/dashboard.html"
    page_title = _("Plan dashboard")
    received_plans_too = True  # plan-wide figures, the viewer's campaigns, the viewer's own lines

    def get_page_subtitle(self):
        return self.plan.reference

    def get_breadcrumbs_items(self):
        return [*self.plan_breadcrumbs(), {"url": "", "label": f"{self.get_page_title()} {self.plan.reference}"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = progress.plan_progress(self.plan, self.day, viewer=self.request.user)
        computing = refresh_missing(figures)
        lines = queries.drill_units(self.request.user, [item.target for item in figures.targets], figures.day)
        targets = [
            target_row(
                item,
                detail_url=self.line_url(item.target, lines.get(item.target.pk)),
                computing=item.target.pk in computing,
                chart_id=f"trend-{item.target.pk}",
            )
            for item in figures.targets
        ]
        context.update(
            plan=self.plan,
            figures=figures,
            targets=targets,
            campaigns=[campaign_row(row) for row in figures.campaign_rows],
            budget={key: formats.money(value) for key, value in figures.budget.items()},
            exports=export_links(self.plan, self.ngay),
            edit_url=self.edit_url(),
            day_error=self.day_error,
            shown_day=figures.day,
            live=figures.live,
            today_url=reverse("plans_dashboard", args=[self.plan.pk]),
            themes=list(self.plan.themes.all()),
            propose_url=self.propose_url(),
            responsibilities=responsibility_rows(self.plan, figures.day, self.request.user),
            adopt_url=self.adopt_url(),
        )
        return context

    def line_url(self, target: Target, unit_id: int | None) -> str:
        """The drill-down of a target at the user's line; "" when the user has none."""
        if unit_id is None:
            return ""
        don_vi = unit_id if unit_id != target.measured_unit_id else None
        return with_query(reverse("plans_target", args=[self.plan.pk, target.pk]), don_vi=don_vi, ngay=self.ngay)

    def edit_url(self) -> str:
        """Editing the plan: for staff who may change plans of its issuing unit (a plan
        received from above is only read)."""
        user = self.request.user
        if not user.has_perm("plans.change_plan") or not scope.has_perm(
            user, "plans.change_plan", self.plan.issuing_unit_id
        ):
            return ""
        return optional_url("plan:edit", self.plan.pk)

    def adopt_url(self) -> str | None:
        """Lower units adopt the plan into their own ("cụ thể hóa", R20): units below the
        plan's where the user drafts plans (those the adopt screen offers)."""
        user = self.request.user
        lower = (
            scope.units_with_perm(user, "plans.add_plan")
            .in_subtree(self.plan.issuing_unit.path)
            .exclude(pk=self.plan.issuing_unit_id)
        )
        if not user.has_perm("plans.add_plan") or not lower.exists():
            return None
        return reverse("plans_adopt", args=[self.plan.pk])

    def propose_url(self) -> str | None:
        """Proposing a campaign on a theme: for staff who may add campaigns to this plan's unit."""
        user = self.request.user
        if not scope.has_perm(user, "plans.add_campaign", self.plan.issuing_unit_id):
            return None
        return reverse("wagtailsnippets_plans_campaign:add")


def responsibility_rows(plan: Plan, day: datetime.date, user) -> list[dict]:
    """Each responsibility with its tasks (the plan's duty handed to units) as they stood
    on `day`: handed out by then, done by then, overdue then (not done, not set aside)."""
    from django.db.models import Count, Q

    from lantoa.cascade.models import TaskStatus

    assign = scope.has_perm(user, actions.ASSIGN, plan.issuing_unit_id)
    tasks = "dispatches__tasks"
    handed = Q(dispatches__created_at__date__lte=day)
    done = Q(**{f"{tasks}__status": TaskStatus.DONE, f"{tasks}__done_on__lte": day})
    set_aside = Q(**{f"{tasks}__status": TaskStatus.NOT_APPLICABLE, f"{tasks}__done_at__date__lte": day})
    rows = plan.responsibilities.annotate(
        total=Count(tasks, filter=handed),
        done=Count(tasks, filter=handed & done),
        overdue=Count(tasks, filter=handed & Q(**{f"{tasks}__due_on__lt": day}) & ~done & ~set_aside),
    )
    return [
        {"item": r, "total": r.total, "done": r.done, "overdue": r.overdue,
         "assign_url": reverse("plans_assign", args=[r.pk]) if assign else None}
        for r in rows
    ]  # fmt: skip


@dataclass
class ChildRow:
    state: UnitState
    row: TargetRow


class TargetDrillDownView(PlanScreenMixin, TemplateView):
    """One target over a unit's subtree and each of its child units it covers, worst
    first. A lower unit reading a plan received from above opens its own line."""

    template_name = "plans/target_detail.html"
    received_plans_too = True

    def dispatch(self, request, *args, **kwargs):
        self.target_pk = kwargs["target_pk"]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.target.title

    def get_page_subtitle(self):
        return self.plan.reference

    def get_breadcrumbs_items(self):
        return [
            *self.plan_breadcrumbs(),
            {"url": self.dashboard_url(), "label": f"{gettext('Plan dashboard')} {self.plan.reference}"},
            {"url": "", "label": self.target.title},
        ]

    def get(self, request, *args, **kwargs):
        targets = Target.objects.filter(plan=self.plan).select_related("plan", "unit")
        self.target = get_object_or_404(targets, pk=self.target_pk)
        self.kind = progress.indicators.REGISTRY[self.target.indicator]
        default = progress.default_day(self.plan)
        self.view_day = self.day or default
        self.live = self.view_day != default
        self.measured = UnitState.objects.on(self.view_day).filter(unit_id=self.target.measured_unit_id).first()
        self.state = self.requested_unit(request.GET.get("don_vi"))
        return super().get(request, *args, **kwargs)

    def requested_unit(self, raw: str | None) -> UnitState | None:
        """The unit drilled into: by default the user's line (`queries.drill_units`: the
        measured unit, or the user's own unit under it); another one only when it lay in
        the measured subtree on the day, the user may read it and the figure drills down.
        None when the measured unit did not exist on the day."""
        if raw:
            unit_id = object_id(raw)
        else:
            unit_id = queries.drill_units(self.request.user, [self.target], self.view_day)[self.target.pk]
            if unit_id == self.target.measured_unit_id:  # read, or the plan-wide figure
                return self.measured
        if unit_id is None or self.measured is None:
            raise Http404
        state = UnitState.objects.on(self.view_day).filter(unit_id=unit_id).select_related("unit").first()
        if state is None or not state.path.startswith(self.measured.path):
            raise Http404
        plan_wide = unit_id == self.measured.unit_id and not self.kind.drills_down
        if not plan_wide and not (self.kind.drills_down and scope.can_read_unit(self.request.user, unit_id)):
            raise Http404
        return state

    def unit_url(self, unit_id: int | None, *, ngay: str | None = None) -> str:
        base = reverse("plans_target", args=[self.plan.pk, self.target.pk])
        return with_query(base, don_vi=unit_id, ngay=self.ngay if ngay is None else ngay)

    def current_progress(self) -> progress.TargetProgress:
        # Rollups hold the measured unit and its children on the default day; deeper is computed.
        in_rollups = self.state.unit_id == self.measured.unit_id or self.state.parent_id == self.measured.unit_id
        live = self.live or not in_rollups
        item = progress.target_progress(self.target, self.view_day, live=live, unit_id=self.state.unit_id)
        if item.status == progress.Status.NO_DATA and not live:  # rollup not written yet: compute it
            item = progress.target_progress(self.target, self.view_day, live=True, unit_id=self.state.unit_id)
        return item

    def child_rows(self) -> list[ChildRow]:
        if not self.kind.drills_down:
            return []
        pairs = progress.child_progress(self.target, self.state.unit_id, self.view_day, live=self.live)
        states = UnitState.objects.on(self.view_day).filter(unit_id__in=[u for u, _p in pairs]).select_related("unit")
        by_unit = {s.unit_id: s for s in states}
        return [
            ChildRow(by_unit[unit_id], target_row(item, detail_url=self.unit_url(unit_id)))
            for unit_id, item in pairs
            if unit_id in by_unit
        ]

    def trail(self) -> list[dict]:
        """The units from the measured unit down to the current one; those the user may not
        open (the units above a lower unit's own line) are named without a link."""
        ids = paths.ancestor_ids(self.state.path)
        ids = ids[ids.index(self.measured.unit_id) :]
        names = dict(UnitState.objects.on(self.view_day).filter(unit_id__in=ids).values_list("unit_id", "name"))
        readable = set(scope.visible_units(self.request.user).filter(pk__in=ids).values_list("pk", flat=True))
        return [
            {"name": names.get(i, "—"), "url": self.unit_url(i) if i in readable else "", "current": i == ids[-1]}
            for i in ids
        ]

    def lagging_units(self, item: progress.TargetProgress) -> dict | None:
        if self.target.indicator != "units_with_groups" or item.value is None:
            return None
        ids = item.details.get("lagging_unit_ids", [])[:LAGGING_LISTED]
        states = UnitState.objects.on(self.view_day).filter(unit_id__in=ids).select_related("unit").order_by("path")
        total = item.details.get("lagging", len(ids))
        return {"states": list(states), "total": total, "more": max(0, total - len(ids))}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan=self.plan, target=self.target, kind=self.kind, shown_day=self.view_day, live=self.live)
        context.update(day_error=self.day_error, dashboard_url=self.dashboard_url())
        context["today_url"] = self.unit_url(None, ngay="")
        if self.state is None:  # the measured unit did not exist on that day
            return context
        current = self.current_progress()
        context.update(
            unit=self.state,
            current=target_row(current, detail_url="", chart_id=f"trend-{self.target.pk}-{self.state.unit_id}"),
            children=self.child_rows(),
            trail=self.trail(),
            lagging=self.lagging_units(current),
        )
        return context


urlpatterns: list = [
    path("plans/<int:pk>/dashboard/", PlanDashboardView.as_view(), name="plans_dashboard"),
    path("plans/<int:pk>/targets/<int:target_pk>/", TargetDrillDownView.as_view(), name="plans_target"),
]
