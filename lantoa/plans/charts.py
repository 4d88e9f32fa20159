"""Charts drawn by the app itself as inline SVG: no JavaScript, no CDN, readable on a phone.

Every function is pure: it takes figures and returns markup (a SafeString) in which every
piece of text went through `format_html`, so a unit or target name cannot inject markup.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lantoa.vi import formats

WIDTH, HEIGHT = 640, 260
TOP, RIGHT, BOTTOM = 18, 18, 42
CHAR_WIDTH = 6.6  # px per character at the 11px axis font, for the left margin


def format_measure(value: float | int | None, measure: str) -> str:
    """A figure as the dashboard writes it: "62,5 %", "1.234", "1.234.567 đ"; "—" when unknown."""
    if value is None:
        return "—"
    if measure == "money":
        return formats.money(value)
    decimals = 0 if float(value).is_integer() else 1
    text = formats.number(value, decimals)
    return f"{text}\u00a0%" if measure == "percent" else text


def axis_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top` (steps of 1, 2, 2.5 or 5 × 10ⁿ)."""
    top = top if top > 0 else 1.0
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude)
    return [round(i * step, 10) for i in range(math.ceil(top / step - 1e-9) + 1)]


def _tick_label(value: float, step: float, measure: str) -> str:
    if measure == "money":
        return formats.money(value)
    decimals = 0 if float(step).is_integer() else 1 if float(step * 10).is_integer() else 2
    text = formats.number(value, decimals)
    return f"{text}\u00a0%" if measure == "percent" else text


def _date_label(day: datetime.date, long_span: bool) -> str:
    return day.strftime("%m/%Y") if long_span else formats.date(day)


def _x_label_days(start: datetime.date, end: datetime.date, count: int = 5) -> list[datetime.date]:
    span = (end - start).days
    if span == 0:
        return [start]
    count = min(count, span + 1)
    return sorted({start + datetime.timedelta(days=round(span * i / (count - 1))) for i in range(count)})


class _Frame:
    """Maps days and values to the drawing area of the chart."""

    def __init__(self, start: datetime.date, end: datetime.date, top: float, left: float):
        self.start, self.days = start, max(1, (end - start).days)
        self.top, self.left = top, left
        self.width = WIDTH - left - RIGHT
        self.height = HEIGHT - TOP - BOTTOM

    def x(self, day: datetime.date) -> float:
        if self.days == 1 and day == self.start:
            return round(self.left + self.width / 2, 1)
        return round(self.left + self.width * (day - self.start).days / self.days, 1)

    def y(self, value: float) -> float:
        return round(TOP + self.height * (1 - value / self.top), 1)


def _y_axis(frame: _Frame, ticks: list[float], measure: str) -> list[SafeString]:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        parts.append(
            format_html(
                '<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d9dde3" stroke-width="1"/>'
                '<text class="y-label" x="{}" y="{}" text-anchor="end" font-size="11" fill="#444">{}</text>',
                frame.left, y, WIDTH - RIGHT, y, frame.left - 6, y + 4, _tick_label(tick, step, measure),
            )
        )  # fmt: skip
    return parts


def _x_axis(frame: _Frame, start: datetime.date, end: datetime.date) -> list[SafeString]:
    long_span = (end - start).days > 400
    baseline = HEIGHT - BOTTOM
    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#6b7280" stroke-width="1"/>',
            frame.left, baseline, WIDTH - RIGHT, baseline,
        )
    ]  # fmt: skip
    labels = _x_label_days(start, end)
    for i, day in enumerate(labels):
        anchor = "start" if i == 0 and len(labels) > 1 else "end" if i == len(labels) - 1 and i else "middle"
        parts.append(
            format_html(
                '<text class="x-label" x="{}" y="{}" text-anchor="{}" font-size="11" fill="#444">{}</text>',
                frame.x(day), baseline + 16, anchor, _date_label(day, long_span),
            )
        )  # fmt: skip
    return parts


