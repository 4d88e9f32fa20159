"""The union calendar: lunar dates, holidays, working days, union events and the month grid.

Lunar dates asserted here were checked with lunar_vn 1.4.0 (Tết 2020–2027 also in stack-notes §6).
"""

import datetime as dt

import pytest

from lantoa.plans.calendar import (
    DEFAULT_RULES,
    UNION_EVENTS,
    EventKind,
    HolidayRules,
    LunarDay,
    OneOffEvent,
    RecurringEvent,
    TetBreak,
    add_working_days,
    event_by_code,
    events_between,
    holidays,
    is_working_day,
    last_day_of_lunar_year,
    lunar_date,
    month_grid,
    national_day_extra,
    solar_date,
    suggestions_due,
    tet,
    tet_span,
    with_lead_days,
    working_days_between,
)

D = dt.date

TET = {
    2020: D(2020, 1, 25),
    2021: D(2021, 2, 12),
    2022: D(2022, 2, 1),
    2023: D(2023, 1, 22),
    2024: D(2024, 2, 10),
    2025: D(2025, 1, 29),
    2026: D(2026, 2, 17),
    2027: D(2027, 2, 6),
}


# --- lunar ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "expected"), TET.items())
def test_tet(year, expected):
    assert tet(year) == expected
    assert lunar_date(expected) == (1, 1, year, False)


@pytest.mark.parametrize(("year", "expected"), [(2024, D(2024, 4, 18)), (2025, D(2025, 4, 7))])
def test_hung_kings_lunar_10_3(year, expected):
    assert solar_date(10, 3, year) == expected
    assert lunar_date(expected) == LunarDay(10, 3, year, False)


def test_lunar_date_is_a_named_tuple():
    lunar = lunar_date(D(2026, 5, 1))
    assert lunar == (15, 3, 2026, False)
    assert (lunar.day, lunar.month, lunar.year, lunar.leap) == (15, 3, 2026, False)


def test_leap_month_2025():
    # 2025 has a leap 6th month: regular 6/2025 starts 25/6, the leap one 25/7, month 7 on 23/8.
    assert solar_date(1, 6, 2025) == D(2025, 6, 25)
    assert solar_date(1, 6, 2025, leap=True) == D(2025, 7, 25)
    assert solar_date(1, 7, 2025) == D(2025, 8, 23)
    assert lunar_date(D(2025, 7, 25)) == LunarDay(1, 6, 2025, True)
    assert lunar_date(D(2025, 8, 1)) == LunarDay(8, 6, 2025, True)
    with pytest.raises(ValueError, match="leap"):
        solar_date(1, 5, 2025, leap=True)


def test_lunar_events_in_leap_year_use_regular_month():
    # Giỗ Tổ 2025 is unaffected by the leap 6th month, and the year after it still lines up.
    assert event_by_code("gio_to_hung_vuong").occurrence(2025).start == D(2025, 4, 7)
    assert event_by_code("tet_nguyen_dan").occurrence(2026).start == TET[2026]


def test_missing_lunar_day_30_is_refused():
    # Tháng Chạp of lunar 2025 has 29 days: lunar_vn alone would roll 30/12 over to Tết 2026.
    with pytest.raises(ValueError, match="does not exist"):
        solar_date(30, 12, 2025)


@pytest.mark.parametrize("year", range(2020, 2027))
def test_last_day_of_lunar_year(year):
    last = last_day_of_lunar_year(year)
    assert last == TET[year + 1] - dt.timedelta(days=1)
    lunar = lunar_date(last)
    assert (lunar.month, lunar.year) == (12, year)
    assert lunar.day in (29, 30)


# --- holidays ---------------------------------------------------------------------------------------


def test_holidays_2026():
    days = holidays(2026)
    assert days[D(2026, 1, 1)] == "Tết Dương lịch"
    # Default Tết span: the last day of the lunar year (29 Chạp, 16/2) and lunar 1/1–4/1.
    assert tet_span(2026) == (D(2026, 2, 16), D(2026, 2, 20))
    for i in range(5):
        assert days[D(2026, 2, 16) + dt.timedelta(days=i)] == "Tết Nguyên đán"
    assert D(2026, 2, 15) not in days and D(2026, 2, 21) not in days
    assert days[D(2026, 4, 26)] == "Giỗ Tổ Hùng Vương"  # lunar 10/3, a Sunday
    assert days[D(2026, 4, 27)] == "Nghỉ bù Giỗ Tổ Hùng Vương"
    assert days[D(2026, 4, 30)] == "Ngày Chiến thắng"
    assert days[D(2026, 5, 1)] == "Ngày Quốc tế Lao động"
    assert days[D(2026, 9, 2)] == "Quốc khánh"
    assert days[D(2026, 9, 1)] == "Quốc khánh"  # 2/9 is a Wednesday: "auto" falls back to 1/9
    assert len(days) == 12
    assert list(days) == sorted(days)


