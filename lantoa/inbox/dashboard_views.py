"""The inbox dashboard screen ("Tổng quan hộp thư") and the cases' .xlsx download.

    /admin/inbox/dashboard/?don_vi=<unit id>&ngay=dd/mm/yyyy      inbox_dashboard
    /admin/inbox/cases/export.xlsx?status=…&topic=…&urgency=…&unit=…&q=…&don_vi=…   inbox_export

Who sees what: a user whose roles grant `inbox.view_case` (403 otherwise). The dashboard
shows, by default, the first subtree where such a role sits (`scope_roots`); `don_vi` picks
another unit, which must lie in such a subtree (404 otherwise, as for a case out of scope;
a value that is not an id is ignored). `ngay` is read as the plans dashboard reads it
(`plans.dashboard_views.requested_day`): absent, unreadable or in the future, the figures are
today's and the page says why. Figures are aggregates (lantoa/inbox/dashboard.py): no
worker's personal data shows here, so nothing is recorded.

The charts are inline SVG drawn here (as lantoa/plans/charts.py draws its trend lines: no
JavaScript, no CDN, every text through `format_html`), each followed by a table of the same
figures for screen readers and for copying.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from lantoa.lib.query_params import object_id
from lantoa.org import paths, scope
from lantoa.org.models import Unit, UnitState
from lantoa.org.views import TitledAdminView
from lantoa.plans.charts import axis_ticks, format_measure
from lantoa.plans.dashboard_views import requested_day, with_query
from lantoa.vi import formats

from . import dashboard, export
from .models import Topic
from .views import VIEW, holds

MAX_PICKER_CHILDREN = 300
MAX_CHART_UNITS = 15
# One colour per topic, in the order of `Topic` (distinct enough side by side, dark enough
# for the white gaps between stacked parts to show).
TOPIC_COLOURS = dict(zip(Topic.values, (
    "#1d4ed8", "#b45309", "#047857", "#b42318", "#7c3aed", "#0e7490",
    "#be185d", "#4d7c0f", "#9a3412", "#475569", "#a16207",
), strict=True))  # fmt: skip


# --- Which unit


def scope_roots(user) -> list[Unit]:
    """The outermost open units where a role of the user grants reading cases (the top units
    for a superuser)."""
    found = scope.scope_for(user)
    if found.everything:
        return list(Unit.objects.current().filter(parent__isnull=True).order_by("path"))
    return list(Unit.objects.filter(path__in=found.perm_prefixes.get(VIEW, ())).order_by("path"))


def requested_unit(user, raw: str | None, roots: list[Unit]) -> Unit | None:
    """The unit asked for when it is an id the user may read cases of (404 when it is not);
    the first root when none is asked or the value is no id; None when the user has no root."""
    unit_id = object_id(raw)
    if unit_id is None:
        return roots[0] if roots else None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not holds(user, VIEW, unit.pk):
        raise Http404
    return unit


def picker_units(user, unit: Unit, roots: list[Unit]) -> list[dict]:
    """The picker's choices, bounded: the roots, the chosen unit's ancestors in scope, the
    chosen unit and the units under it today (at most `MAX_PICKER_CHILDREN`)."""
    ancestors = Unit.objects.filter(pk__in=paths.ancestor_ids(unit.path)).exclude(pk=unit.pk)
    if not scope.scope_for(user).everything:
        ancestors = ancestors.filter(scope.scope_for(user).perm_q(VIEW))
    children = Unit.objects.current().filter(parent=unit).order_by("sort_name", "pk")[:MAX_PICKER_CHILDREN]
    choices, seen = [], set()
    for group, units in (("root", roots), ("above", ancestors.order_by("path")), ("self", [unit]), ("below", children)):
        for item in units:
            if item.pk not in seen:
                seen.add(item.pk)
                choices.append({"id": item.pk, "name": item.name, "below": group == "below"})
    return choices


# --- Charts

WIDTH = 640
TOP, RIGHT, BOTTOM = 14, 14, 34
BAR_HEIGHT, BAR_GAP = 18, 8
CHAR_WIDTH = 6.6
MAX_LABEL = 34  # characters of a unit's name beside its bar


def svg_open(chart_id: str, height: float, title: str, description: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="lantoa-chart" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        WIDTH, height, chart_id, chart_id, chart_id, title, chart_id, description,
    )  # fmt: skip


def svg(parts: list) -> SafeString:
    return mark_safe("".join([*parts, "</svg>"]))  # noqa: S308 - every part comes from format_html


def short(text: str, length: int = MAX_LABEL) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def week_chart(weeks: list[dashboard.Week], topics: list[str], chart_id: str = "weeks") -> SafeString:
    """Stacked columns: the cases received each week, one colour per topic."""
    height = 260
    ticks = axis_ticks(max(4, max((week.total for week in weeks), default=0)))  # whole cases: steps of 1 or more
    left = round(10 + CHAR_WIDTH * max(len(formats.number(t)) for t in ticks), 1)
    area_width, area_height = WIDTH - left - RIGHT, height - TOP - BOTTOM
    slot = area_width / max(1, len(weeks))

    def y(value: float) -> float:
        return round(TOP + area_height * (1 - value / ticks[-1]), 1)

    title = _("Cases received by week and topic")
    description = _("%(count)s cases over %(weeks)s weeks, from %(first)s to %(last)s.") % {
        "count": formats.number(sum(week.total for week in weeks)), "weeks": len(weeks),
        "first": formats.date(weeks[0].monday), "last": formats.date(weeks[-1].sunday),
    }  # fmt: skip
    parts = [svg_open(chart_id, height, title, description)]
    for tick in ticks:
        parts.append(format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d9dde3" stroke-width="1"/>'
            '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#444">{}</text>',
            left, y(tick), WIDTH - RIGHT, y(tick), left - 6, y(tick) + 4, formats.number(tick),
        ))  # fmt: skip
    for index, week in enumerate(weeks):
        x, bottom = round(left + slot * index + slot * 0.15, 1), 0
        parts.append(format_html('<g class="week" data-week="{}">', week.monday.isoformat()))
        for topic in topics:
            count = week.counts.get(topic, 0)
            if count:
                top_y = y(bottom + count)
                parts.append(format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff" stroke-width="0.5">'
                    "<title>{}: {} – {}</title></rect>",
                    x, top_y, round(slot * 0.7, 1), round(y(bottom) - top_y, 1), TOPIC_COLOURS[topic],
                    week_label(week), Topic(topic).label, formats.number(count),
                ))  # fmt: skip
                bottom += count
        parts.append(format_html(
            '</g><text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#444">{}</text>',
            round(left + slot * (index + 0.5), 1), height - BOTTOM + 16, week.monday.strftime("%d/%m"),
        ))  # fmt: skip
    parts.append(format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#6b7280" stroke-width="1"/>',
        left, height - BOTTOM, WIDTH - RIGHT, height - BOTTOM,
    ))  # fmt: skip
    return svg(parts)


def week_label(week: dashboard.Week) -> str:
    return _("Week %(number)s (%(first)s – %(last)s)") % {
        "number": week.iso_week, "first": formats.date(week.monday), "last": formats.date(week.sunday),
    }  # fmt: skip


def week_span(week: dashboard.Week) -> str:
    """ "24/08 – 30/08/2026": short enough for a table's first column on a phone."""
    return f"{week.monday:%d/%m}\u00a0– {formats.date(week.sunday)}"


