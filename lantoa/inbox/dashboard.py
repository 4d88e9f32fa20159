"""The inbox dashboard's figures: how a subtree's unions hear and answer workers, as of a day.

Plain functions over a root `UnitState` (the unit as it was on the day) and a day:

- `totals`: cases received, still waiting for an answer, the share of due cases answered
  by their deadline, those waiting past their deadline, the median hours to a first answer;
- `volume_by_week`: cases received per ISO week (Monday to Sunday) and topic, the last
  `WEEKS` weeks up to the day;
- `lateness_by_unit`: for each unit directly under the root, over its whole subtree, the
  cases due and those answered late or still unanswered past their deadline;
- `by_intake`: the same per channel the cases came through.

Decisions:

- A day's figures count what was true then, as the indicators do (`indicators.cases_in`):
  cases opened by the end of the day, answers given by then, each case for the unit that had
  it that day (its `CaseRoute` then), so a case escalated later still counts for the union
  that missed its deadline.
- "By then" is the end of the day for a past day and now for today (`moment`): at 10 o'clock
  a case due tonight is not late yet. For a past day the share answered on time is exactly
  the `inbox_answered_on_time` indicator's.
- Open and closed are read from the dates, not from today's status: a case is waiting when
  it had no answer and was not closed by then.
- Everything is counted in SQL (COUNT with GROUP BY); only the median reads the answered
  cases' two dates, through the indicator function that already does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, DateField, F, OuterRef, Q, Subquery
from django.db.models.functions import Substr, Trunc
from django.utils import timezone

from lantoa.channels.indicators import day_end
from lantoa.org.models import UnitState
from lantoa.org.paths import SEGMENT

from .indicators import cases_in, day_start, inbox_median_first_response_hours
from .models import Intake, Topic

WEEKS = 12


# --- When "by then" is


def moment(day: datetime.date, now: datetime.datetime | None = None) -> datetime.datetime:
    """The end of `day`, or now when the day is not over yet."""
    now = now or timezone.now()
    return min(day_end(day), now)


def answered_by(until: datetime.datetime) -> Q:
    return Q(first_response_at__isnull=False, first_response_at__lt=until)


def waiting_at(until: datetime.datetime) -> Q:
    """No answer and not closed by `until`."""
    not_answered = Q(first_response_at__isnull=True) | Q(first_response_at__gte=until)
    not_closed = Q(closed_at__isnull=True) | Q(closed_at__gte=until)
    return not_answered & not_closed


def due_by(until: datetime.datetime) -> Q:
    return Q(due_at__isnull=False, due_at__lt=until)


# A due case is late when it was not first answered by its deadline (no answer yet is late).
LATE = Q(first_response_at__isnull=True) | Q(first_response_at__gt=F("due_at"))


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, one decimal; None when there is nothing to divide."""
    return round(100.0 * part / whole, 1) if whole else None


# --- Totals


@dataclass(frozen=True)
class Totals:
    received: int
    waiting: int
    late_waiting: int
    due: int
    on_time: int
    answered: int
    median_hours: float | None

    @property
    def late(self) -> int:
        return self.due - self.on_time

    @property
    def on_time_share(self) -> float | None:
        return share(self.on_time, self.due)


def totals(root: UnitState, day: datetime.date, *, now: datetime.datetime | None = None) -> Totals:
    until = moment(day, now)
    counts = cases_in(root, day).aggregate(
        received=Count("pk"),
        waiting=Count("pk", filter=waiting_at(until)),
        late_waiting=Count("pk", filter=waiting_at(until) & due_by(until)),
        due=Count("pk", filter=due_by(until)),
        on_time=Count("pk", filter=due_by(until) & ~LATE),
    )
    median = inbox_median_first_response_hours(root, day)
    answered = median.details["answered"]
    return Totals(**counts, answered=answered, median_hours=median.value if answered else None)


# --- Volume by topic and week


@dataclass
class Week:
    monday: datetime.date
    counts: dict[str, int] = field(default_factory=dict)  # topic → cases

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def iso_week(self) -> int:
        return self.monday.isocalendar().week


