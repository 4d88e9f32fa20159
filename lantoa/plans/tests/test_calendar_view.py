"""The union calendar's month view and the campaign suggestions it lists, for an officer in scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantoa.org import actions
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans.calendar_views import parse_month
from lantoa.plans.models import CalendarEvent, EventLeadTime
from lantoa.plans.suggestions import suggestions_for

pytestmark = pytest.mark.django_db
URL = "/admin/plans/calendar/"


@pytest.fixture
def units():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1976, 1, 1))
    ours = make_unit(province, name="CĐCS Công ty May Vĩnh Long")
    theirs = make_unit(province, name="CĐCS Trường THPT Lưu Văn Liệt")
    return province, ours, theirs


@pytest.fixture
def officer(units):
    user = make_user("coso")
    actions.do_assign_role(user=user, unit=units[1], kind="unit_officer", actor=None)
    return user


def month_page(client, user, thang):
    client.force_login(user)
    response = client.get(URL, {"thang": thang} if thang is not None else {})
    assert response.status_code == 200
    return response


def day_of(response, day):
    return next(d for week in response.context["weeks"] for d in week if d.cell.date == day)


def test_the_view_has_its_url_name():
    assert reverse("plans_calendar") == URL


def test_may_2026_shows_worker_month_labour_day_and_its_holidays(client, officer):
    response = month_page(client, officer, "05/2026")
    html = response.content.decode()
    labour_day = day_of(response, D(2026, 5, 1))
    assert labour_day.cell.holiday == "Ngày Quốc tế Lao động" and labour_day.is_day_off
    assert "quoc_te_lao_dong" in {o.code for o in labour_day.events}
    assert {o.code for o in response.context["running"]} >= {"thang_cong_nhan", "thang_atvsld"}
    assert "Tháng Công nhân" in html and "Ngày Quốc tế Lao động" in html
    assert 'is-holiday" data-date="2026-05-01"' in html
    assert 'is-holiday" data-date="2026-04-30"' in html  # Ngày Chiến thắng, in the grid's first week
    assert not day_of(response, D(2026, 5, 4)).is_day_off
    weeks = response.context["weeks"]
    assert weeks[0][0].cell.date == D(2026, 4, 27) and all(len(week) == 7 for week in weeks)


def test_days_show_their_lunar_date_and_tet_is_lunar_new_year(client, officer):
    response = month_page(client, officer, "2/2026")
    tet = day_of(response, D(2026, 2, 17))
    assert (tet.lunar_text, tet.is_tet) == ("1/1", True)
    assert tet.cell.holiday == "Tết Nguyên đán"
    assert day_of(response, D(2026, 2, 16)).lunar_text == "29/12"
    html = response.content.decode()
    assert 'data-lunar="1/1"' in html
    mid_autumn = day_of(month_page(client, officer, "10/2025"), D(2025, 10, 6))
    assert (mid_autumn.lunar_text, mid_autumn.is_tet) == ("15/8", False)


def test_one_off_events_show_only_for_units_in_scope(client, officer, units):
    _province, ours, theirs = units
    CalendarEvent.objects.create(unit=ours, title="Đại hội Công đoàn cơ sở May Vĩnh Long", start=D(2026, 5, 20))
    CalendarEvent.objects.create(unit=theirs, title="Hội nghị người lao động Trường Lưu Văn Liệt", start=D(2026, 5, 21))
    html = month_page(client, officer, "05/2026").content.decode()
    assert "Đại hội Công đoàn cơ sở May Vĩnh Long" in html
    assert "Hội nghị người lao động Trường Lưu Văn Liệt" not in html


@pytest.mark.parametrize("thang", ["13/2026", "tháng năm", "05-2026", "1/1800"])
def test_a_bad_month_shows_a_message_and_the_current_month(client, officer, thang):
    response = month_page(client, officer, thang)
    assert response.context["first"] == timezone.localdate().replace(day=1)
    assert response.context["error"]
    assert 'data-error="thang"' in response.content.decode()


def test_no_month_given_is_the_current_month_without_a_message(client, officer):
    response = month_page(client, officer, None)
    assert response.context["first"] == timezone.localdate().replace(day=1)
    assert not response.context["error"]


def test_month_parameter_reads_mm_yyyy_and_links_neighbouring_months(client, officer):
    today = D(2026, 3, 15)
    assert parse_month(" 5/2026 ", today) == (D(2026, 5, 1), "")
    first, error = parse_month("2026/05", today)
    assert first == D(2026, 3, 1) and "2026/05" in str(error)
    html = month_page(client, officer, "01/2026").content.decode()
    assert 'href="?thang=12/2025"' in html and 'href="?thang=02/2026"' in html


def test_lead_time_overrides_move_the_suggestion_day(officer):
    def union_day_suggestions(first, days):
        return [s for s in suggestions_for(officer, first, days) if s.occurrence.code == "thanh_lap_cong_doan"]

    default = union_day_suggestions(D(2026, 7, 1), 31)
    assert [(s.suggest_on, s.lead_days) for s in default] == [(D(2026, 7, 7), 21)]
    EventLeadTime.objects.create(code="thanh_lap_cong_doan", lead_days=40)
    EventLeadTime.objects.create(code="no_such_event", lead_days=5)  # ignored
    assert union_day_suggestions(D(2026, 7, 1), 31) == []
    moved = union_day_suggestions(D(2026, 6, 1), 30)
    assert [(s.suggest_on, s.lead_days, s.occurrence.start) for s in moved] == [(D(2026, 6, 18), 40, D(2026, 7, 28))]


def test_one_off_events_suggest_with_their_own_lead_days_in_scope_only(officer, units):
    _province, ours, theirs = units
    CalendarEvent.objects.create(unit=ours, title="Đại hội CĐCS", start=D(2026, 6, 20), lead_days=10)
    CalendarEvent.objects.create(unit=theirs, title="Hội nghị khác", start=D(2026, 6, 20), lead_days=10)
    CalendarEvent.objects.create(unit=ours, title="Đối thoại tháng 8", start=D(2026, 8, 20), lead_days=10)
    found = [(s.occurrence.name, s.suggest_on, s.lead_days) for s in suggestions_for(officer, D(2026, 6, 1), 30)]
    assert ("Đại hội CĐCS", D(2026, 6, 10), 10) in found
    assert all(name not in ("Hội nghị khác", "Đối thoại tháng 8") for name, _day, _lead in found)


def test_the_month_view_lists_suggestions_starting_that_month(client, officer):
    EventLeadTime.objects.create(code="thanh_lap_cong_doan", lead_days=40)
    response = month_page(client, officer, "06/2026")
    codes = [s.occurrence.code for s in response.context["suggestions"]]
    assert "thanh_lap_cong_doan" in codes
    assert all(D(2026, 6, 1) <= s.suggest_on <= D(2026, 6, 30) for s in response.context["suggestions"])
    assert "18/06/2026" in response.content.decode()


def test_suggestions_within_the_horizon_include_both_ends():
    first = D(2026, 4, 10)  # Tháng Công nhân: 1/5 minus 21 days
    assert any(s.occurrence.code == "thang_cong_nhan" for s in suggestions_for(make_user("a"), first, 1))
    earlier = first - datetime.timedelta(days=30)
    assert any(s.occurrence.code == "thang_cong_nhan" for s in suggestions_for(make_user("b"), earlier, 31))
    assert not any(s.occurrence.code == "thang_cong_nhan" for s in suggestions_for(make_user("c"), earlier, 30))


def test_the_month_view_reads_as_many_queries_for_one_event_as_for_many(client, officer, units):
    _province, ours, _theirs = units
    client.force_login(officer)
    CalendarEvent.objects.create(unit=ours, title="Sự kiện đầu tháng", start=D(2026, 5, 1))
    client.get(URL, {"thang": "05/2026"})  # warm the session and the admin's caches
    with CaptureQueriesContext(connection) as one:
        client.get(URL, {"thang": "05/2026"})
    for day in range(2, 29):
        CalendarEvent.objects.create(unit=ours, title=f"Sự kiện {day}", start=D(2026, 5, day), lead_days=day)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"thang": "05/2026"})
    assert len(many) == len(one) <= 24  # the page, plus one question per menu area the user may open
    days = [d for week in response.context["weeks"] for d in week]
    assert sum(any(o.name.startswith("Sự kiện") for o in d.events) for d in days) == 28