def test_compensatory_days_30_4_and_1_5_on_a_weekend():
    # 2022: 30/4 Saturday, 1/5 Sunday: the next two working days, Monday 2/5 and Tuesday 3/5.
    days = holidays(2022)
    assert days[D(2022, 5, 2)] == "Nghỉ bù Ngày Chiến thắng"
    assert days[D(2022, 5, 3)] == "Nghỉ bù Ngày Quốc tế Lao động"
    assert is_working_day(D(2022, 5, 4))
    # Also 1/1/2022 Saturday → Monday 3/1, and Giỗ Tổ on Sunday 10/4 → Monday 11/4.
    assert days[D(2022, 1, 3)] == "Nghỉ bù Tết Dương lịch"
    assert days[D(2022, 4, 11)] == "Nghỉ bù Giỗ Tổ Hùng Vương"


def test_compensatory_day_skips_other_holidays():
    # 2021: 1/5 Saturday → Monday 3/5. 2023: Giỗ Tổ Saturday 29/4, 30/4 Sunday, 1/5 Monday (a holiday
    # itself) → 2/5 and 3/5; 2/9 Saturday → Monday 4/9 (the second day, 1/9, being Friday).
    assert holidays(2021)[D(2021, 5, 3)] == "Nghỉ bù Ngày Quốc tế Lao động"
    days = holidays(2023)
    assert days[D(2023, 5, 2)] == "Nghỉ bù Giỗ Tổ Hùng Vương"
    assert days[D(2023, 5, 3)] == "Nghỉ bù Ngày Chiến thắng"
    assert days[D(2023, 1, 2)] == "Nghỉ bù Tết Dương lịch"
    assert days[D(2023, 9, 1)] == days[D(2023, 9, 2)] == "Quốc khánh"
    assert days[D(2023, 9, 4)] == "Nghỉ bù Quốc khánh"


def test_tet_default_span_on_a_weekend_gets_compensatory_days():
    # 2024 default span 9/2–13/2 holds Saturday 10/2 and Sunday 11/2 → 14/2 and 15/2.
    days = holidays(2024)
    assert days[D(2024, 2, 14)] == days[D(2024, 2, 15)] == "Nghỉ bù Tết Nguyên đán"
    assert is_working_day(D(2024, 2, 16))


def test_official_tet_break_2025_replaces_default_span():
    days = holidays(2025)
    tet_days = [d for d, name in days.items() if name == "Tết Nguyên đán"]
    assert tet_days == [D(2025, 1, 25) + dt.timedelta(days=i) for i in range(9)]
    assert not any(name.startswith("Nghỉ bù Tết") for name in days.values())
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)


def test_tet_span_and_overrides_are_configurable():
    rules = HolidayRules(tet_days_before=2, tet_breaks=())
    assert tet_span(2026, rules) == (D(2026, 2, 15), D(2026, 2, 19))
    # Without the recorded 2025 break, the default span 28/1–1/2 ends on a Saturday → Monday 3/2.
    days = holidays(2025, rules=HolidayRules(tet_breaks=()))
    assert D(2025, 1, 27) not in days
    assert days[D(2025, 2, 3)] == "Nghỉ bù Tết Nguyên đán"
    official = HolidayRules(tet_breaks=(TetBreak(D(2026, 2, 14), D(2026, 2, 22)),))
    assert tet_span(2026, official) == (D(2026, 2, 14), D(2026, 2, 22))
    assert holidays(2026, official)[D(2026, 2, 22)] == "Tết Nguyên đán"
    with pytest.raises(ValueError):
        HolidayRules(tet_days_before=6)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, D(2021, 9, 3)),  # 2/9 Thursday → Friday 3/9
        (2022, D(2022, 9, 1)),  # Friday → Thursday 1/9 (3/9 is a Saturday)
        (2023, D(2023, 9, 1)),  # Saturday → Friday 1/9
        (2024, D(2024, 9, 3)),  # Monday → Tuesday 3/9 (1/9 is a Sunday)
        (2025, D(2025, 9, 1)),  # Tuesday → Monday 1/9
        (2026, D(2026, 9, 1)),  # Wednesday → 1/9 by default
    ],
)
def test_national_day_extra_auto(year, expected):
    assert national_day_extra(year) == expected


