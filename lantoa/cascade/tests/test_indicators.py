"""The cascade's indicator kinds on a hand-built tree: settled, on time and units that
acted, each counting only what was sent and done by the day asked."""

import datetime

import pytest
from django.utils import timezone

from lantoa.cascade import actions
from lantoa.cascade.models import Dispatch, TaskStatus, UnitTask
from lantoa.org.models import UnitState
from lantoa.plans import indicators
from lantoa.plans.models import Campaign, Plan

from .test_dispatch import DUE, TODAY, tree  # noqa: F401 - the tree fixture

pytestmark = pytest.mark.django_db


def state(unit, day):
    return UnitState.objects.on(day).get(unit=unit)


def compute(code, unit, day, **params):
    return indicators.compute(code, state(unit, day), day, **params)


@pytest.fixture
def sent(tree, django_capture_on_commit_callbacks):  # noqa: F811
    campaign = Campaign.objects.create(
        plan=Plan.objects.create(
            issuing_unit=tree["province"], number=7, symbol="KH-LĐLĐ", place="Vĩnh Long", title="Kế hoạch 2026",
            issued_on=TODAY - datetime.timedelta(days=30), period_start=TODAY - datetime.timedelta(days=30),
            period_end=TODAY + datetime.timedelta(days=300), status="issued",
        ),
        unit=tree["province"], title="Tháng Công nhân", start_date=TODAY, end_date=DUE,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        dispatch, _ = actions.do_dispatch(
            sender=tree["province"], actor=None, title="Tháng Công nhân", actions=["bulletin_board"], due_on=DUE,
            targets={"kinds": ["grassroots"]}, campaign=campaign,
        )  # fmt: skip
    return dispatch, campaign


def test_the_kinds_count_what_was_due_and_done_by_the_day(tree, sent):  # noqa: F811
    dispatch, campaign = sent
    tasks = list(UnitTask.objects.filter(dispatch=dispatch).order_by("pk"))  # six grassroots unions
    past = TODAY - datetime.timedelta(days=4)
    UnitTask.objects.filter(pk__in=[t.pk for t in tasks[:4]]).update(due_on=past)  # four were due four days ago
    Dispatch.objects.filter(pk=dispatch.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    actions.do_mark(tasks[0], actor=None, status=TaskStatus.DONE, day=past)  # on time
    actions.do_mark(tasks[1], actor=None, status=TaskStatus.DONE, day=TODAY)  # late
    actions.do_mark(tasks[2], actor=None, status=TaskStatus.NOT_APPLICABLE, reason="Không có bảng tin")
    actions.do_mark(tasks[5], actor=None, status=TaskStatus.DONE, day=TODAY)  # early, not due yet

    settled = compute("dispatch_compliance", tree["province"], TODAY)
    assert (settled.numerator, settled.denominator, settled.value) == (3, 4, 75.0)
    on_time = compute("dispatch_on_time", tree["province"], TODAY)
    assert (on_time.numerator, on_time.denominator) == (1, 3)  # the one not applying is left out
    yesterday = compute("dispatch_compliance", tree["province"], TODAY - datetime.timedelta(days=1))
    assert (yesterday.numerator, yesterday.denominator) == (1, 4)  # nothing marked today counts yet
    acted = compute("campaign_units_acted", tree["province"], TODAY, campaign=str(campaign.pk))
    assert (acted.numerator, acted.denominator) == (3, 6)
    commune = compute("dispatch_compliance", tree["communes"][0], TODAY)
    assert commune.denominator == sum(1 for t in tasks[:4] if t.unit.parent_id == tree["communes"][0].pk)
    assert compute("dispatch_compliance", tree["province"], TODAY, unit_kind="commune").denominator == 0


def test_a_dispatch_sent_after_the_day_is_not_counted(tree, sent):  # noqa: F811
    dispatch, _campaign = sent
    UnitTask.objects.filter(dispatch=dispatch).update(due_on=TODAY - datetime.timedelta(days=5))
    before = TODAY - datetime.timedelta(days=2)  # due then, but sent only today
    assert compute("dispatch_compliance", tree["province"], before).denominator == 0
    with pytest.raises(ValueError):
        compute("dispatch_compliance", tree["province"], TODAY, unit_kind="planet")