def bar_chart(rows: list[tuple[str, float, str]], *, top: float, title: str, description: str, chart_id: str,
              colour: str = "#b42318") -> SafeString:  # fmt: skip
    """Horizontal bars: (label, value, text written after the bar) per row, scaled to `top`."""
    height = TOP + BOTTOM - 20 + len(rows) * (BAR_HEIGHT + BAR_GAP)
    left = round(12 + CHAR_WIDTH * max((len(label) for label, _value, _text in rows), default=4), 1)
    left = min(left, WIDTH * 0.45)
    area = WIDTH - left - RIGHT - 60
    parts = [svg_open(chart_id, height, title, description)]
    for index, (label, value, text) in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + BAR_GAP)
        width = round(area * (value / top), 1) if top else 0
        parts.append(format_html(
            '<g class="bar"><text x="{}" y="{}" text-anchor="end" font-size="11" fill="#222">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#eef0f3"/>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
            '<text x="{}" y="{}" font-size="11" fill="#222">{}</text></g>',
            left - 6, y + 13, label,
            left, y, area, BAR_HEIGHT,
            left, y, width, BAR_HEIGHT, colour, label, text,
            left + area + 6, y + 13, text,
        ))  # fmt: skip
    return svg(parts)


def lateness_chart(units: list[dashboard.Lateness], chart_id: str = "lateness") -> SafeString:
    """The share of due cases answered late or not at all, per unit: the worst
    `MAX_CHART_UNITS` units with cases due (all of them are in the table)."""
    shown = sorted((u for u in units if u.due), key=lambda u: (-u.late_share, -u.late, u.label))[:MAX_CHART_UNITS]
    if not shown:
        return mark_safe("")  # noqa: S308 - a constant empty string
    rows = [(short(u.label), u.late_share, f"{format_measure(u.late_share, 'percent')} ({u.late}/{u.due})")
            for u in shown]  # fmt: skip
    description = _("The %(count)s units with the largest share of late cases.") % {"count": len(shown)}
    return bar_chart(rows, top=100, title=_("Late cases by unit"), description=description, chart_id=chart_id)