def test_national_day_extra_configurable():
    assert national_day_extra(2026, HolidayRules(national_day_extra="after")) == D(2026, 9, 3)
    rules = HolidayRules(national_day_extra_days=(D(2026, 9, 3),))
    assert national_day_extra(2026, rules) == D(2026, 9, 3)
    assert national_day_extra(2025, rules) == D(2025, 9, 1)
    with pytest.raises(ValueError):
        HolidayRules(national_day_extra_days=(D(2026, 9, 4),))


def test_extra_holidays_and_swapped_working_days():
    rules = HolidayRules(
        extra_holidays=((D(2026, 1, 2), "Nghỉ hoán đổi"),),
        extra_working_days=(D(2026, 1, 10),),
    )
    assert holidays(2026, rules)[D(2026, 1, 2)] == "Nghỉ hoán đổi"
    assert not is_working_day(D(2026, 1, 2), rules)
    assert is_working_day(D(2026, 1, 10), rules)  # a Saturday worked in exchange
    assert not is_working_day(D(2026, 1, 10))


def test_sunday_only_weekend():
    rules = HolidayRules(weekend=frozenset({6}))
    assert is_working_day(D(2026, 5, 2), rules)  # Saturday
    # 2022: 30/4 Saturday is no longer a rest day; only 1/5 Sunday moves, to Monday 2/5.
    days = holidays(2022, rules)
    assert days[D(2022, 5, 2)] == "Nghỉ bù Ngày Quốc tế Lao động"
    assert D(2022, 5, 3) not in days


def test_holidays_returns_a_copy():
    holidays(2026).clear()
    assert holidays(2026)


# --- working days -----------------------------------------------------------------------------------


def test_is_working_day():
    assert is_working_day(D(2026, 5, 4))
    assert not is_working_day(D(2026, 5, 2))  # Saturday
    assert not is_working_day(D(2026, 5, 3))  # Sunday
    assert not is_working_day(D(2026, 5, 1))  # holiday


def test_add_working_days_across_tet():
    # Friday 13/2/2026, then the weekend, Tết 16–20/2 and the next weekend: Monday 23/2.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)
    assert add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1


def test_add_working_days_zero_and_negative():
    assert add_working_days(D(2026, 5, 4), 0) == D(2026, 5, 4)
    assert add_working_days(D(2026, 4, 30), 0) == D(2026, 5, 4)  # 30/4, 1/5, weekend
    assert add_working_days(D(2026, 5, 2), 1) == D(2026, 5, 4)  # the day after a Saturday
    assert add_working_days(D(2026, 5, 4), -1) == D(2026, 4, 29)
    assert add_working_days(D(2026, 5, 8), 5) == D(2026, 5, 15)


