"""The trade-union calendar: lunar dates, Vietnam's public holidays and the union's recurring events.

Plain Python, no models: a later step stores events and renders the month view.

    tet(2026)                                   # date(2026, 2, 17)
    lunar_date(date(2025, 7, 25))               # LunarDay(day=1, month=6, year=2025, leap=True)
    holidays(2026)                              # {date(2026, 1, 1): "Tết Dương lịch", ...}
    add_working_days(date(2026, 2, 13), 1)      # date(2026, 2, 23): the whole Tết break is skipped
    events_between(date(2025, 12, 15), date(2026, 2, 20))   # Tết Dương lịch, Tết Sum vầy, Tết Nguyên đán ...
    suggestions_due(date(2026, 4, 10))          # Tháng Công nhân (1/5 minus 21 days) ...
    month_grid(2026, 5)                         # weeks of DayCell, Monday first

Lunar dates come from ``lunar_vn`` (Hồ Ngọc Đức's algorithm, UTC+7, 1900–2100). The supported
range here is the solar years 1901–2099, so that every lunar year met has both its neighbours.

Public holidays follow Bộ luật Lao động 2019: Article 112 §1 lists the days, Article 112 §3 lets the
Prime Minister fix the Tết days and the second National Day day each year, and Article 111 §3 gives a
compensatory day (nghỉ bù) on the next working day when a holiday falls on the weekly rest day.
Government decisions are data: see ``HolidayRules``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Literal, NamedTuple

from lunar_vn import LunarDate, lunar_to_solar, solar_to_lunar

ONE_DAY = dt.timedelta(days=1)
MIN_YEAR = 1901
MAX_YEAR = 2099


# --------------------------------------------------------------------------------------------------
# Lunar calendar
# --------------------------------------------------------------------------------------------------


class LunarDay(NamedTuple):
    """A lunar date as ``(day, month, year, leap)``; ``year`` is the lunar year (it starts at Tết)."""

    day: int
    month: int
    year: int
    leap: bool


@lru_cache(maxsize=4096)
def lunar_date(day: dt.date) -> LunarDay:
    """The Vietnamese lunar date of a solar date."""
    lunar = solar_to_lunar(day)
    return LunarDay(lunar.day, lunar.month, lunar.year, lunar.leap)


def solar_date(day: int, month: int, year: int, leap: bool = False) -> dt.date:
    """The solar date of a lunar date.

    Raises ``ValueError`` when the lunar date does not exist: day 30 of a 29-day month, or ``leap``
    for a month that is not that year's leap month (``lunar_vn`` alone would roll day 30 over).
    """
    solar = lunar_to_solar(LunarDate(day, month, year, leap=leap))
    if lunar_date(solar) != (day, month, year, leap):
        raise ValueError(f"lunar date {day}/{month}{' (leap)' if leap else ''}/{year} does not exist")
    return solar


@lru_cache(maxsize=512)
def tet(year: int) -> dt.date:
    """Tết Nguyên đán (lunar 1/1) of the lunar year that starts in the solar year ``year``."""
    return solar_date(1, 1, year)


def last_day_of_lunar_year(lunar_year: int) -> dt.date:
    """The last day of a lunar year (29 or 30 tháng Chạp): the day before the next Tết."""
    return tet(lunar_year + 1) - ONE_DAY


def lunar_month_end(month: int, year: int) -> dt.date:
    """The last day (29 or 30) of a regular, non-leap lunar month."""
    try:
        return solar_date(30, month, year)
    except ValueError:
        return solar_date(29, month, year)


def _lunar_to_solar_clamped(day: int, month: int, year: int) -> dt.date:
    """Like ``solar_date`` for a regular month, with day 30 meaning the month's last day."""
    if day == 30:
        return lunar_month_end(month, year)
    return solar_date(day, month, year)


def lunar_label(day: dt.date, *, with_month: bool = False) -> str:
    """The lunar date as printed on a Vietnamese calendar: "15", or "1/4" on the first of a lunar month.

    A leap month is written "1/6 nhuận".
    """
    lunar = lunar_date(day)
    if not (with_month or lunar.day == 1):
        return str(lunar.day)
    return f"{lunar.day}/{lunar.month}{' nhuận' if lunar.leap else ''}"


# --------------------------------------------------------------------------------------------------
# Public holidays (Bộ luật Lao động 2019, Article 112)
# --------------------------------------------------------------------------------------------------