def _check_marks(frame: _Frame, check_days: Iterable[datetime.date]) -> list[SafeString]:
    parts = []
    for day in check_days:
        x = frame.x(day)
        parts.append(
            format_html(
                '<g class="check-date"><title>{}</title>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#7c3aed" stroke-width="1" stroke-dasharray="2 3"/>'
                '<path d="M{} {} l-5 -8 h10 z" fill="#7c3aed"/></g>',
                _("Check date %(day)s") % {"day": formats.date(day)},
                x, TOP, x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM,
            )
        )  # fmt: skip
    return parts


def _goal_line(frame: _Frame, goal: float, measure: str) -> SafeString:
    y = frame.y(goal)
    return format_html(
        '<g class="goal"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b45309" stroke-width="1.5" '
        'stroke-dasharray="6 4"/><text x="{}" y="{}" text-anchor="end" font-size="11" fill="#b45309">{}</text></g>',
        frame.left, y, WIDTH - RIGHT, y, WIDTH - RIGHT, y - 5,
        _("Target: %(value)s") % {"value": format_measure(goal, measure)},
    )  # fmt: skip


def _series(frame: _Frame, points: Sequence[tuple[datetime.date, float]], measure: str) -> list[SafeString]:
    coordinates = " ".join(f"{frame.x(day)},{frame.y(value)}" for day, value in points)
    parts = [
        format_html(
            '<polyline class="trend" points="{}" fill="none" stroke="#1d4ed8" stroke-width="2.5" '
            'stroke-linejoin="round"/>',
            coordinates,
        )
    ]
    for day, value in points:
        parts.append(
            format_html(
                '<circle class="point" cx="{}" cy="{}" r="3.5" fill="#1d4ed8"><title>{}: {}</title></circle>',
                frame.x(day), frame.y(value), formats.date(day), format_measure(value, measure),
            )
        )  # fmt: skip
    return parts


def trend_chart(
    points: Sequence[tuple[datetime.date, float]],
    *,
    title: str,
    description: str = "",
    goal: float | None = None,
    check_days: Sequence[datetime.date] = (),
    measure: str = "count",
    chart_id: str = "chart",
) -> SafeString:
    """A line chart of a target's values over time, with the target value as a dashed line
    and the check dates marked. Empty markup when there is no point to draw."""
    points = sorted(points)
    if not points:
        return mark_safe("")  # noqa: S308 - a constant empty string
    days = [day for day, _value in points] + list(check_days)
    start, end = min(days), max(days)
    values = [float(value) for _day, value in points] + ([float(goal)] if goal is not None else [])
    ticks = axis_ticks(max(values))
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    longest = max(len(_tick_label(t, step, measure)) for t in ticks)
    frame = _Frame(start, end, ticks[-1], left=round(10 + CHAR_WIDTH * longest, 1))
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="lantoa-chart" viewBox="0 0 {} {}" width="100%" '
            'preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="{}-title {}-desc">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            WIDTH, HEIGHT, chart_id, chart_id, chart_id, title, chart_id, description,
        ),
        *_y_axis(frame, ticks, measure),
        *_x_axis(frame, start, end),
        *_check_marks(frame, check_days),
        *([_goal_line(frame, float(goal), measure)] if goal is not None else []),
        *_series(frame, [(day, float(value)) for day, value in points], measure),
        mark_safe("</svg>"),  # noqa: S308 - a constant closing tag
    ]  # fmt: skip
    return mark_safe("".join(parts))  # noqa: S308 - every part comes from format_html


def describe_trend(points: Sequence[tuple[datetime.date, float]], measure: str) -> str:
    """A sentence for screen readers: the first and the latest value with their dates."""
    points = sorted(points)
    if not points:
        return ""
    (first_day, first), (last_day, last) = points[0], points[-1]
    return _("From %(first)s on %(first_day)s to %(last)s on %(last_day)s.") % {
        "first": format_measure(first, measure),
        "first_day": formats.date(first_day),
        "last": format_measure(last, measure),
        "last_day": formats.date(last_day),
    }