def intake_chart(intakes: list[dashboard.Lateness], chart_id: str = "intakes") -> SafeString:
    if not intakes:
        return mark_safe("")  # noqa: S308 - a constant empty string
    rows = [(short(i.label), i.received, formats.number(i.received)) for i in intakes]
    top = axis_ticks(max(4, *(i.received for i in intakes)))[-1]
    return bar_chart(rows, top=top, title=_("Cases received by channel"), description="", chart_id=chart_id,
                     colour="#1d4ed8")  # fmt: skip


def legend(topics: list[str]) -> list[dict]:
    return [
        {
            "label": Topic(topic).label,
            "swatch": format_html(
                '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" aria-hidden="true">'
                '<rect width="12" height="12" fill="{}"/></svg>',
                TOPIC_COLOURS[topic],
            ),
        }
        for topic in topics
    ]


# --- The page


class DashboardView(TitledAdminView, TemplateView):
    template_name = "inbox/admin/dashboard.html"
    page_title = gettext_lazy("Inbox overview")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        asked, day_error = requested_day(self.request.GET.get("ngay"))
        day = asked or today
        roots = scope_roots(user)
        unit = requested_unit(user, self.request.GET.get("don_vi"), roots)
        state = UnitState.objects.on(day).filter(unit=unit).first() if unit else None
        ngay = formats.date(day) if asked else ""
        context.update(
            unit=unit,
            state=state,
            day=day,
            live=day != today,
            shown_day=day,
            day_error=day_error,
            today_url=with_query(reverse("inbox_dashboard"), don_vi=unit.pk if unit else None),
            choices=picker_units(user, unit, roots) if unit else [],
            export_url=with_query(reverse("inbox_export"), don_vi=unit.pk if unit else None),
            cases_url=reverse("inbox_cases"),
        )
        if state is not None:
            context.update(self.figures(user, state, day, ngay))
        return context

    def figures(self, user, state: UnitState, day: datetime.date, ngay: str) -> dict:
        data = dashboard.dashboard(state, day)
        topics = dashboard.topics_seen(data.weeks)
        readable = self.readable_ids([row.key for row in data.units])
        units = [
            {
                "row": row,
                "share": format_measure(row.late_share, "percent"),
                "url": with_query(reverse("inbox_dashboard"), don_vi=row.key, ngay=ngay)
                if row.key in readable and row.key != str(state.unit_id) else "",
            }
            for row in data.units
        ]  # fmt: skip
        return {
            "data": data,
            "figures": {
                "on_time": format_measure(data.totals.on_time_share, "percent"),
                "median": format_measure(data.totals.median_hours, "hours"),
            },
            "topics": [{"value": topic, "label": Topic(topic).label} for topic in topics],
            "legend": legend(topics),
            "weeks": [
                {"week": w, "label": week_label(w), "span": week_span(w), "cells": [w.counts.get(t, 0) for t in topics]}
                for w in data.weeks
            ],
            "week_chart": week_chart(data.weeks, topics) if topics else "",
            "units": units,
            "lateness_chart": lateness_chart(data.units),
            "intakes": [{"row": row, "share": format_measure(row.late_share, "percent")} for row in data.intakes],
            "intake_chart": intake_chart(data.intakes),
        }

    def readable_ids(self, keys: list[str]) -> set[str]:
        """Of these unit ids, those the user may open the dashboard of (one query)."""
        units = Unit.objects.filter(pk__in=[int(key) for key in keys])
        if not scope.scope_for(self.request.user).everything:
            units = units.filter(scope.scope_for(self.request.user).perm_q(VIEW))
        return {str(pk) for pk in units.values_list("pk", flat=True)}


urlpatterns = [
    path("inbox/dashboard/", DashboardView.as_view(), name="inbox_dashboard"),
    path("inbox/cases/export.xlsx", require_GET(export.export_view), name="inbox_export"),
]
