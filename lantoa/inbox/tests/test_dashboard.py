"""The inbox dashboard and the cases' .xlsx export.

Figures on hand-made cases at fixed times (lantoa/inbox/dashboard.py): a past day counts only
cases opened and answers given by then, and a case escalated later for the union that had it
that day; weeks are ISO weeks in the site's time zone; lateness rolls up each child's
subtree. The screen: a grassroots officer sees only their union and gets 404 for another,
and no parameter, however mangled, gives a 500. The export: the case list's rows, with the
workers' contacts only for a role that may see them on every unit (and then recorded once)."""

import datetime
import io
import itertools
from types import SimpleNamespace

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.inbox import dashboard, search
from lantoa.inbox.export import COLUMNS, ERASED, PERSONAL_COLUMNS, file_name
from lantoa.inbox.indicators import inbox_answered_on_time, inbox_median_first_response_hours
from lantoa.inbox.models import Case, CaseRoute, CaseStatus, Contact, Intake, Topic
from lantoa.org.models import UnitState
from lantoa.org.tests.factories import make_unit
from lantoa.privacy.models import AccessAction, AccessRecord, AccessRecordUnit

from .staff_world import PASSWORD, person

pytestmark = pytest.mark.django_db
D = datetime.date
TZ = timezone.get_current_timezone()
MONDAY = D(2026, 3, 2)
DAY = D(2026, 3, 11)  # a Wednesday: the figures' day in most tests
AFTER = D(2026, 3, 13)  # after the escalation
DASHBOARD = reverse("inbox_dashboard")
EXPORT = reverse("inbox_export")
FUZZ = settings(derandomize=True, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture],
                deadline=None)  # fmt: skip
_numbers = itertools.count(1)


def at(day: D, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)), TZ)


def case(unit, opened, *, due=None, answered=None, closed=None, intake=Intake.PORTAL, topic=Topic.WAGES,
         name="", phone="") -> Case:  # fmt: skip
    n = next(_numbers)
    contact = Contact.objects.create(platform=intake, external_id=f"worker-{n}", pseudonym=f"NLĐ-D{n:05d}",
                                     name=name, phone=phone)  # fmt: skip
    status = CaseStatus.CLOSED if closed else CaseStatus.ANSWERED if answered else CaseStatus.NEW
    made = Case.objects.create(
        code=f"LT-DASH-{n:05d}", contact=contact, intake=intake, unit=unit, topic=topic, status=status,
        opened_at=opened, due_at=due or opened + datetime.timedelta(days=3), first_response_at=answered,
        closed_at=closed, subject=f"Vụ việc số {n}", employer="Công ty TNHH May Sông Tiền",
    )  # fmt: skip
    CaseRoute.objects.create(case=made, unit=unit, at=opened)
    search.refresh_case(made.pk)
    return made


def escalate(made: Case, unit, moment: datetime.datetime) -> None:
    CaseRoute.objects.create(case=made, unit=unit, at=moment)
    made.unit, made.escalated_at = unit, moment
    made.save(update_fields=["unit", "escalated_at"])