HOLIDAY_NEW_YEAR = "Tết Dương lịch"
HOLIDAY_TET = "Tết Nguyên đán"
HOLIDAY_HUNG_KINGS = "Giỗ Tổ Hùng Vương"
HOLIDAY_VICTORY = "Ngày Chiến thắng"
HOLIDAY_LABOUR = "Ngày Quốc tế Lao động"
HOLIDAY_NATIONAL = "Quốc khánh"
COMPENSATORY_PREFIX = "Nghỉ bù"

NationalDayExtra = Literal["auto", "before", "after"]


@dataclass(frozen=True)
class TetBreak:
    """An official Tết break decided by the government for one year, weekends included.

    Every day from ``start`` to ``end`` (inclusive) is a day off named "Tết Nguyên đán"; it replaces
    the default Tết span of that year and its compensatory days. The year is ``end.year``.
    """

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start or self.start.year != self.end.year:
            raise ValueError(f"a Tết break must run forward within one year: {self.start}–{self.end}")


# The official 2025 break (Tết Ất Tỵ): 27/01–31/01 plus the weekends on either side, as given in the
# project brief; it was not checked against the government's notice here. Add later years as they
# are announced (usually in the preceding autumn).
KNOWN_TET_BREAKS: tuple[TetBreak, ...] = (TetBreak(dt.date(2025, 1, 25), dt.date(2025, 2, 2)),)


