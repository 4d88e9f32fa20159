"""The union calendar's month view: solar and lunar dates, holidays, union events and campaign suggestions."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lantoa.org.views import TitledAdminView
from lantoa.vi import formats

from . import calendar, suggestions

MONTH_PARAM = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
# A month grid reaches into the neighbouring months and years: keep it inside calendar's range.
FIRST_MONTH = datetime.date(calendar.MIN_YEAR + 1, 1, 1)
LAST_MONTH = datetime.date(calendar.MAX_YEAR - 1, 12, 1)


def parse_month(value: str | None, today: datetime.date) -> tuple[datetime.date, str]:
    """The first day of the month in ``?thang=MM/YYYY`` and an error text; the current month when absent or bad."""
    current = today.replace(day=1)
    if not value:
        return current, ""
    match = MONTH_PARAM.match(value)
    if match:
        month, year = int(match[1]), int(match[2])
        if 1 <= month <= 12 and FIRST_MONTH.year <= year <= LAST_MONTH.year:
            return datetime.date(year, month, 1), ""
    error = _("Could not read the month “%(value)s”: write it as MM/YYYY, for example 05/2026. Showing this month.")
    return current, error % {"value": value}


def month_param(first: datetime.date) -> str:
    """``05/2026``, as ``?thang=`` reads it."""
    return first.strftime("%m/%Y")


def previous_month(first: datetime.date) -> datetime.date | None:
    before = (first - calendar.ONE_DAY).replace(day=1)
    return before if before >= FIRST_MONTH else None


def next_month(first: datetime.date) -> datetime.date | None:
    after = (first + datetime.timedelta(days=31)).replace(day=1)
    return after if after <= LAST_MONTH else None


def last_day_of(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=31)).replace(day=1) - calendar.ONE_DAY


def campaign_add_url(user) -> str | None:
    """The campaign proposal screen, when it exists and the user may propose campaigns."""
    if not user.has_perm("plans.add_campaign"):
        return None
    try:
        return reverse("wagtailsnippets_plans_campaign:add")
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class DayView:
    """One day of the month grid as the template shows it."""

    cell: calendar.DayCell
    weekday: str
    lunar_text: str
    is_tet: bool
    is_today: bool
    events: tuple[calendar.Occurrence, ...]

    @property
    def is_day_off(self) -> bool:
        return not self.cell.is_working_day


def shown_in_cell(occurrence: calendar.Occurrence, day: datetime.date) -> bool:
    """One-day events on their day; periods only on their first day (they are listed once for the month)."""
    return occurrence.start == occurrence.end or occurrence.start == day


def day_view(cell: calendar.DayCell, today: datetime.date) -> DayView:
    lunar = cell.lunar
    return DayView(
        cell=cell,
        weekday=formats.WEEKDAYS[cell.date.weekday()],
        lunar_text=calendar.lunar_label(cell.date, with_month=True),
        is_tet=(lunar.day, lunar.month, lunar.leap) == (1, 1, False),
        is_today=cell.date == today,
        events=tuple(o for o in cell.events if shown_in_cell(o, cell.date)),
    )


def month_context(user, first: datetime.date, today: datetime.date) -> dict:
    """Everything the month view shows for ``user``: the weeks, the periods running, the suggestions."""
    last = last_day_of(first)
    events = suggestions.union_events()
    grid_start = first - first.weekday() * calendar.ONE_DAY
    grid_end = last + (6 - last.weekday()) * calendar.ONE_DAY
    one_offs = suggestions.one_offs_between(user, grid_start, grid_end)
    weeks = calendar.month_grid(first.year, first.month, extra=one_offs, events=events)
    running = [o for o in calendar.events_between(first, last, one_offs, events) if o.start != o.end]
    suggested = suggestions.suggestions_between(
        first, last, suggestions.one_offs_suggested_between(user, first, last), events
    )
    return {
        "first": first,
        "weekdays": formats.WEEKDAYS,
        "weeks": [[day_view(cell, today) for cell in week] for week in weeks],
        "running": running,
        "suggestions": suggested,
        "campaign_add_url": campaign_add_url(user),
        "previous": previous_month(first),
        "next": next_month(first),
        "is_current": first == today.replace(day=1),
    }


class CalendarView(TitledAdminView, TemplateView):
    template_name = "plans/calendar.html"
    page_title = _("Union calendar")
    header_icon = "date"

    def get_page_subtitle(self):
        return formats.month(self.first).capitalize()

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        self.first, error = parse_month(self.request.GET.get("thang"), today)
        context = super().get_context_data(**kwargs)
        context.update(month_context(self.request.user, self.first, today), error=error)
        return context


urlpatterns = [path("plans/calendar/", CalendarView.as_view(), name="plans_calendar")]