@pytest.fixture
def w():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    park = make_unit(province, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    song_tien = make_unit(park, name="Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    ham_luong = make_unit(park, name="Công đoàn cơ sở Công ty Cổ phần Thủy sản Hàm Luông")
    school = make_unit(commune, name="Công đoàn cơ sở Trường Tiểu học Phú Khương")
    w = SimpleNamespace(province=province, park=park, commune=commune, song_tien=song_tien, ham_luong=ham_luong,
                        school=school)  # fmt: skip
    # Answered after 25 hours, on time.
    w.c1 = case(song_tien, at(MONDAY, 9), answered=at(D(2026, 3, 3), 10), name="Nguyễn Thị Hoa", phone="0912000111")
    # Answered after 96 hours, a day late.
    w.c2 = case(song_tien, at(D(2026, 3, 3), 8), answered=at(D(2026, 3, 7), 8), intake=Intake.ZALO_OA)
    # Never answered; escalated to the park on 12/03, after the day asked.
    w.c3 = case(song_tien, at(D(2026, 3, 4), 9))
    escalate(w.c3, park, at(D(2026, 3, 12), 10))
    # Due on 12/03: waiting but not late on 11/03.
    w.c4 = case(ham_luong, at(D(2026, 3, 9), 10), intake=Intake.HOTLINE, topic=Topic.OSH)
    # Two weeks earlier, answered after 48 hours.
    w.c5 = case(school, at(D(2026, 2, 20), 9), answered=at(D(2026, 2, 22), 9), topic=Topic.CONTRACT)
    # Opened after the day asked.
    w.c6 = case(song_tien, at(D(2026, 3, 12), 8))
    # Closed without an answer: due and late, not waiting.
    w.c7 = case(school, at(D(2026, 3, 5), 9), closed=at(D(2026, 3, 6), 9), intake=Intake.EMAIL,
                topic=Topic.DISMISSAL)  # fmt: skip
    # Sunday 23:30 in Việt Nam (16:30 UTC): the week of 02/03, not the next.
    w.c8 = case(song_tien, at(D(2026, 3, 8), 23, 30), due=at(D(2026, 3, 20), 9))
    return w


def state(unit, day=DAY) -> UnitState:
    return UnitState.objects.on(day).get(unit=unit)


# --- Figures


def test_totals_count_what_was_true_on_the_day(w):
    totals = dashboard.totals(state(w.province), DAY)
    assert totals.received == 7  # not c6, opened the day after
    assert totals.waiting == 3  # c3, c4, c8 (c7 was closed)
    assert totals.late_waiting == 1  # c3
    assert (totals.due, totals.on_time, totals.late) == (5, 2, 3)
    assert totals.on_time_share == 40.0
    assert totals.answered == 3 and totals.median_hours == 48.0
    # A past day's share is the indicator's.
    assert inbox_answered_on_time(state(w.province), DAY).value == totals.on_time_share
    assert inbox_median_first_response_hours(state(w.province), DAY).value == totals.median_hours


def test_an_earlier_day_counts_fewer_cases_and_answers(w):
    totals = dashboard.totals(state(w.province, D(2026, 3, 3)), D(2026, 3, 3))
    assert totals.received == 3  # c5, c1, c2
    assert totals.waiting == 1  # c2: its answer came on 07/03
    assert totals.due == 1 and totals.on_time == 1  # c5
    assert totals.answered == 2 and totals.median_hours == 36.5  # 25 h and 48 h


def test_today_a_case_due_later_today_is_not_late_yet(w):
    now = at(D(2026, 3, 12), 9)  # c4 is due at 10:00
    totals = dashboard.totals(state(w.province, D(2026, 3, 12)), D(2026, 3, 12), now=now)
    assert totals.late_waiting == 1  # c3 only
    later = dashboard.totals(state(w.province, D(2026, 3, 12)), D(2026, 3, 12), now=at(D(2026, 3, 12), 11))
    assert later.late_waiting == 2


def test_the_escalated_case_counts_for_its_union_before_and_for_the_park_after(w):
    song_tien = dashboard.totals(state(w.song_tien), DAY)
    assert song_tien.received == 4 and song_tien.late_waiting == 1  # c1, c2, c3, c8
    assert dashboard.totals(state(w.song_tien, AFTER), AFTER).received == 4  # c1, c2, c6, c8: c3 left
    before = {row.label: (row.due, row.late) for row in dashboard.lateness_by_unit(state(w.park), DAY)}
    assert before == {w.song_tien.name: (3, 2), w.ham_luong.name: (0, 0)}
    after = dashboard.lateness_by_unit(state(w.park, AFTER), AFTER)
    assert [(row.key, row.due, row.late) for row in after] == [
        (str(w.song_tien.pk), 2, 1), (str(w.ham_luong.pk), 1, 1), (str(w.park.pk), 1, 1),
    ]  # fmt: skip


def test_lateness_rolls_each_child_subtree_up(w):
    rows = dashboard.lateness_by_unit(state(w.province), DAY)
    assert [(row.label, row.due, row.late, row.late_share) for row in rows] == [
        (w.park.name, 3, 2, 66.7),
        (w.commune.name, 2, 1, 50.0),
    ]


def test_volume_by_week_buckets_iso_weeks_in_local_time(w):
    weeks = dashboard.volume_by_week(state(w.province), DAY)
    assert len(weeks) == 12 and weeks[-1].monday == D(2026, 3, 9) and weeks[0].monday == D(2025, 12, 22)
    by_monday = {week.monday: week.counts for week in weeks}
    assert by_monday[D(2026, 3, 9)] == {Topic.OSH: 1}
    assert by_monday[D(2026, 3, 2)] == {Topic.WAGES: 4, Topic.DISMISSAL: 1}  # c8 on Sunday night included
    assert by_monday[D(2026, 2, 16)] == {Topic.CONTRACT: 1}
    assert sum(week.total for week in weeks) == 7
    assert dashboard.topics_seen(weeks) == [Topic.WAGES, Topic.CONTRACT, Topic.DISMISSAL, Topic.OSH]


def test_by_intake(w):
    rows = {row.key: (row.received, row.due, row.late) for row in dashboard.by_intake(state(w.province), DAY)}
    assert rows == {Intake.PORTAL: (4, 3, 1), Intake.ZALO_OA: (1, 1, 1), Intake.EMAIL: (1, 1, 1),
                    Intake.HOTLINE: (1, 0, 0)}  # fmt: skip


def test_the_figures_take_a_bounded_number_of_queries(w, django_assert_max_num_queries):
    for n in range(30):
        case(w.ham_luong, at(D(2026, 3, 1 + n % 9), 8))
    with django_assert_max_num_queries(7):
        dashboard.dashboard(state(w.province), DAY)


# --- The screen


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_province_dashboard_shows_figures_charts_and_tables(w):
    approver = person("tinh_duyet", (w.province, "approver"))
    response = signed_in(approver).get(DASHBOARD, {"ngay": "11/03/2026"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="received">7<' in body and "40\u00a0%" in body
    assert body.count('class="lantoa-chart"') == 3
    assert f'data-unit="{w.park.pk}"' in body and f'data-unit="{w.commune.pk}"' in body
    assert 'data-week="2026-03-02"' in body and EXPORT in body


def test_a_grassroots_officer_sees_only_their_union(w):
    officer = person("songtien_canbo", (w.song_tien, "unit_officer"))
    client = signed_in(officer)
    body = client.get(DASHBOARD, {"ngay": "11/03/2026"}).content.decode()
    assert w.song_tien.name in body and 'data-figure="received">4<' in body
    assert w.ham_luong.name not in body and w.park.name not in body
    for other in (w.ham_luong, w.park, w.province, w.school):
        assert client.get(DASHBOARD, {"don_vi": other.pk}).status_code == 404
    assert client.get(DASHBOARD, {"don_vi": w.song_tien.pk}).status_code == 200


def test_a_viewer_has_no_dashboard(w):
    viewer = person("tinh_xem", (w.province, "viewer"))
    client = signed_in(viewer)
    for url in (DASHBOARD, EXPORT):
        response = client.get(url)
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"don_vi": "abc"}, False),
        ({"don_vi": "99999999999999999999999"}, False),
        ({"ngay": "31/02/2026"}, True),
        ({"ngay": "garbage"}, True),
        ({"ngay": "01/01/2999"}, True),
        ({"ngay": "2026-03-11"}, False),
    ],
)
def test_bad_parameters_fall_back(w, params, error):
    approver = person("tinh_duyet", (w.province, "approver"))
    response = signed_in(approver).get(DASHBOARD, params)
    assert response.status_code == 200
    assert ("data-day-error" in response.content.decode()) is error


