"""Indicator kinds of the inbox: how a subtree's unions hear and answer workers.

- `inbox_cases_received`: the cases opened by the day;
- `inbox_answered_on_time`: of the cases due by the day, the share first answered by
  their deadline;
- `inbox_median_first_response_hours`: the median hours from a case's opening to its
  first answer, over the cases answered by the day.

Each may be limited to one intake (portal, Zalo OA, hotline…) or one topic. A figure for a
day counts only cases opened, and answers given, on or before that day, so a past day
shows what was true then; a case counts for the unit that handled it that day (its latest
`CaseRoute` by then: a case escalated later still counts for the union that missed it).
Registered with `lantoa.plans.indicators`; imported by `InboxConfig.ready()`.
"""

from __future__ import annotations

import datetime
import statistics

from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.channels.indicators import day_end
from lantoa.org.models import UnitState
from lantoa.plans.indicators import Value, indicator, unit_ids_in_subtree

from .models import Case, CaseRoute, Intake, Topic

CASE_MODELS = ("inbox.Case", "inbox.CaseRoute", "org.UnitState")
CASE_DATES = ("opened_at", "due_at", "first_response_at", "at")
PARAMS = {
    "intake": _("channel the cases came through (empty: every channel)"),
    "topic": _("topic of the cases counted (empty: every topic)"),
}
PARAM_CHOICES = {
    "intake": [("", _("Every channel")), *Intake.choices],
    "topic": [("", _("Every topic")), *Topic.choices],
}


def cases_in(root: UnitState, day: datetime.date, *, target=None, intake: str = "", topic: str = "") -> QuerySet[Case]:
    """The cases handled in `root`'s subtree (as it was on `day`) opened by the end of
    `day` (and, for a target, since its plan started counting), of one intake or topic
    when asked."""
    end = day_end(day)
    cases = Case.objects.filter(opened_at__lt=end).alias(unit_then=unit_on(end))
    cases = cases.filter(unit_then__in=unit_ids_in_subtree(root, day))
    if intake:
        if intake not in Intake.values:
            raise ValueError(f"unknown intake {intake!r}")
        cases = cases.filter(intake=intake)
    if topic:
        if topic not in Topic.values:
            raise ValueError(f"unknown topic {topic!r}")
        cases = cases.filter(topic=topic)
    since = (target.baseline_on or target.plan.period_start) if target is not None else None
    if since is not None:
        cases = cases.filter(opened_at__gte=day_start(since))
    return cases


def unit_on(moment: datetime.datetime) -> Coalesce:
    """The unit that handled the case just before `moment` (its route then; its present
    unit for a case with no route recorded)."""
    routes = CaseRoute.objects.filter(case=OuterRef("pk"), at__lt=moment).order_by("-at", "-pk")
    return Coalesce(Subquery(routes.values("unit_id")[:1]), F("unit_id"), output_field=BigIntegerField())


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@indicator(
    "inbox_cases_received", label=_("Cases received from workers"), measure="count", uses_target=True,
    depends_on=CASE_MODELS, dates=CASE_DATES, params=PARAMS, param_choices=PARAM_CHOICES,
)  # fmt: skip
def inbox_cases_received(
    root: UnitState, day: datetime.date, *, target=None, intake: str = "", topic: str = ""
) -> Value:
    return Value(float(cases_in(root, day, target=target, intake=intake, topic=topic).count()))


@indicator(
    "inbox_answered_on_time", label=_("Cases answered within the deadline"), measure="percent", uses_target=True,
    depends_on=CASE_MODELS, dates=CASE_DATES, params=PARAMS, param_choices=PARAM_CHOICES,
)  # fmt: skip
def inbox_answered_on_time(
    root: UnitState, day: datetime.date, *, target=None, intake: str = "", topic: str = ""
) -> Value:
    """Of the cases whose answer was due by the end of `day`, the share first answered by
    then (an answer after its deadline, or none yet, is late)."""
    due = cases_in(root, day, target=target, intake=intake, topic=topic).filter(due_at__lt=day_end(day))
    on_time = Q(first_response_at__isnull=False, first_response_at__lte=F("due_at"))
    counts = due.aggregate(total=Count("pk"), on_time=Count("pk", filter=on_time))
    total, answered = counts["total"], counts["on_time"]
    return Value(round(100.0 * answered / total, 1) if total else 0.0, answered, total, {"late": total - answered})


@indicator(
    "inbox_median_first_response_hours", label=_("Median time to the first answer, in hours"), measure="hours",
    uses_target=True, depends_on=CASE_MODELS, dates=CASE_DATES, params=PARAMS, param_choices=PARAM_CHOICES,
)  # fmt: skip
def inbox_median_first_response_hours(
    root: UnitState, day: datetime.date, *, target=None, intake: str = "", topic: str = ""
) -> Value:
    """The median, in hours of the clock, from opening to first answer of the cases
    answered by the end of `day`; 0 with `answered` 0 when none was. Computed here, not in
    SQL, so SQLite and PostgreSQL give the same figure (a subtree's cases, at most)."""
    answered = cases_in(root, day, target=target, intake=intake, topic=topic).filter(first_response_at__lt=day_end(day))
    hours = [
        (first - opened).total_seconds() / 3600
        for opened, first in answered.values_list("opened_at", "first_response_at").iterator(chunk_size=2000)
    ]
    if not hours:
        return Value(0.0, details={"answered": 0})
    return Value(round(statistics.median(hours), 1), details={"answered": len(hours)})
