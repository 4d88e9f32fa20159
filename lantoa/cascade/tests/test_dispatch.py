"""Dispatch, fan-out, relay and marks on a hand-built tree: tasks made once whatever is
sent twice, relayed work counted toward the original, and the compliance counts of every
subtree equal to a recount of the tasks after any sequence of marks."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.cascade import actions, compliance
from lantoa.cascade.models import ComplianceCount, Dispatch, TaskStatus, UnitTask
from lantoa.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=7)
SHARE, BOARD = "share_zalo_group", "bulletin_board"


@pytest.fixture
def tree():
    """A province; two communes with three and two grassroots unions; a park with one."""
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    communes = [make_unit(province, "commune", f"Công đoàn phường {n}") for n in (1, 2)]
    park = make_unit(province, "industrial_park", "Công đoàn các khu công nghiệp")
    grassroots = [make_unit(communes[0], name=f"Công đoàn cơ sở A{n}") for n in range(3)]
    grassroots += [make_unit(communes[1], name=f"Công đoàn cơ sở B{n}") for n in range(2)]
    grassroots += [make_unit(park, name="Công đoàn Công ty May Việt Tiến")]
    return {"province": province, "communes": communes, "park": park, "grassroots": grassroots}


def send(tree, django_capture_on_commit_callbacks, *, targets=None, action_list=(SHARE, BOARD), **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return actions.do_dispatch(
            sender=tree["province"], actor=None, title="Hưởng ứng Tháng Công nhân 2026", actions=list(action_list),
            due_on=DUE, targets=targets if targets is not None else {"kinds": ["grassroots"]}, **extra,
        )  # fmt: skip


def recounted(root: Dispatch) -> dict[tuple[int, datetime.date], tuple]:
    """The counts from the tasks themselves, every ancestor included."""
    from lantoa.org import paths

    sums: dict = {}
    for task in compliance.counted_tasks(root.pk).select_related("unit"):
        fields = compliance.task_fields(task.status, task.done_on, task.due_on)
        for unit_id in paths.ancestor_ids(task.unit.path):
            row = sums.setdefault((unit_id, task.due_on), Counter())
            row.update(fields)
    return {key: tuple(row[f] for f in compliance.FIELDS) for key, row in sums.items()}


def stored(root: Dispatch) -> dict[tuple[int, datetime.date], tuple]:
    rows = ComplianceCount.objects.filter(root=root)
    return {
        (row.unit_id, row.due_on): tuple(getattr(row, f) for f in compliance.FIELDS)
        for row in rows
        if row.total or row.done or row.not_applicable
    }


def test_a_dispatch_reaches_every_target_once_even_when_sent_twice(tree, django_capture_on_commit_callbacks):
    dispatch, new = send(tree, django_capture_on_commit_callbacks)
    assert new
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.target_count, dispatch.sent_count, dispatch.progress) == ("sent", 6, 6, 100)
    assert UnitTask.objects.filter(dispatch=dispatch).count() == 12
    again, new_again = send(tree, django_capture_on_commit_callbacks)
    assert again.pk == dispatch.pk and not new_again
    assert UnitTask.objects.count() == 12
    assert actions.fan_out(dispatch.pk) == 6  # the task run again (a worker lost midway) adds nothing
    assert UnitTask.objects.count() == 12
    assert stored(dispatch) == recounted(dispatch)
    assert compliance.compliance_of(dispatch, tree["province"].pk).total == 12


def test_targets_stay_inside_the_senders_subtree_and_follow_the_filters(tree, django_capture_on_commit_callbacks):
    commune = tree["communes"][0]
    dispatch, _ = send(tree, django_capture_on_commit_callbacks, targets={"under": commune.pk})
    assert set(UnitTask.objects.filter(dispatch=dispatch).values_list("unit_id", flat=True)) == {
        unit.pk for unit in tree["grassroots"][:3]
    }
    codes = [tree["grassroots"][5].code, "KHONG-CO"]
    listed, _ = send(tree, django_capture_on_commit_callbacks, targets={"codes": codes}, action_list=[BOARD])
    listed_units = UnitTask.objects.filter(dispatch=listed).values_list("unit_id", flat=True)
    assert list(listed_units) == [tree["grassroots"][5].pk]
    with django_capture_on_commit_callbacks(execute=True):
        outside, _ = actions.do_dispatch(
            sender=commune, actor=None, title="Tin phường", actions=[BOARD], due_on=DUE,
            targets={"under": tree["communes"][1].pk},  # another commune: the sender's own subtree instead
        )  # fmt: skip
    units = set(UnitTask.objects.filter(dispatch=outside).values_list("unit_id", flat=True))
    assert units == {unit.pk for unit in tree["grassroots"][:3]}


YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.mark.parametrize("change", [{"actions": []}, {"actions": ["fly"]}, {"due_on": YESTERDAY}])
def test_a_dispatch_without_actions_or_with_a_past_due_day_is_refused(tree, change):
    fields = {"actions": [SHARE], "due_on": DUE, **change}
    with pytest.raises(ValidationError):
        actions.do_dispatch(sender=tree["province"], actor=None, title="Tin", targets={}, **fields)
    assert not Dispatch.objects.exists()


def test_a_hub_relays_and_its_units_work_counts_toward_the_original(tree, django_capture_on_commit_callbacks):
    original, _ = send(tree, django_capture_on_commit_callbacks, targets={"kinds": ["commune", "industrial_park"]})
    commune = tree["communes"][0]
    later = DUE + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        relay, new = actions.do_relay(commune, original, actor=None, due_on=later, note="Các CĐCS đăng trước thứ Sáu")
    assert new and relay.root_id == original.pk and relay.parent_id == original.pk
    assert set(UnitTask.objects.filter(dispatch=original, unit=commune).values_list("status", flat=True)) == {
        TaskStatus.RELAYED
    }
    relayed = UnitTask.objects.filter(dispatch=relay)
    assert relayed.count() == 6 and set(relayed.values_list("due_on", flat=True)) == {later}
    assert set(relayed.values_list("root_id", flat=True)) == {original.pk}
    assert stored(original) == recounted(original)
    figures = compliance.compliance_of(original, tree["province"].pk)
    assert figures.total == 2 * 2 + 6  # the other commune and the park themselves, and the relayed units
    again, new_again = actions.do_relay(commune, original, actor=None, due_on=later)
    assert again.pk == relay.pk and not new_again
    with pytest.raises(PermissionDenied):  # a unit that got nothing cannot relay it
        actions.do_relay(tree["grassroots"][0], original, actor=None, due_on=later)


def test_marks_move_every_subtree_and_late_is_computed(tree, django_capture_on_commit_callbacks):
    dispatch, _ = send(tree, django_capture_on_commit_callbacks)
    first, second, third = UnitTask.objects.filter(dispatch=dispatch).order_by("pk")[:3]
    actions.do_mark(first, actor=None, status=TaskStatus.DONE, url="https://zalo.me/g/abc")
    actions.do_mark(second, actor=None, status=TaskStatus.NOT_APPLICABLE, reason="Đơn vị chưa có nhóm Zalo")
    UnitTask.objects.filter(pk=third.pk).update(due_on=TODAY - datetime.timedelta(days=2))
    compliance.recount(dispatch.pk)
    actions.do_mark(third, actor=None, status=TaskStatus.DONE)  # done, after its due day
    assert stored(dispatch) == recounted(dispatch)
    figures = compliance.compliance_of(dispatch, tree["province"].pk)
    assert (figures.total, figures.done, figures.done_late, figures.not_applicable) == (12, 2, 1, 1)
    with pytest.raises(ValidationError):
        actions.do_mark(first, actor=None, status=TaskStatus.NOT_APPLICABLE, reason="  ")
    with pytest.raises(ValidationError):
        actions.do_mark(first, actor=None, status=TaskStatus.DONE, day=TODAY + datetime.timedelta(days=1))


def test_the_children_of_a_unit_show_their_own_subtrees(tree, django_capture_on_commit_callbacks):
    dispatch, _ = send(tree, django_capture_on_commit_callbacks, action_list=[BOARD])
    done = UnitTask.objects.filter(dispatch=dispatch, unit=tree["grassroots"][0]).get()
    actions.do_mark(done, actor=None, status=TaskStatus.DONE)
    children = compliance.compliance_of_children(dispatch, tree["province"].pk)
    assert set(children) == {tree["communes"][0].pk, tree["communes"][1].pk, tree["park"].pk}
    assert (children[tree["communes"][0].pk].done, children[tree["communes"][0].pk].total) == (1, 3)
    assert round(children[tree["communes"][0].pk].done_percent) == 33
    assert children[tree["park"].pk].total == 1


@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 11), st.sampled_from(["done", "not_applicable", "pending"])), max_size=15))
def test_the_counts_equal_a_recount_after_any_marks(tree, django_capture_on_commit_callbacks, marks):
    dispatch, _ = send(tree, django_capture_on_commit_callbacks)
    tasks = list(UnitTask.objects.filter(dispatch=dispatch).order_by("pk"))
    past = TODAY - datetime.timedelta(days=3)  # half the tasks were due three days ago: done now is done late
    UnitTask.objects.filter(pk__in=[task.pk for task in tasks[::2]]).update(due_on=past)
    compliance.recount(dispatch.pk)
    for index, mark in marks:
        actions.do_mark(tasks[index], actor=None, status=mark, reason="Đơn vị không có bảng tin")
    assert stored(dispatch) == recounted(dispatch)
    figures = compliance.compliance_of(dispatch, tree["province"].pk)
    pending_past = UnitTask.objects.filter(dispatch=dispatch, status="pending", due_on=past).count()
    assert figures.late == pending_past


def test_the_set_based_insert_fills_every_column_a_task_requires():
    """bulk.TASK_COLUMNS must name every NOT NULL column: a new one would fail every fan-out."""
    from lantoa.cascade import bulk

    required = {field.column for field in UnitTask._meta.concrete_fields if not field.null and not field.primary_key}
    assert required == set(bulk.TASK_COLUMNS)