@pytest.mark.parametrize("n", [-40, -7, -1, 1, 2, 10, 60])
@pytest.mark.parametrize("start", [D(2026, 2, 13), D(2026, 4, 25), D(2025, 12, 31), D(2023, 4, 28)])
def test_working_days_between_inverts_add_working_days(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


def test_working_days_between():
    assert working_days_between(D(2026, 5, 4), D(2026, 5, 4)) == 0
    assert working_days_between(D(2026, 5, 4), D(2026, 5, 11)) == 5
    assert working_days_between(D(2026, 5, 11), D(2026, 5, 4)) == -5
    # May 2026: 31 days, 10 weekend days, 1/5 a holiday.
    assert working_days_between(D(2026, 4, 30), D(2026, 5, 31)) == 20


# --- union events -----------------------------------------------------------------------------------


def test_union_events_have_unique_codes_and_valid_kinds():
    codes = [e.code for e in UNION_EVENTS]
    assert len(codes) == len(set(codes))
    assert {e.kind for e in UNION_EVENTS} == {
        EventKind.SOLAR_DAY,
        EventKind.SOLAR_PERIOD,
        EventKind.LUNAR_DAY,
        EventKind.LUNAR_PERIOD,
    }
    assert event_by_code("thanh_lap_cong_doan").name == "Ngày thành lập Công đoàn Việt Nam"


def test_events_between_across_year_boundary():
    found = events_between(D(2025, 12, 15), D(2026, 2, 20))
    by_code = {o.code: o for o in found}
    assert {"thanh_lap_qdnd", "tet_duong_lich", "thanh_lap_dang", "tet_sum_vay", "tet_nguyen_dan"} <= set(by_code)
    # Tết Sum vầy: lunar 15/12 to the last day of lunar 2025 (29 Chạp), the day before Tết.
    sum_vay = by_code["tet_sum_vay"]
    assert (sum_vay.start, sum_vay.end) == (D(2026, 2, 2), D(2026, 2, 16))
    assert lunar_date(sum_vay.start) == (15, 12, 2025, False)
    assert sum_vay.kind is EventKind.LUNAR_PERIOD
    assert by_code["tet_nguyen_dan"].start == by_code["tet_nguyen_dan"].end == TET[2026]
    assert by_code["tet_duong_lich"].start == D(2026, 1, 1)
    assert [o.start for o in found] == sorted(o.start for o in found)


def test_tet_sum_vay_each_year_ends_the_day_before_tet():
    found = [o for o in events_between(D(2021, 1, 1), D(2027, 12, 31)) if o.code == "tet_sum_vay"]
    assert [o.end + dt.timedelta(days=1) for o in found] == [TET[y] for y in range(2021, 2028)]
    assert all(lunar_date(o.start)[:2] == (15, 12) for o in found)


def test_events_between_includes_running_period_and_anniversaries():
    found = events_between(D(2026, 5, 20), D(2026, 5, 20))
    assert [o.code for o in found] == ["thang_atvsld", "thang_cong_nhan"]
    assert found[0].name == "Tháng hành động về an toàn, vệ sinh lao động"
    assert (found[1].start, found[1].end) == (D(2026, 5, 1), D(2026, 5, 31))
    union_day = events_between(D(2029, 7, 28), D(2029, 7, 28))
    assert [(o.code, o.anniversary) for o in union_day] == [("thanh_lap_cong_doan", 100)]


def test_events_between_merges_one_off_events():
    congress = OneOffEvent("dai_hoi_ldld_2028", "Đại hội Công đoàn tỉnh Vĩnh Long", D(2028, 7, 20), D(2028, 7, 22))
    found = events_between(D(2028, 7, 1), D(2028, 7, 31), extra=[congress])
    assert [o.code for o in found] == ["dai_hoi_ldld_2028", "thanh_lap_cong_doan"]
    assert found[0].kind is EventKind.ONE_OFF
    assert found[0].end == D(2028, 7, 22)
    assert events_between(D(2028, 8, 1), D(2028, 8, 31), extra=[congress]) == []


def test_events_between_rejects_reversed_range():
    with pytest.raises(ValueError):
        events_between(D(2026, 2, 1), D(2026, 1, 1))


def test_suggestions_due_thang_cong_nhan():
    lead = event_by_code("thang_cong_nhan").lead_days
    due_day = D(2026, 5, 1) - dt.timedelta(days=lead)
    assert due_day == D(2026, 4, 10)
    due = suggestions_due(due_day)
    assert "Tháng Công nhân" in [o.name for o in due]
    assert all(o.suggest_on == due_day for o in due)
    assert "thang_cong_nhan" not in [o.code for o in suggestions_due(due_day - dt.timedelta(days=1))]
    assert "thang_cong_nhan" not in [o.code for o in suggestions_due(due_day + dt.timedelta(days=1))]


def test_suggestions_due_once_per_occurrence_over_a_year():
    keys = []
    day = D(2026, 1, 1)
    while day <= D(2026, 12, 31):
        keys += [o.key for o in suggestions_due(day)]
        day += dt.timedelta(days=1)
    assert len(keys) == len(set(keys))
    assert "thang_cong_nhan:2026-05-01" in keys
    assert "tet_sum_vay:2027-01-22" in keys  # lunar 15/12/2026, suggested 30 days ahead in 2026


def test_suggestions_due_with_custom_lead_and_window():
    events = with_lead_days({"thang_cong_nhan": 30})
    assert "thang_cong_nhan" in [o.code for o in suggestions_due(D(2026, 4, 1), events=events)]
    late = suggestions_due(D(2026, 4, 12), window_days=2)
    assert "thang_cong_nhan:2026-05-01" in [o.key for o in late]
    with pytest.raises(KeyError):
        with_lead_days({"no_such_event": 3})


def test_suggestions_due_one_off():
    congress = OneOffEvent("dai_hoi", "Đại hội Công đoàn Việt Nam", D(2028, 12, 1), lead_days=60)
    assert [o.code for o in suggestions_due(D(2028, 10, 2), extra=[congress])] == ["dai_hoi"]


def test_recurring_event_validation():
    with pytest.raises(ValueError):
        RecurringEvent("x", "X", EventKind.SOLAR_PERIOD, 1, 5)
    with pytest.raises(ValueError):
        RecurringEvent("x", "X", EventKind.SOLAR_DAY, 1, 5, lead_days=-1)
    # A solar period across the year end; an end day past the month's length means its last day.
    winter = RecurringEvent("dong", "Mùa đông", EventKind.SOLAR_PERIOD, 15, 12, 31, 2)
    assert (winter.occurrence(2027).start, winter.occurrence(2027).end) == (D(2027, 12, 15), D(2028, 2, 29))
    found = events_between(D(2028, 1, 10), D(2028, 1, 10), events=[winter])
    assert [o.start for o in found] == [D(2027, 12, 15)]


# --- month grid -------------------------------------------------------------------------------------


def test_month_grid_may_2026():
    weeks = month_grid(2026, 5)
    assert len(weeks) in (5, 6)
    assert all(len(week) == 7 for week in weeks)
    assert all(week[0].date.weekday() == 0 for week in weeks)
    cells = {cell.date: cell for week in weeks for cell in week}
    assert weeks[0][0].date == D(2026, 4, 27) and not weeks[0][0].in_month
    assert weeks[-1][-1].date == D(2026, 5, 31)
    assert sum(cell.in_month for cell in cells.values()) == 31

    first = cells[D(2026, 5, 1)]
    assert first.lunar == (15, 3, 2026, False)
    assert first.lunar_label == "15/3"  # the first day of the month carries the lunar month
    assert first.holiday == "Ngày Quốc tế Lao động"
    assert not first.is_working_day
    assert {o.code for o in first.events} >= {"quoc_te_lao_dong", "thang_cong_nhan", "thang_atvsld"}

    new_moon = cells[D(2026, 5, 17)]
    assert (new_moon.lunar_day, new_moon.lunar_month) == (1, 4)
    assert new_moon.lunar_label == "1/4"
    assert cells[D(2026, 5, 18)].lunar_label == "2"
    assert "sinh_nhat_bac_ho" in [o.code for o in cells[D(2026, 5, 19)].events]
    assert cells[D(2026, 4, 27)].holiday == "Nghỉ bù Giỗ Tổ Hùng Vương"
    assert cells[D(2026, 5, 2)].is_weekend and not cells[D(2026, 5, 2)].is_working_day
    assert cells[D(2026, 5, 4)].is_working_day and cells[D(2026, 5, 4)].holiday is None


def test_month_grid_leap_month_label_and_year_boundary():
    labels = {cell.date: cell.lunar_label for week in month_grid(2025, 7) for cell in week}
    assert labels[D(2025, 7, 25)] == "1/6 nhuận"
    january = month_grid(2027, 1)
    assert january[0][0].date == D(2026, 12, 28)
    assert january[0][0].lunar == lunar_date(D(2026, 12, 28))
    cell = next(c for week in january for c in week if c.date == D(2027, 1, 1))
    assert cell.holiday == "Tết Dương lịch"
    assert "tet_duong_lich" in [o.code for o in cell.events]


def test_month_grid_february_2026_tet():
    cells = {c.date: c for week in month_grid(2026, 2) for c in week}
    assert cells[TET[2026]].lunar_label == "1/1"
    assert cells[TET[2026]].holiday == "Tết Nguyên đán"
    assert "tet_sum_vay" in [o.code for o in cells[D(2026, 2, 10)].events]


def test_default_rules():
    assert HolidayRules() == DEFAULT_RULES
    assert holidays(2026, HolidayRules()) == holidays(2026)