@dataclass(frozen=True)
class HolidayRules:
    """How ``holidays`` and the working-day functions read the law; every field is plain data.

    * ``weekend``: weekday numbers (Monday 0) of the weekly rest days; Saturday and Sunday as in
      state offices and union bodies.
    * ``tet_days`` and ``tet_days_before``: the Tết span when no ``TetBreak`` is given: ``tet_days``
      days (5 in Article 112) of which ``tet_days_before`` come before lunar 1/1. The default,
      1 day before, is the last day of the lunar year plus lunar 1/1–4/1.
    * ``national_day_extra``: which day next to 2/9 is the second Quốc khánh day (Article 112 §1 đ).
      "before" is 1/9, "after" is 3/9; "auto" (the default) prefers a weekday and, when both are
      weekdays, the one that joins the weekend (1/9 on a Monday, 3/9 on a Friday), else 1/9.
      "auto" gives 3/9 in 2021 and 2024 and 1/9 in 2022, 2023 and 2025, as the Prime Minister chose
      in those years as far as we know (not verified against the decisions here).
    * ``national_day_extra_days``: the adjacent day chosen by the government for given years; it wins
      over ``national_day_extra`` for its year.
    * ``tet_breaks``: official Tết breaks (``TetBreak``) by year.
    * ``extra_holidays``: other days off decided for a year, as ``(date, name)``; no compensatory day.
    * ``extra_working_days``: weekend days turned into working days (ngày làm bù) by a swap.
    """

    weekend: frozenset[int] = frozenset({5, 6})
    tet_days: int = 5
    tet_days_before: int = 1
    national_day_extra: NationalDayExtra = "auto"
    national_day_extra_days: tuple[dt.date, ...] = ()
    tet_breaks: tuple[TetBreak, ...] = KNOWN_TET_BREAKS
    extra_holidays: tuple[tuple[dt.date, str], ...] = ()
    extra_working_days: tuple[dt.date, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.tet_days_before <= self.tet_days:
            raise ValueError("tet_days_before must be between 0 and tet_days")
        if not self.weekend <= set(range(7)) or len(self.weekend) > 6:
            raise ValueError("weekend must hold weekday numbers 0–6 and leave a working day")
        for day in self.national_day_extra_days:
            if (day.month, day.day) not in ((9, 1), (9, 3)):
                raise ValueError(f"the second National Day day must be 1/9 or 3/9, not {day}")

    def is_weekend(self, day: dt.date) -> bool:
        """Whether ``day`` is a weekly rest day (not turned into a working day by a swap)."""
        return day.weekday() in self.weekend and day not in self.extra_working_days

    def tet_break(self, year: int) -> TetBreak | None:
        """The official Tết break of ``year`` if one is recorded."""
        return next((b for b in self.tet_breaks if b.end.year == year), None)


DEFAULT_RULES = HolidayRules()


def tet_span(year: int, rules: HolidayRules = DEFAULT_RULES) -> tuple[dt.date, dt.date]:
    """First and last day of the Tết holiday of ``year``: the official break if recorded, else the default span.

    Compensatory days are not included; see ``holidays``.
    """
    official = rules.tet_break(year)
    if official is not None:
        return official.start, official.end
    start = tet(year) - rules.tet_days_before * ONE_DAY
    return start, start + (rules.tet_days - 1) * ONE_DAY


def national_day_extra(year: int, rules: HolidayRules = DEFAULT_RULES) -> dt.date:
    """The second Quốc khánh day of ``year`` (1/9 or 3/9); see ``HolidayRules.national_day_extra``."""
    for day in rules.national_day_extra_days:
        if day.year == year:
            return day
    before, after = dt.date(year, 9, 1), dt.date(year, 9, 3)
    if rules.national_day_extra == "before":
        return before
    if rules.national_day_extra == "after":
        return after
    before_free, after_free = not rules.is_weekend(before), not rules.is_weekend(after)
    if before_free != after_free:
        return before if before_free else after
    if rules.is_weekend(after + ONE_DAY) and not rules.is_weekend(before - ONE_DAY):
        return after
    return before


def _statutory_holidays(year: int, rules: HolidayRules) -> list[tuple[dt.date, str]]:
    """The Article 112 days of ``year`` that earn a compensatory day, in date order."""
    days = [
        (dt.date(year, 1, 1), HOLIDAY_NEW_YEAR),
        (solar_date(10, 3, year), HOLIDAY_HUNG_KINGS),
        (dt.date(year, 4, 30), HOLIDAY_VICTORY),
        (dt.date(year, 5, 1), HOLIDAY_LABOUR),
        (dt.date(year, 9, 2), HOLIDAY_NATIONAL),
        (national_day_extra(year, rules), HOLIDAY_NATIONAL),
    ]
    if rules.tet_break(year) is None:
        start, end = tet_span(year, rules)
        days += [(start + i * ONE_DAY, HOLIDAY_TET) for i in range((end - start).days + 1)]
    return sorted(days, key=lambda item: item[0])


def _add_holiday(days: dict[dt.date, str], day: dt.date, name: str) -> None:
    """Record a holiday; two holidays on one day share it, with both names (and one compensatory day)."""
    if day in days and name not in days[day].split(" – "):
        days[day] = f"{days[day]} – {name}"
    else:
        days.setdefault(day, name)


@lru_cache(maxsize=256)
def _holidays(year: int, rules: HolidayRules) -> Mapping[dt.date, str]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} out of the supported range {MIN_YEAR}–{MAX_YEAR}")
    statutory = _statutory_holidays(year, rules)
    days: dict[dt.date, str] = {}
    for day, name in statutory:
        _add_holiday(days, day, name)
    official = rules.tet_break(year)
    if official is not None:
        for i in range((official.end - official.start).days + 1):
            _add_holiday(days, official.start + i * ONE_DAY, HOLIDAY_TET)
    for day, name in rules.extra_holidays:
        if day.year == year:
            _add_holiday(days, day, name)
    for day in dict.fromkeys(day for day, _ in statutory):  # one compensatory day per date
        if not rules.is_weekend(day):
            continue
        substitute = day + ONE_DAY
        while rules.is_weekend(substitute) or substitute in days:
            substitute += ONE_DAY
        days[substitute] = f"{COMPENSATORY_PREFIX} {days[day]}"
    return dict(sorted(days.items()))


def holidays(year: int, rules: HolidayRules = DEFAULT_RULES) -> dict[dt.date, str]:
    """Vietnam's public holidays of a solar year, with their Vietnamese names, in date order.

    Tết Dương lịch 1/1; Tết Nguyên đán (``tet_span``); Giỗ Tổ Hùng Vương lunar 10/3; Ngày Chiến thắng
    30/4; Ngày Quốc tế Lao động 1/5; Quốc khánh 2/9 and ``national_day_extra``; the ``extra_holidays``
    of ``rules``; and "Nghỉ bù …" days: a statutory holiday on a weekend moves to the next working day
    that is not already a day off (30/4 on Saturday and 1/5 on Sunday give Monday 2/5 and Tuesday 3/5).
    An official Tết break lists every day, weekends included, and earns no compensatory day.
    """
    return dict(_holidays(year, rules))


def holiday_name(day: dt.date, rules: HolidayRules = DEFAULT_RULES) -> str | None:
    """The name of the holiday on ``day``, or ``None``."""
    return _holidays(day.year, rules).get(day)


def is_working_day(day: dt.date, rules: HolidayRules = DEFAULT_RULES) -> bool:
    """Whether ``day`` is neither a weekly rest day (Saturday, Sunday by default) nor a holiday."""
    return not rules.is_weekend(day) and day not in _holidays(day.year, rules)


