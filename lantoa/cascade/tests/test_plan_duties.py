"""The officer's work pages and a plan's duties. A plan's responsibility handed to units is
cascade work like any other: one dispatch from the plan's issuing unit, one task per unit,
counted in the compliance rollup, done on the officer's pages with a report of what was
done. Handing it again makes nothing new. The pages also show the unit's channels."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lantoa.cascade import actions, compliance
from lantoa.cascade.models import Action, Dispatch, TaskStatus, UnitTask
from lantoa.org.models import Role, RoleKind
from lantoa.org.tests.factories import D, fresh, make_unit, make_user
from lantoa.plans import actions as plan_actions
from lantoa.plans.models import Plan, Responsibility

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=7)


@pytest.fixture
def world():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    communes = [make_unit(province, "commune", f"Công đoàn phường {name}") for name in ("Phú Khương", "Long Châu")]
    plan = Plan(
        issuing_unit=province, number=196, symbol="KH-LĐLĐ", place="Vĩnh Long", issued_on=D(2026, 1, 5),
        title="Truyền thông Công đoàn năm 2026", period_start=D(2026, 1, 5), period_end=D(2026, 12, 31),
        status="issued", signer_name="Nguyễn Văn Minh",
    )  # fmt: skip
    plan.responsibilities = [
        Responsibility(heading="Công đoàn cấp trên trực tiếp cơ sở", duties="Cụ thể hóa kế hoạch và báo cáo quý.")
    ]
    plan = plan_actions.do_save_plan(plan, actor=None)
    officer = make_user("phukhuong")
    Role.objects.create(user=officer, unit=communes[0], kind=RoleKind.UNIT_OFFICER)
    return plan, plan.responsibilities.get(), communes, fresh(officer)


def hand(responsibility, units, title="Báo cáo kết quả quý I"):
    return plan_actions.do_assign_responsibility(responsibility, actor=None, title=title, due_on=DUE, units=units)


def test_a_duty_becomes_one_dispatch_with_a_task_per_unit_counted_up_the_tree(world):
    plan, responsibility, communes, _officer = world
    tasks = hand(responsibility, communes)
    assert [task.unit for task in tasks] == sorted(communes, key=lambda unit: unit.path)
    dispatch = Dispatch.objects.get()
    assert (dispatch.plan, dispatch.responsibility, dispatch.sender_unit) == (plan, responsibility, plan.issuing_unit)
    assert dispatch.actions == [Action.PLAN_DUTY] and dispatch.note == responsibility.duties
    assert {task.action for task in tasks} == {Action.PLAN_DUTY}
    assert compliance.compliance_of(dispatch, plan.issuing_unit_id).total == 2


def test_handing_the_same_duty_again_makes_nothing_new_but_another_title_does(world):
    _plan, responsibility, communes, _officer = world
    first = hand(responsibility, communes)
    again = hand(responsibility, communes)
    assert [task.pk for task in again] == [task.pk for task in first]
    hand(responsibility, communes, title="Báo cáo kết quả quý II")
    assert Dispatch.objects.count() == 2 and UnitTask.objects.count() == 4


def test_a_duty_may_fall_to_the_issuing_union_itself(world):
    plan, responsibility, _communes, _officer = world
    (task,) = hand(responsibility, [plan.issuing_unit])
    assert task.unit_id == plan.issuing_unit_id


def test_done_needs_a_report_of_what_was_done(world):
    _plan, responsibility, communes, officer = world
    task = hand(responsibility, communes)[0]
    with pytest.raises(ValidationError):
        actions.do_mark(task, actor=officer, status=TaskStatus.DONE, report="  ")
    actions.do_mark(task, actor=officer, status=TaskStatus.DONE, report="Đã gửi báo cáo quý I cho Ban Tuyên giáo.")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.report.startswith("Đã gửi")
    assert compliance.compliance_of(task.dispatch, task.unit_id).done == 1


def test_the_officer_reports_a_duty_on_their_work_page_and_a_missing_report_keeps_the_rest(world, client):
    _plan, responsibility, communes, officer = world
    task = hand(responsibility, communes)[0]
    client.force_login(officer)
    page = client.get(reverse("viec:index")).content.decode()
    assert "Báo cáo kết quả quý I" in page
    url = reverse("viec:task", args=[task.pk])
    form = client.get(url).content.decode()
    assert 'name="report"' in form and "KH-LĐLĐ" in form and 'name="reach"' not in form
    day = TODAY.strftime("%d/%m/%Y")
    refused = client.post(url, {"outcome": "done", "day": day, "url": "https://vinhlong.example/bao-cao"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Hãy nêu những việc đã làm." in body and "https://vinhlong.example/bao-cao" in body
    done = client.post(url, {"outcome": "done", "day": day, "report": "Đã tổ chức 3 buổi sinh hoạt chuyên đề."})
    assert done.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.report) == (TaskStatus.DONE, "Đã tổ chức 3 buổi sinh hoạt chuyên đề.")


def test_the_work_page_shows_the_unit_channels_and_their_verification(world, client):
    from lantoa.channels.actions import do_save_channel
    from lantoa.channels.models import Channel

    _plan, _responsibility, communes, officer = world
    do_save_channel(Channel(), actor=None, unit=communes[0], kind="zalo_group", name="Nhóm Zalo CĐ phường Phú Khương",
                    address="https://zalo.me/g/phukhuong")  # fmt: skip
    do_save_channel(Channel(), actor=None, unit=communes[1], kind="zalo_group", name="Nhóm Zalo CĐ phường Long Châu",
                    address="https://zalo.me/g/longchau")  # fmt: skip
    client.force_login(officer)
    page = client.get(reverse("viec:index")).content.decode()
    assert "Nhóm Zalo CĐ phường Phú Khương" in page and "Chờ xác minh" in page
    assert "Long Châu" not in page  # another union's channel


def test_marking_needs_rights_on_the_task_s_unit_not_only_the_pages_check(world):
    """`do_mark` checks the actor itself: an officer of one commune cannot mark another's
    task, even when called outside the officer pages; its own task it can."""
    _plan, responsibility, communes, officer = world
    own, other = hand(responsibility, communes)
    with pytest.raises(ValidationError):
        actions.do_mark(other, actor=officer, status=TaskStatus.DONE, report="Không phải việc của tôi")
    assert UnitTask.objects.get(pk=other.pk).status == TaskStatus.PENDING
    actions.do_mark(own, actor=officer, status=TaskStatus.NOT_APPLICABLE, reason="Đơn vị chưa có hội nghị")
    assert UnitTask.objects.get(pk=own.pk).status == TaskStatus.NOT_APPLICABLE