def test_a_unit_that_did_not_exist_yet_says_so(w):
    approver = person("tinh_duyet", (w.province, "approver"))
    body = signed_in(approver).get(DASHBOARD, {"ngay": "01/01/2010"}).content.decode()
    assert "data-no-unit" in body


@FUZZ
@given(don_vi=st.text(max_size=30), ngay=st.text(max_size=30))
def test_no_parameter_gives_a_500(w, don_vi, ngay):
    approver = person(f"tinh_duyet_{next(_numbers)}", (w.province, "approver"))
    response = signed_in(approver).get(DASHBOARD, {"don_vi": don_vi, "ngay": ngay})
    assert response.status_code in (200, 404)


# --- The export


def sheet_of(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_a_board_head_exports_with_contacts_and_the_export_is_recorded(w):
    head = person("kcn_truongban", (w.park, "board_head"))
    Contact.objects.filter(pk=w.c2.contact_id).update(name="", erased_at=timezone.now())
    response = signed_in(head).get(EXPORT)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    header, rows = sheet_of(response)
    assert list(header) == [label for _key, label, _w in COLUMNS + PERSONAL_COLUMNS]
    by_code = {row[0]: row for row in rows}
    assert set(by_code) == {c.code for c in (w.c1, w.c2, w.c3, w.c4, w.c6, w.c8)}  # the park's subtree today
    first = by_code[w.c1.code]
    assert first[1] == datetime.datetime(2026, 3, 2, 9, 0) and first[3] == w.song_tien.name
    assert first[9] == "Không" and by_code[w.c2.code][9] == "Có"
    assert first[12] == "Nguyễn Thị Hoa" and first[13] == "0912000111"
    assert by_code[w.c2.code][12] == ERASED
    record = AccessRecord.objects.get(action=AccessAction.EXPORT)  # once: the middleware adds none
    assert record.actor == head and "6" in record.description and not record.description.endswith(".xlsx")
    assert set(AccessRecordUnit.objects.filter(record=record).values_list("unit_id", flat=True)) >= {
        w.song_tien.pk, w.ham_luong.pk, w.park.pk,
    }  # fmt: skip


def test_an_editor_exports_without_contacts(w):
    editor = person("kcn_bientap", (w.park, "editor"))
    response = signed_in(editor).get(EXPORT)
    header, rows = sheet_of(response)
    assert list(header) == [label for _key, label, _w in COLUMNS]
    assert len(rows) == 6 and all("Nguyễn Thị Hoa" not in row for row in rows)
    # The download is recorded as any file is (the privacy middleware), not as personal data.
    assert [r.description for r in AccessRecord.objects.all()] == [file_name(timezone.localdate())]


def test_contacts_are_left_out_when_one_unit_is_not_covered(w):
    # Personal data on Sông Tiền only, cases read on the whole park.
    user = person("hai_vai", (w.song_tien, "board_head"), (w.park, "editor"))
    header, rows = sheet_of(signed_in(user).get(EXPORT))
    assert len(header) == len(COLUMNS) and len(rows) == 6
    header, rows = sheet_of(signed_in(user).get(EXPORT, {"unit": w.song_tien.pk}))
    assert len(header) == len(COLUMNS + PERSONAL_COLUMNS) and len(rows) == 4  # c1, c2, c6, c8


def test_the_export_follows_the_list_filters_and_the_dashboard_unit(w):
    approver = person("tinh_duyet", (w.province, "approver"))
    client = signed_in(approver)
    _header, rows = sheet_of(client.get(EXPORT, {"topic": Topic.OSH}))
    assert [row[0] for row in rows] == [w.c4.code]
    _header, rows = sheet_of(client.get(EXPORT, {"don_vi": w.commune.pk}))
    assert sorted(row[0] for row in rows) == sorted([w.c5.code, w.c7.code])
    _header, rows = sheet_of(client.get(EXPORT, {"q": w.c3.code, "topic": "nonsense", "don_vi": "abc"}))
    assert [row[0] for row in rows] == [w.c3.code]


def test_an_officer_exports_only_their_union(w):
    officer = person("songtien_canbo", (w.song_tien, "unit_officer"))
    _header, rows = sheet_of(signed_in(officer).get(EXPORT, {"don_vi": w.park.pk}))
    assert sorted(row[0] for row in rows) == sorted(c.code for c in (w.c1, w.c2, w.c6, w.c8))
