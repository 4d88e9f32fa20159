"""Assignment reminders: due within 3 working days or overdue, one email per officer, once a day."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from lantoa.lib.tasks import PERIODIC
from lantoa.org import actions
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans.models import Assignment, Plan
from lantoa.plans.reminders import due_reminders, remind_assignments, send_reminders

pytestmark = pytest.mark.django_db
FRIDAY = D(2026, 5, 8)
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def units():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1976, 1, 1))
    garment = make_unit(province, name="CĐCS Công ty May Vĩnh Long")
    school = make_unit(province, name="CĐCS Trường THPT Lưu Văn Liệt")
    return province, garment, school


@pytest.fixture
def plan(units):
    return Plan.objects.create(
        issuing_unit=units[0], symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=D(2026, 1, 5),
        title="Kế hoạch tuyên truyền năm 2026", period_start=D(2026, 1, 1), period_end=D(2026, 12, 31),
    )  # fmt: skip


def officer(username, unit, kind="unit_officer"):
    user = make_user(username)
    actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
    return user


def assign(plan, unit, title, due_on, **fields):
    return Assignment.objects.create(plan=plan, unit=unit, title=title, due_on=due_on, **fields)


def titles(assignments):
    return {a.title for a in assignments}


def test_due_in_two_working_days_across_a_weekend_is_reminded_but_ten_is_not(plan, units):
    _province, garment, _school = units
    assign(plan, garment, "Treo băng rôn Tháng Công nhân", D(2026, 5, 12))  # Mon 11, Tue 12
    assign(plan, garment, "Báo cáo sơ kết", D(2026, 5, 13))  # the 3rd working day: still in
    assign(plan, garment, "Tọa đàm 4 ngày sau", D(2026, 5, 14))
    assign(plan, garment, "Hội thi cuối tháng", D(2026, 5, 22))  # 10 working days
    assign(plan, garment, "Đã xong", D(2026, 5, 4), status="done", done_on=D(2026, 5, 4))
    assert titles(due_reminders(FRIDAY)) == {"Treo băng rôn Tháng Công nhân", "Báo cáo sơ kết"}


def test_overdue_is_counted_in_working_days_skipping_tet(plan, units):
    _province, garment, _school = units
    user = officer("coso", garment)
    assign(plan, garment, "Tổ chức Tết Sum vầy", D(2026, 2, 13))  # the Friday before the Tết break 16–20/2
    counts = send_reminders(D(2026, 2, 24))
    assert (counts.assignments, counts.emails) == (1, 1)
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "13/02/2026" in message.body
    assert "quá hạn 2 ngày làm việc" in message.body or "overdue by 2 working days" in message.body


def test_each_officer_gets_one_email_listing_their_assignments(plan, units):
    province, garment, school = units
    chair, deputy = officer("chutich", garment), officer("phochutich", garment)
    both = officer("kiemnhiem", garment, kind="editor")
    actions.do_assign_role(user=both, unit=school, kind="viewer", actor=None)
    assign(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    assign(plan, garment, "Báo cáo sơ kết", D(2026, 5, 6))
    assign(plan, school, "Hội nghị giáo viên", D(2026, 5, 11))
    counts = send_reminders(FRIDAY)
    assert (counts.assignments, counts.emails) == (3, 3)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {chair.email, deputy.email, both.email}
    for user in (chair, deputy):
        body = by_recipient[user.email].body
        assert "Treo băng rôn" in body and "Báo cáo sơ kết" in body and "Hội nghị giáo viên" not in body
        assert "12/05/2026" in body and "06/05/2026" in body
    assert "Hội nghị giáo viên" in by_recipient[both.email].body
    assert Assignment.objects.filter(last_reminded_on=FRIDAY).count() == 3


def test_an_assignment_is_not_reminded_twice_the_same_day(plan, units):
    _province, garment, _school = units
    officer("coso", garment)
    assign(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    assert send_reminders(FRIDAY).emails == 1
    assert send_reminders(FRIDAY).emails == 0
    assert due_reminders(FRIDAY) == []
    assert len(mail.outbox) == 1
    assert send_reminders(FRIDAY + datetime.timedelta(days=3)).emails == 1


def test_officers_of_other_units_and_of_the_province_get_nothing(plan, units):
    province, garment, school = units
    officer("coso", garment)
    other = officer("truong", school)
    above = officer("tinh", province, kind="editor")
    assign(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    send_reminders(FRIDAY)
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"coso@example.vn"}
    assert other.email not in recipients and above.email not in recipients


def test_an_assignment_without_anyone_to_email_stays_due(plan, units):
    _province, garment, _school = units
    assign(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    assert send_reminders(FRIDAY).emails == 0
    assert titles(due_reminders(FRIDAY)) == {"Treo băng rôn"}


def test_the_periodic_task_reminds_as_of_todays_date(plan, units):
    _province, garment, _school = units
    officer("coso", garment)
    assign(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    assert PERIODIC["plans.assignment_reminders"].every == datetime.timedelta(hours=6)
    with time_machine.travel(datetime.datetime(2026, 5, 8, 8, 0, tzinfo=HANOI), tick=False):
        result = remind_assignments.enqueue()
    assert result.return_value == 1
    assert Assignment.objects.get().last_reminded_on == FRIDAY
