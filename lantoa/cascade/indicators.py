"""Indicator kinds of the cascade: how the units of a subtree did the work sent down.

- `dispatch_compliance`: of the tasks due by the day, the share settled by then (done, or
  found not to apply);
- `dispatch_on_time`: of the tasks due by the day that apply, the share done by their due day;
- `campaign_units_acted`: of the units a campaign's dispatches reached, the share that did
  at least one of its tasks.

Each may be limited to one level of the tree (a unit kind). A figure for a day counts only
dispatches sent, and tasks done, on or before that day; a task relayed to the units below
counts through theirs. Registered with `lantoa.plans.indicators`; imported by the app's
`ready()`.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lantoa.channels.indicators import campaign_id, campaign_options, day_end
from lantoa.org.models import UnitKind, UnitState
from lantoa.plans.indicators import Value, indicator, unit_ids_in_subtree

from .models import TaskStatus, UnitTask

TASK_MODELS = ("cascade.UnitTask", "cascade.Dispatch", "org.UnitState")
TASK_DATES = ("due_on", "done_on", "created_at")
LEVEL = {"unit_kind": _("level of the units counted (empty: every level)")}
LEVEL_CHOICES = {"unit_kind": [("", _("Every level")), *UnitKind.choices]}


def tasks_in(root: UnitState, day: datetime.date, *, target=None, unit_kind: str = "") -> QuerySet[UnitTask]:
    """The subtree's tasks of dispatches sent by the end of `day` (since the target's plan
    started counting), relayed ones left out."""
    tasks = UnitTask.objects.filter(
        unit_id__in=unit_ids_in_subtree(root, day), dispatch__created_at__lt=day_end(day)
    ).exclude(status=TaskStatus.RELAYED)
    if unit_kind:
        if unit_kind not in UnitKind.values:
            raise ValueError(f"unknown unit kind {unit_kind!r}")
        tasks = tasks.filter(unit__kind=unit_kind)
    since = (target.baseline_on or target.plan.period_start) if target is not None else None
    if since is not None:
        tasks = tasks.filter(due_on__gte=since)
    return tasks


def share(part: int, whole: int, details: dict | None = None) -> Value:
    return Value(round(100.0 * part / whole, 1) if whole else 0.0, part, whole, details or {})


def done_by(day: datetime.date) -> Q:
    return Q(status=TaskStatus.DONE, done_on__lte=day)


@indicator(
    "dispatch_compliance", label=_("Tasks sent down that the units settled"), measure="percent",
    uses_target=True, depends_on=TASK_MODELS, dates=TASK_DATES, params=LEVEL, param_choices=LEVEL_CHOICES,
)  # fmt: skip
def dispatch_compliance(root: UnitState, day: datetime.date, *, target=None, unit_kind: str = "") -> Value:
    due = tasks_in(root, day, target=target, unit_kind=unit_kind).filter(due_on__lte=day)
    settled = done_by(day) | Q(status=TaskStatus.NOT_APPLICABLE, done_at__lt=day_end(day))
    counts = due.aggregate(total=Count("pk"), settled=Count("pk", filter=settled))
    return share(counts["settled"], counts["total"], {"late": counts["total"] - counts["settled"]})


@indicator(
    "dispatch_on_time", label=_("Tasks sent down done by their due day"), measure="percent",
    uses_target=True, depends_on=TASK_MODELS, dates=TASK_DATES, params=LEVEL, param_choices=LEVEL_CHOICES,
)  # fmt: skip
def dispatch_on_time(root: UnitState, day: datetime.date, *, target=None, unit_kind: str = "") -> Value:
    due = tasks_in(root, day, target=target, unit_kind=unit_kind).filter(due_on__lte=day)
    applying = due.exclude(status=TaskStatus.NOT_APPLICABLE, done_at__lt=day_end(day))
    on_time = done_by(day) & Q(done_on__lte=F("due_on"))
    counts = applying.aggregate(total=Count("pk"), on_time=Count("pk", filter=on_time))
    return share(counts["on_time"], counts["total"])


@indicator(
    "campaign_units_acted", label=_("Units that acted on a campaign sent down"), measure="percent",
    uses_target=True, depends_on=(*TASK_MODELS, "plans.Campaign"), dates=TASK_DATES,
    params={"campaign": _("campaign whose dispatches are counted")}, param_choices={"campaign": campaign_options},
)  # fmt: skip
def campaign_units_acted(root: UnitState, day: datetime.date, *, campaign, target=None) -> Value:
    tasks = tasks_in(root, day, target=target).filter(dispatch__campaign_id=campaign_id(campaign))
    counts = tasks.aggregate(
        reached=Count("unit_id", distinct=True), acted=Count("unit_id", distinct=True, filter=done_by(day))
    )
    return share(counts["acted"], counts["reached"])
