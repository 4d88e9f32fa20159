"""History screens whose date filter refuses days the database cannot compare.

Wagtail's history filters turn a day into an aware datetime at midnight in TIME_ZONE;
01/01/0001 in Asia/Ho_Chi_Minh lies before year 1 in UTC, so the query raised
OverflowError (a 500). Here each day must lie between FIRST_DAY and LAST_DAY, and one
outside is a form error in Vietnamese, with the typed text kept in the filter.

Wagtail has no hook for a report's filters, so the site history report is replaced by a
subclass served at the same address (`lantoa.urls` puts it before Wagtail's admin URLs);
other history views use `bounded_history_view`.
"""

from __future__ import annotations

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_filters.fields import DateRangeField
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.views.reports.audit_logging import LogEntriesView

FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(9999, 12, 31)


def check_day_in_range(day: datetime.date | None) -> None:
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("Write a day from %(first)s to %(last)s.")
            % {"first": FIRST_DAY.strftime("%d/%m/%Y"), "last": LAST_DAY.strftime("%d/%m/%Y")}
        )


class BoundedDateRangeField(DateRangeField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields:
            field.validators.append(check_day_in_range)


class BoundedDateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = BoundedDateRangeField


def bounded_history_filterset(filterset_class):
    """`filterset_class` with its `timestamp` filter refusing days outside FIRST_DAY..LAST_DAY."""
    timestamp = BoundedDateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    return type(filterset_class.__name__, (filterset_class,), {"timestamp": timestamp})


def bounded_history_view(view_class):
    """A history view (or report) class whose date filter is bounded."""
    attrs = {"filterset_class": bounded_history_filterset(view_class.filterset_class)}
    return type(view_class.__name__, (view_class,), attrs)


SiteHistoryView = bounded_history_view(LogEntriesView)


def site_history_view(**initkwargs):
    """As Wagtail's admin URLs wrap their views: admin access required, never cached."""
    return require_admin_access(never_cache(SiteHistoryView.as_view(**initkwargs)))


urlpatterns = [
    path("admin/reports/site-history/", site_history_view(), name="lantoa_site_history"),
    path(
        "admin/reports/site-history/results/",
        site_history_view(results_only=True),
        name="lantoa_site_history_results",
    ),
]