def week_mondays(day: datetime.date, weeks: int = WEEKS) -> list[datetime.date]:
    """The Mondays of the `weeks` ISO weeks ending with the one holding `day`, oldest first."""
    last = day - datetime.timedelta(days=day.weekday())
    return [last - datetime.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def volume_by_week(root: UnitState, day: datetime.date, weeks: int = WEEKS) -> list[Week]:
    """Cases received per week and topic (in the site's time zone), every week present."""
    mondays = week_mondays(day, weeks)
    rows = (
        cases_in(root, day)
        .filter(opened_at__gte=day_start(mondays[0]))
        .annotate(week=Trunc("opened_at", "week", output_field=DateField()))
        .values("week", "topic")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_monday = {monday: Week(monday) for monday in mondays}
    for row in rows:
        week = by_monday.get(row["week"])
        if week is not None:
            week.counts[row["topic"]] = week.counts.get(row["topic"], 0) + row["n"]
    return [by_monday[monday] for monday in mondays]


def topics_seen(weeks: list[Week]) -> list[str]:
    """The topics that have a case in these weeks, in the order of `Topic`."""
    seen = {topic for week in weeks for topic in week.counts}
    return [topic for topic in Topic.values if topic in seen]


# --- Lateness by unit and by channel


@dataclass(frozen=True)
class Lateness:
    key: str  # a unit id as text, or an intake
    label: str
    due: int
    late: int
    received: int = 0

    @property
    def late_share(self) -> float | None:
        return share(self.late, self.due)


def path_on(day: datetime.date) -> Subquery:
    """The path, on `day`, of the unit that had the case then (`unit_then` of `cases_in`)."""
    states = UnitState.objects.on(day).filter(unit_id=OuterRef("unit_then"))
    return Subquery(states.values("path")[:1])


def lateness_by_unit(root: UnitState, day: datetime.date, *, now: datetime.datetime | None = None) -> list[Lateness]:
    """One row per unit directly under the root on `day` (in path order), rolled up over its
    subtree, then one for the root's own cases when it has some. One GROUP BY on the first
    path segment under the root: paths are fixed-width, so that segment names the child."""
    until = moment(day, now)
    branch_length = len(root.path) + SEGMENT
    rows = (
        cases_in(root, day)
        .filter(due_by(until))
        .alias(path_then=path_on(day))
        .annotate(branch=Substr("path_then", 1, branch_length))
        .values("branch")
        .annotate(due=Count("pk"), late=Count("pk", filter=LATE))
        .order_by()
    )
    counts = {row["branch"]: (row["due"], row["late"]) for row in rows}
    children = UnitState.objects.on(day).filter(parent_id=root.unit_id).order_by("path")
    result = [
        Lateness(str(child.unit_id), child.name, *counts.get(child.path, (0, 0)))
        for child in children.only("unit_id", "name", "path")
    ]
    if root.path in counts:
        result.append(Lateness(str(root.unit_id), root.name, *counts[root.path]))
    return result


def by_intake(root: UnitState, day: datetime.date, *, now: datetime.datetime | None = None) -> list[Lateness]:
    """Per intake with a case: received, due and late, in the order of `Intake`."""
    until = moment(day, now)
    rows = (
        cases_in(root, day)
        .values("intake")
        .annotate(received=Count("pk"), due=Count("pk", filter=due_by(until)),
                  late=Count("pk", filter=due_by(until) & LATE))
        .order_by()
    )  # fmt: skip
    found = {row["intake"]: row for row in rows}
    return [
        Lateness(intake, str(label), found[intake]["due"], found[intake]["late"], found[intake]["received"])
        for intake, label in Intake.choices
        if intake in found
    ]


# --- Everything the page shows


@dataclass(frozen=True)
class Dashboard:
    root: UnitState
    day: datetime.date
    totals: Totals
    weeks: list[Week]
    units: list[Lateness]
    intakes: list[Lateness]


def dashboard(root: UnitState, day: datetime.date, *, now: datetime.datetime | None = None) -> Dashboard:
    return Dashboard(
        root=root,
        day=day,
        totals=totals(root, day, now=now),
        weeks=volume_by_week(root, day),
        units=lateness_by_unit(root, day, now=now),
        intakes=by_intake(root, day, now=now),
    )
