"""Reminders of work due: a plan's duties (and any other task) due within 3 working days or
late are brought up to the unit's officers, once per person, in the app and by e-mail, and
again only after a few days."""

import datetime
import zoneinfo

import pytest
import time_machine

from lantoa.cascade import actions as cascade_actions
from lantoa.cascade import notices
from lantoa.cascade.models import TaskStatus, UnitTask
from lantoa.cascade.tasks import remind_due_tasks
from lantoa.lib.tasks import PERIODIC
from lantoa.org import actions
from lantoa.org.tests.factories import D, make_unit, make_user
from lantoa.plans import actions as plan_actions
from lantoa.plans.models import Plan, Responsibility
from lantoa.workspace.models import Notification

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


def duty(plan, unit, title, due_on) -> UnitTask:
    """The plan's duty `title` handed to `unit` alone: its one task."""
    responsibility, _ = Responsibility.objects.get_or_create(plan=plan, heading="Các đơn vị", duties="Tuyên truyền")
    (task,) = plan_actions.do_assign_responsibility(
        responsibility, actor=None, title=title, due_on=due_on, units=[unit]
    )
    return task


def titles(tasks):
    return set(tasks.values_list("dispatch__title", flat=True))


def due_notices():
    return Notification.objects.filter(kind="cascade.due")


def remind(day, capture):
    """One reminder pass, with the e-mails its commit enqueues sent."""
    with capture(execute=True):
        return notices.remind(day)


def test_due_in_three_working_days_across_a_weekend_is_reminded_but_four_is_not(plan, units):
    _province, garment, _school = units
    duty(plan, garment, "Treo băng rôn Tháng Công nhân", D(2026, 5, 12))  # Mon 11, Tue 12
    duty(plan, garment, "Báo cáo sơ kết", D(2026, 5, 13))  # the 3rd working day: still in
    duty(plan, garment, "Tọa đàm 4 ngày sau", D(2026, 5, 14))
    duty(plan, garment, "Hội thi cuối tháng", D(2026, 5, 22))  # 10 working days
    done = duty(plan, garment, "Đã xong", D(2026, 5, 4))
    cascade_actions.do_mark(done, actor=None, status=TaskStatus.DONE, day=D(2026, 5, 4), report="Đã báo cáo")
    assert titles(notices.due_tasks(FRIDAY)) == {"Treo băng rôn Tháng Công nhân", "Báo cáo sơ kết"}


def test_overdue_is_counted_in_working_days_skipping_tet(plan, units, mailoutbox, django_capture_on_commit_callbacks):
    _province, garment, _school = units
    user = officer("coso", garment)
    duty(plan, garment, "Tổ chức Tết Sum vầy", D(2026, 2, 13))  # the Friday before the Tết break 16–20/2
    remind(D(2026, 2, 24), django_capture_on_commit_callbacks)
    (notice,) = due_notices()
    assert notice.recipient_id == user.pk
    assert "Tổ chức Tết Sum vầy (hạn 13/02/2026, quá hạn 2 ngày làm việc)" in notice.message
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert "quá hạn 2 ngày làm việc" in message.body


def test_each_person_gets_one_notice_listing_their_units_tasks(
    plan, units, mailoutbox, django_capture_on_commit_callbacks
):
    _province, garment, school = units
    chair, deputy = officer("chutich", garment), officer("phochutich", garment)
    both = officer("kiemnhiem", garment, kind="editor")
    actions.do_assign_role(user=both, unit=school, kind="viewer", actor=None)  # reads the school: not its work
    principal = officer("truong", school)
    principal.email = ""
    principal.save()
    duty(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    duty(plan, garment, "Báo cáo sơ kết", D(2026, 5, 6))
    duty(plan, school, "Hội nghị giáo viên", D(2026, 5, 11))
    assert remind(FRIDAY, django_capture_on_commit_callbacks) >= 4
    by_person = {n.recipient_id: n.message for n in due_notices()}
    assert set(by_person) == {chair.pk, deputy.pk, both.pk, principal.pk}  # one each
    for user in (chair, deputy, both):
        text = by_person[user.pk]
        assert text.startswith("2 ")
        assert "Báo cáo sơ kết (hạn 06/05/2026, quá hạn 2 ngày làm việc)" in text
        assert "Treo băng rôn (hạn 12/05/2026, còn 2 ngày làm việc)" in text
        assert "Hội nghị giáo viên" not in text
    assert by_person[principal.pk].startswith("1 ") and "Hội nghị giáo viên (hạn 11/05/2026" in by_person[principal.pk]
    # By e-mail to those with an address: the principal has none.
    assert sorted(message.to[0] for message in mailoutbox) == sorted([chair.email, deputy.email, both.email])
    assert all("Treo băng rôn" in message.body for message in mailoutbox)
    assert UnitTask.objects.filter(reminded_on=FRIDAY).count() == 3


def test_a_task_is_not_reminded_twice_the_same_day(plan, units, mailoutbox, django_capture_on_commit_callbacks):
    _province, garment, _school = units
    officer("coso", garment)
    duty(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    assert remind(FRIDAY, django_capture_on_commit_callbacks) == 1
    assert remind(FRIDAY, django_capture_on_commit_callbacks) == 0
    assert not notices.due_tasks(FRIDAY).exists()
    assert len(mailoutbox) == 1
    assert remind(FRIDAY + notices.REMIND_EVERY, django_capture_on_commit_callbacks) == 1  # Monday: again
    assert len(mailoutbox) == 2


def test_only_the_units_officers_hear_of_work_due_and_the_sender_of_late_units(
    plan, units, mailoutbox, django_capture_on_commit_callbacks
):
    province, garment, school = units
    coso = officer("coso", garment)
    other = officer("truong", school)
    above = officer("tinh", province, kind="editor")
    soon = duty(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    remind(FRIDAY, django_capture_on_commit_callbacks)
    assert list(due_notices().values_list("recipient_id", flat=True)) == [coso.pk]
    assert {address for message in mailoutbox for address in message.to} == {coso.email}
    assert not Notification.objects.filter(recipient__in=[other, above]).exists()  # not late: the sender waits
    # Late: the province that handed the duty hears how many units are late, in the app only.
    UnitTask.objects.filter(pk=soon.pk).update(reminded_on=None)
    remind(D(2026, 5, 14), django_capture_on_commit_callbacks)
    to_sender = Notification.objects.get(kind="cascade.units_late")
    assert to_sender.recipient_id == above.pk and "Treo băng rôn" in to_sender.message
    assert above.email not in {address for message in mailoutbox for address in message.to}
    assert not Notification.objects.filter(recipient=other).exists()


def test_a_task_without_anyone_to_tell_stays_due(plan, units, mailoutbox, django_capture_on_commit_callbacks):
    _province, garment, _school = units
    task = duty(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    assert remind(FRIDAY, django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []
    assert titles(notices.due_tasks(FRIDAY)) == {"Treo băng rôn"}
    assert UnitTask.objects.get(pk=task.pk).reminded_on is None


def test_the_periodic_task_reminds_as_of_todays_date(plan, units):
    _province, garment, _school = units
    officer("coso", garment)
    task = duty(plan, garment, "Treo băng rôn", D(2026, 5, 12))
    assert PERIODIC["cascade.remind"].every == datetime.timedelta(hours=6)
    with time_machine.travel(datetime.datetime(2026, 5, 8, 8, 0, tzinfo=HANOI), tick=False):
        result = remind_due_tasks.enqueue()
    assert result.return_value == 1
    assert UnitTask.objects.get(pk=task.pk).reminded_on == FRIDAY