def add_working_days(start: dt.date, n: int, rules: HolidayRules = DEFAULT_RULES) -> dt.date:
    """The ``n``-th working day after ``start`` (before it when ``n`` is negative).

    ``start`` itself is never counted: one working day after a Friday is the Monday, and after a
    Saturday too. ``n == 0`` returns ``start`` when it is a working day, else the next working day.
    """
    step = ONE_DAY if n >= 0 else -ONE_DAY
    day = start
    if n == 0:
        while not is_working_day(day, rules):
            day += ONE_DAY
        return day
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day, rules):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date, rules: HolidayRules = DEFAULT_RULES) -> int:
    """Working days from ``a`` to ``b``: those after ``a`` up to and including ``b``.

    Negative when ``b`` is before ``a`` (the working days from ``b`` included to ``a`` excluded), so that
    ``working_days_between(a, add_working_days(a, n)) == n`` for every ``n != 0``.
    """
    if b < a:
        return -working_days_between(b - ONE_DAY, a - ONE_DAY, rules)
    return sum(is_working_day(a + i * ONE_DAY, rules) for i in range(1, (b - a).days + 1))


# --------------------------------------------------------------------------------------------------
# Union events
# --------------------------------------------------------------------------------------------------


class EventKind(StrEnum):
    """How an event's dates are defined."""

    SOLAR_DAY = "solar_day"
    SOLAR_PERIOD = "solar_period"
    LUNAR_DAY = "lunar_day"
    LUNAR_PERIOD = "lunar_period"
    ONE_OFF = "one_off"


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event, with its solar dates (``end`` inclusive).

    ``suggest_on`` is the day to propose a campaign or content; ``key`` is stable across runs and can
    serve as an idempotency key (for ``lantoa.lib.tasks.enqueue_once``) or a unique database key.
    ``anniversary`` is the count of years since the original event (97 for 28/7/2026), when known.
    """

    code: str
    name: str
    kind: EventKind
    start: dt.date
    end: dt.date
    lead_days: int
    anniversary: int | None = None

    @property
    def suggest_on(self) -> dt.date:
        """``start`` minus ``lead_days``."""
        return self.start - self.lead_days * ONE_DAY

    @property
    def key(self) -> str:
        """``"<code>:<start ISO date>"``, unique per occurrence."""
        return f"{self.code}:{self.start.isoformat()}"

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` is within the occurrence."""
        return self.start <= day <= self.end

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """Whether the occurrence shares at least one day with ``start``–``end``."""
        return self.start <= end and start <= self.end


@dataclass(frozen=True)
class RecurringEvent:
    """A yearly event fixed by a solar or lunar day, or a period between two such days.

    ``day``/``month`` is the start; ``end_day``/``end_month`` the inclusive end of a period, in the
    next year when it comes before the start. A solar end day past the month's length means its last
    day; lunar day 30 means the last day of the lunar month (29 or 30). Lunar dates use the regular,
    non-leap month. ``since`` is the year of the original event, for anniversaries.
    """

    code: str
    name: str
    kind: EventKind
    day: int
    month: int
    end_day: int | None = None
    end_month: int | None = None
    lead_days: int = 7
    since: int | None = None

    def __post_init__(self) -> None:
        if self.kind is EventKind.ONE_OFF:
            raise ValueError("one-off events are OneOffEvent, not RecurringEvent")
        is_period = self.kind in (EventKind.SOLAR_PERIOD, EventKind.LUNAR_PERIOD)
        if is_period != (self.end_day is not None and self.end_month is not None):
            raise ValueError(f"{self.code}: a period needs end_day and end_month, a day must not have them")
        if self.lead_days < 0:
            raise ValueError(f"{self.code}: lead_days must not be negative")

    @property
    def is_lunar(self) -> bool:
        """Whether the dates are lunar."""
        return self.kind in (EventKind.LUNAR_DAY, EventKind.LUNAR_PERIOD)

    def occurrence(self, year: int) -> Occurrence:
        """The occurrence that starts in ``year`` (the lunar year for lunar events)."""
        if self.is_lunar:
            start = _lunar_to_solar_clamped(self.day, self.month, year)
        else:
            start = _solar_clamped(self.day, self.month, year)
        end = start
        if self.end_day is not None and self.end_month is not None:
            end_year = year + 1 if (self.end_month, self.end_day) < (self.month, self.day) else year
            if self.is_lunar:
                end = _lunar_to_solar_clamped(self.end_day, self.end_month, end_year)
            else:
                end = _solar_clamped(self.end_day, self.end_month, end_year)
        anniversary = start.year - self.since if self.since is not None else None
        return Occurrence(self.code, self.name, self.kind, start, end, self.lead_days, anniversary)


