"""When an answer is due: a number of working hours by urgency, counted in office hours
(08:00–17:00 on working days of `plans.calendar`: weekends, public holidays and the Tết
break are not), configurable in settings:

    LANTOA_INBOX_HOURS = {"critical": 4, "high": 24, "normal": 72}
    LANTOA_INBOX_OFFICE = (8, 17)

A message that arrives on a Saturday evening with 4 hours to answer is due on Monday at
12:00 (when Monday is a working day).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from lantoa.plans import calendar

DEFAULT_HOURS = {"critical": 4, "high": 24, "normal": 72}
DEFAULT_OFFICE = (8, 17)


def hours_for(urgency: str) -> int:
    return {**DEFAULT_HOURS, **getattr(settings, "LANTOA_INBOX_HOURS", {})}.get(urgency, DEFAULT_HOURS["normal"])


def office() -> tuple[int, int]:
    start, end = getattr(settings, "LANTOA_INBOX_OFFICE", DEFAULT_OFFICE)
    return int(start), int(end)


def add_working_hours(start: datetime.datetime, hours: float) -> datetime.datetime:
    """`start` plus `hours` of office time, in the site's time zone (aware in, aware out)."""
    opens, closes = office()
    local = timezone.localtime(start)
    remaining = datetime.timedelta(hours=hours)
    day = local.date()
    moment = local
    while True:
        if calendar.is_working_day(day):
            day_open = local.replace(year=day.year, month=day.month, day=day.day, hour=opens, minute=0, second=0,
                                     microsecond=0)  # fmt: skip
            day_close = day_open.replace(hour=closes)
            begin = max(moment, day_open)
            if begin < day_close:
                available = day_close - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += datetime.timedelta(days=1)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def due_at(received: datetime.datetime, urgency: str) -> datetime.datetime:
    return add_working_hours(received, hours_for(urgency))
