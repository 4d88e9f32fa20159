"""Officers hear of new work once each; late work is brought up to the late unit's officers
and to the unit that sent it, again only after a few days."""

import datetime

import pytest

from lantoa.cascade import actions, notices
from lantoa.cascade.models import TaskStatus, UnitTask
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import make_user
from lantoa.workspace.models import Notification

from .test_dispatch import DUE, TODAY, tree  # noqa: F401 - the tree fixture

pytestmark = pytest.mark.django_db


def officer(name, unit, kind=RoleKind.UNIT_OFFICER):
    user = make_user(name)
    org_actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
    return user


def test_new_work_and_late_work_reach_the_right_people(tree, django_capture_on_commit_callbacks):  # noqa: F811
    first, second = tree["grassroots"][0], tree["grassroots"][1]
    a, b = officer("coso.a", first), officer("coso.b", second)
    sender_editor = officer("tinh.bientap", tree["province"], RoleKind.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch, _ = actions.do_dispatch(
            sender=tree["province"], actor=None, title="Tháng Công nhân", actions=["bulletin_board", "poster"],
            due_on=DUE, targets={"kinds": ["grassroots"]},
        )  # fmt: skip
    new = Notification.objects.filter(kind="cascade.new_work")
    assert sorted(new.values_list("recipient__username", flat=True)) == ["coso.a", "coso.b"]  # once each, two tasks
    assert "Tháng Công nhân" in new.first().message and DUE.strftime("%d/%m/%Y") in new.first().message
    actions.fan_out(dispatch.pk)  # the task run again (its worker was lost after it finished)
    assert new.count() == 2

    UnitTask.objects.filter(dispatch=dispatch).update(due_on=TODAY - datetime.timedelta(days=1))
    actions.do_mark(UnitTask.objects.filter(unit=second).first(), actor=None, status=TaskStatus.DONE)
    assert notices.remind(TODAY) > 0
    late = Notification.objects.filter(kind="cascade.due")
    assert {(n.recipient_id, n.message.split()[0]) for n in late} == {(a.pk, "2"), (b.pk, "1")}
    assert "Tháng Công nhân" in late.get(recipient=a).message
    to_sender = Notification.objects.get(kind="cascade.units_late")
    assert to_sender.recipient_id == sender_editor.pk and to_sender.message.startswith("6 ")
    # Not again the same day, to anyone: the sending unit included, though four of its late
    # units have nobody to tell.
    assert notices.remind(TODAY) == 0
    assert notices.remind(TODAY + notices.REMIND_EVERY) > 0  # but after a few days
