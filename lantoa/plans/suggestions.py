"""Campaign suggestions from the union calendar, for one user.

The recurring union events of ``calendar.UNION_EVENTS`` (with the lead days staff set in
``EventLeadTime``) and the one-off ``CalendarEvent`` rows of the units the user can read each
suggest a campaign ``lead_days`` before they start:

    suggestions_for(user, date(2026, 4, 1), horizon_days=30)
    # [Suggestion(occurrence=<Tháng Công nhân 1/5–31/5>, suggest_on=date(2026, 4, 10), lead_days=21), ...]
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.db.models import Max, Q

from lantoa.org.scope import scope_queryset

from . import calendar
from .models import CalendarEvent, EventLeadTime

ONE_OFF_PREFIX = "su_kien_"


class Suggestion(NamedTuple):
    """An occurrence to prepare for, the day to start preparing and the lead it was computed with."""

    occurrence: calendar.Occurrence
    suggest_on: datetime.date
    lead_days: int


def union_events() -> tuple[calendar.RecurringEvent, ...]:
    """``calendar.UNION_EVENTS`` with the lead days of the ``EventLeadTime`` rows (unknown codes are ignored)."""
    known = {event.code for event in calendar.UNION_EVENTS}
    overrides = {code: lead for code, lead in EventLeadTime.objects.values_list("code", "lead_days") if code in known}
    return calendar.with_lead_days(overrides)


def visible_calendar_events(user):
    """The ``CalendarEvent`` rows of the units the user can read and of the units above
    their roles: a grassroots officer sees the provincial congress too."""
    from django.db.models import Q

    from lantoa.org import paths
    from lantoa.org.models import Role

    above = {uid for path in Role.objects.filter(user=user).values_list("unit__path", flat=True)
             for uid in paths.ancestor_ids(path)}  # fmt: skip
    own = scope_queryset(CalendarEvent.objects.all(), user)
    return CalendarEvent.objects.filter(Q(pk__in=own.values("pk")) | Q(unit_id__in=above))


def as_one_off(event: CalendarEvent) -> calendar.OneOffEvent:
    """A stored one-off event as the pure calendar's ``OneOffEvent``; its code carries the row's id."""
    end = event.end if event.end and event.end >= event.start else None
    return calendar.OneOffEvent(f"{ONE_OFF_PREFIX}{event.pk}", event.title, event.start, end, event.lead_days)


def one_offs_between(user, start: datetime.date, end: datetime.date) -> list[calendar.OneOffEvent]:
    """The user's one-off events that share a day with ``start``–``end``."""
    overlapping = Q(end__gte=start) | Q(end__isnull=True, start__gte=start)
    return [as_one_off(row) for row in visible_calendar_events(user).filter(overlapping, start__lte=end)]


def one_offs_suggested_between(user, first: datetime.date, last: datetime.date) -> list[calendar.OneOffEvent]:
    """The user's one-off events whose suggestion day (start minus lead days) falls in ``first``–``last``."""
    events = visible_calendar_events(user).filter(start__gte=first)
    longest = events.aggregate(longest=Max("lead_days"))["longest"] or 0
    rows = events.filter(start__lte=last + datetime.timedelta(days=longest))
    return [event for event in map(as_one_off, rows) if first <= event.occurrence().suggest_on <= last]


def suggestions_between(
    first: datetime.date,
    last: datetime.date,
    extra: Iterable[calendar.OneOffEvent] = (),
    events: Sequence[calendar.RecurringEvent] = calendar.UNION_EVENTS,
) -> list[Suggestion]:
    """Occurrences whose suggestion day falls in ``first``–``last`` (inclusive), by suggestion day."""
    window = (last - first).days
    due = calendar.suggestions_due(last, window_days=window, extra=extra, events=events)
    found = [Suggestion(o, o.suggest_on, o.lead_days) for o in due]
    return sorted(found, key=lambda s: (s.suggest_on, s.occurrence.start, s.occurrence.code))


def suggestions_for(user, day: datetime.date, horizon_days: int = 31) -> list[Suggestion]:
    """What the user should start preparing in the ``horizon_days`` days from ``day`` (``day`` included)."""
    if horizon_days < 1:
        raise ValueError("horizon_days must be at least 1")
    last = day + datetime.timedelta(days=horizon_days - 1)
    return suggestions_between(day, last, one_offs_suggested_between(user, day, last), union_events())
