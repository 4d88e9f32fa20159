"""A merge hands the merged union's pending tasks to its successor; done ones stay its
history; the counts of every subtree match a recount after the paths moved."""

import datetime

import pytest

from lantoa.cascade import actions
from lantoa.cascade.models import TaskStatus, UnitTask
from lantoa.org import actions as org_actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import make_user

from .test_dispatch import recounted, send, stored, tree  # noqa: F401 - the tree fixture

pytestmark = pytest.mark.django_db


def test_a_merge_moves_the_open_tasks_and_keeps_the_counts_right(tree, django_capture_on_commit_callbacks):  # noqa: F811
    admin = make_user("tinh.quantri")
    org_actions.do_assign_role(user=admin, unit=tree["province"], kind=RoleKind.FEDERATION_ADMIN, actor=None)
    dispatch, _ = send(tree, django_capture_on_commit_callbacks, targets={"kinds": ["grassroots", "commune"]})
    source, successor = tree["communes"][1], tree["communes"][0]
    done = UnitTask.objects.filter(dispatch=dispatch, unit=source).order_by("pk").first()
    actions.do_mark(done, actor=None, status=TaskStatus.DONE)
    successor_tasks = UnitTask.objects.filter(dispatch=dispatch, unit=successor)
    actions.do_mark(successor_tasks.first(), actor=None, status=TaskStatus.DONE)

    org_actions.do_merge_units(source, target=successor, on_date=datetime.date.today(), actor=admin)

    assert UnitTask.objects.filter(unit=source, status=TaskStatus.PENDING).count() == 0
    assert UnitTask.objects.filter(pk=done.pk, unit=source, status=TaskStatus.DONE).exists()  # its history
    assert successor_tasks.count() == 2  # the same dispatch and actions: the successor's own are kept, once
    assert stored(dispatch) == recounted(dispatch)


def test_a_moved_unit_takes_its_tasks_counts_to_its_new_parent(tree, django_capture_on_commit_callbacks):  # noqa: F811
    """A grassroots union moved from one commune to another: its tasks leave the old
    commune's counts and join the new one's; every subtree matches a recount."""
    admin = make_user("tinh.quantri")
    org_actions.do_assign_role(user=admin, unit=tree["province"], kind=RoleKind.FEDERATION_ADMIN, actor=None)
    dispatch, _ = send(tree, django_capture_on_commit_callbacks)
    moved, old_parent, new_parent = tree["grassroots"][0], tree["communes"][0], tree["communes"][1]
    actions.do_mark(UnitTask.objects.filter(dispatch=dispatch, unit=moved).first(), actor=None, status=TaskStatus.DONE)
    before_old = stored(dispatch)[(old_parent.pk, dispatch.due_on)]
    before_new = stored(dispatch)[(new_parent.pk, dispatch.due_on)]

    org_actions.do_move_unit(moved, new_parent=new_parent, on_date=datetime.date.today(), actor=admin)

    after = stored(dispatch)
    assert after == recounted(dispatch)
    assert after[(old_parent.pk, dispatch.due_on)][:2] == (before_old[0] - 2, before_old[1] - 1)  # two actions
    assert after[(new_parent.pk, dispatch.due_on)][:2] == (before_new[0] + 2, before_new[1] + 1)