@dataclass(frozen=True)
class OneOffEvent:
    """An event that happens once (a congress, a conference), passed in by the caller."""

    code: str
    name: str
    start: dt.date
    end: dt.date | None = None
    lead_days: int = 14

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"{self.code}: end before start")
        if self.lead_days < 0:
            raise ValueError(f"{self.code}: lead_days must not be negative")

    def occurrence(self) -> Occurrence:
        """The event as an ``Occurrence``."""
        return Occurrence(self.code, self.name, EventKind.ONE_OFF, self.start, self.end or self.start, self.lead_days)


def _solar_clamped(day: int, month: int, year: int) -> dt.date:
    """``date(year, month, day)``, with a day past the month's end meaning its last day."""
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return min(dt.date(year, month, 1) + (day - 1) * ONE_DAY, next_month - ONE_DAY)


def _solar_day(
    code: str, name: str, day: int, month: int, lead_days: int = 7, since: int | None = None
) -> RecurringEvent:
    return RecurringEvent(code, name, EventKind.SOLAR_DAY, day, month, lead_days=lead_days, since=since)


UNION_EVENTS: tuple[RecurringEvent, ...] = (
    _solar_day("tet_duong_lich", "Tết Dương lịch", 1, 1),
    _solar_day("thanh_lap_dang", "Ngày thành lập Đảng Cộng sản Việt Nam", 3, 2, 14, since=1930),
    _solar_day("quoc_te_phu_nu", "Ngày Quốc tế Phụ nữ", 8, 3),
    _solar_day("giai_phong_mien_nam", "Ngày Giải phóng miền Nam, thống nhất đất nước", 30, 4, 14, since=1975),
    _solar_day("quoc_te_lao_dong", "Ngày Quốc tế Lao động", 1, 5, 14),
    _solar_day("sinh_nhat_bac_ho", "Ngày sinh Chủ tịch Hồ Chí Minh", 19, 5, since=1890),
    _solar_day("gia_dinh_viet_nam", "Ngày Gia đình Việt Nam", 28, 6, since=2001),
    _solar_day("thanh_lap_cong_doan", "Ngày thành lập Công đoàn Việt Nam", 28, 7, 21, since=1929),
    _solar_day("quoc_khanh", "Ngày Quốc khánh", 2, 9, 14, since=1945),
    _solar_day("phu_nu_viet_nam", "Ngày Phụ nữ Việt Nam", 20, 10, since=1930),
    _solar_day("nha_giao_viet_nam", "Ngày Nhà giáo Việt Nam", 20, 11, since=1982),
    _solar_day("thanh_lap_qdnd", "Ngày thành lập Quân đội nhân dân Việt Nam", 22, 12, since=1944),
    RecurringEvent("thang_cong_nhan", "Tháng Công nhân", EventKind.SOLAR_PERIOD, 1, 5, 31, 5, lead_days=21),
    RecurringEvent(
        "thang_atvsld",
        "Tháng hành động về an toàn, vệ sinh lao động",
        EventKind.SOLAR_PERIOD,
        1,
        5,
        31,
        5,
        lead_days=21,
    ),
    RecurringEvent("tet_sum_vay", "Tết Sum vầy", EventKind.LUNAR_PERIOD, 15, 12, 30, 12, lead_days=30),
    RecurringEvent("tet_nguyen_dan", "Tết Nguyên đán", EventKind.LUNAR_DAY, 1, 1, lead_days=14),
    RecurringEvent("gio_to_hung_vuong", "Giỗ Tổ Hùng Vương", EventKind.LUNAR_DAY, 10, 3),
)


def event_by_code(code: str, events: Sequence[RecurringEvent] = UNION_EVENTS) -> RecurringEvent:
    """The event with that code; ``KeyError`` if none."""
    for event in events:
        if event.code == code:
            return event
    raise KeyError(code)


def with_lead_days(
    lead_days: Mapping[str, int], events: Sequence[RecurringEvent] = UNION_EVENTS
) -> tuple[RecurringEvent, ...]:
    """A copy of ``events`` with some ``lead_days`` changed, by code; ``KeyError`` for an unknown code."""
    unknown = set(lead_days) - {event.code for event in events}
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    return tuple(replace(e, lead_days=lead_days[e.code]) if e.code in lead_days else e for e in events)


def events_between(
    start: dt.date,
    end: dt.date,
    extra: Iterable[OneOffEvent] = (),
    events: Sequence[RecurringEvent] = UNION_EVENTS,
) -> list[Occurrence]:
    """Every occurrence that shares at least one day with ``start``–``end`` (inclusive), by start date.

    Recurring ``events`` and the caller's one-off events (``extra``) are merged; ranges may span any
    number of years. A period already running on ``start`` is included.
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if start.year < MIN_YEAR or end.year > MAX_YEAR:
        raise ValueError(f"dates out of the supported range {MIN_YEAR}–{MAX_YEAR}")
    found: dict[str, Occurrence] = {}
    for event in events:
        # A solar period may start the year before; a lunar year starts in January or February,
        # so lunar dates of the year before can fall in this solar year.
        first = start.year - (2 if event.is_lunar else 1)
        for year in range(max(first, MIN_YEAR - 1), end.year + 1):
            occurrence = event.occurrence(year)
            if occurrence.overlaps(start, end):
                found[occurrence.key] = occurrence
    for one_off in extra:
        occurrence = one_off.occurrence()
        if occurrence.overlaps(start, end):
            found[occurrence.key] = occurrence
    return sorted(found.values(), key=lambda o: (o.start, o.end, o.code))


def suggestions_due(
    today: dt.date,
    window_days: int = 0,
    extra: Iterable[OneOffEvent] = (),
    events: Sequence[RecurringEvent] = UNION_EVENTS,
) -> list[Occurrence]:
    """Occurrences whose ``suggest_on`` (start minus ``lead_days``) is ``today``.

    A daily task calls it once a day and gets each occurrence on exactly one day. ``window_days`` also
    returns those whose suggestion day was up to that many days before ``today``, to catch up after an
    outage; the caller then skips the ``Occurrence.key`` values it has already handled.
    """
    if window_days < 0:
        raise ValueError("window_days must not be negative")
    extra = tuple(extra)
    leads = [e.lead_days for e in events] + [e.lead_days for e in extra] or [0]
    earliest = today - window_days * ONE_DAY
    candidates = events_between(earliest + min(leads) * ONE_DAY, today + max(leads) * ONE_DAY, extra, events)
    return [o for o in candidates if earliest <= o.suggest_on <= today]


# --------------------------------------------------------------------------------------------------
# Month view
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCell:
    """One day of ``month_grid``.

    ``lunar_label`` is what a Vietnamese calendar prints under the solar day: the lunar day, with the
    lunar month on lunar day 1 and on the first day of the solar month ("1/4", "1/6 nhuận", "14/3").
    ``events`` are the union occurrences covering the day (a month-long period is on each of its days).
    """

    date: dt.date
    in_month: bool
    lunar: LunarDay
    lunar_label: str
    holiday: str | None
    is_weekend: bool
    is_working_day: bool
    events: tuple[Occurrence, ...]

    @property
    def lunar_day(self) -> int:
        """The lunar day of the month."""
        return self.lunar.day

    @property
    def lunar_month(self) -> int:
        """The lunar month."""
        return self.lunar.month


def month_grid(
    year: int,
    month: int,
    extra: Iterable[OneOffEvent] = (),
    events: Sequence[RecurringEvent] = UNION_EVENTS,
    rules: HolidayRules = DEFAULT_RULES,
) -> list[list[DayCell]]:
    """The weeks (Monday first, 4 to 6 of them) of a month view, days of the neighbouring months included."""
    first = dt.date(year, month, 1)
    last = _solar_clamped(31, month, year)
    grid_start = first - first.weekday() * ONE_DAY
    grid_end = last + (6 - last.weekday()) * ONE_DAY
    occurrences = events_between(grid_start, grid_end, extra, events)
    weeks: list[list[DayCell]] = []
    day = grid_start
    while day <= grid_end:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append(
            DayCell(
                date=day,
                in_month=day.month == month,
                lunar=lunar_date(day),
                lunar_label=lunar_label(day, with_month=day == first),
                holiday=holiday_name(day, rules),
                is_weekend=rules.is_weekend(day),
                is_working_day=is_working_day(day, rules),
                events=tuple(o for o in occurrences if o.covers(day)),
            )
        )
        day += ONE_DAY
    return weeks
