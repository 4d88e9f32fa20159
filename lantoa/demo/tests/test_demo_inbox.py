"""The demo's inbox, loaded with the province through `manage.py load_demo --if-empty`:
cases in every status and from every intake, routed in the Vĩnh Long tree, answered in
Vietnamese, some escalated, and the stoppage critical and at the province."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lantoa.demo import province as demo
from lantoa.inbox.models import Case, CaseStatus, Direction, Intake, Message, Topic, Urgency
from lantoa.org.models import Unit, UnitState
from lantoa.plans import indicators

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--if-empty", stdout=StringIO())
        yield {"units": demo.key_units()}
        transaction.set_rollback(True)


def test_the_demo_has_cases_in_every_status_from_every_intake(loaded):
    cases = Case.objects.all()
    assert 250 <= cases.count() <= 400
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(cases.values_list("intake", flat=True)) == set(Intake.values)
    assert len(set(cases.values_list("topic", flat=True))) >= 9
    province = loaded["units"]["vinh_long"]
    in_tree = Unit.objects.in_subtree(province.path).values("pk")
    assert not cases.exclude(unit__in=in_tree).exists()  # nothing escaped the province
    assert cases.filter(employer_unit__isnull=False).count() > cases.count() // 2  # routing found the employers
    assert cases.filter(unit=loaded["units"]["grassroots"]).exists()  # coso.demo has work
    assert cases.filter(escalated_at__isnull=False).count() >= 5
    answered = cases.filter(first_response_at__isnull=False)
    assert answered.filter(first_response_at__lte=F("due_at")).exists()
    assert answered.filter(first_response_at__gt=F("due_at")).exists()  # some late
    answer = Message.objects.filter(direction=Direction.OUT).first()
    assert "công đoàn" in answer.body.lower()
    contacts = cases.values_list("contact__name", flat=True)
    named = [name for name in contacts if name]
    assert 0.3 * len(contacts) <= len(named) <= 0.8 * len(contacts)


def test_the_stoppage_is_critical_and_handled_by_the_province(loaded):
    province = loaded["units"]["vinh_long"]
    stoppage = Case.objects.get(contact__external_id="demo-hotline-stoppage")
    assert (stoppage.topic, stoppage.urgency) == (Topic.DISPUTE_STRIKE, Urgency.CRITICAL)
    assert stoppage.unit == province and stoppage.escalated_at is not None
    assert "ngừng việc tập thể" in stoppage.messages.filter(direction=Direction.IN).get().body
    assert stoppage.messages.filter(direction=Direction.NOTE).count() == 2
    assert stoppage.status == CaseStatus.IN_PROGRESS and stoppage.first_response_at > stoppage.due_at


def test_the_indicators_read_the_demo(loaded):
    today = timezone.localdate()
    root = UnitState.objects.on(today).get(unit=loaded["units"]["vinh_long"])
    received = indicators.compute("inbox_cases_received", root, today)
    assert received.value == Case.objects.count()
    week_ago = indicators.compute("inbox_cases_received", root, today - datetime.timedelta(days=7))
    assert 0 < week_ago.value < received.value
    on_time = indicators.compute("inbox_answered_on_time", root, today)
    assert 40 <= on_time.value <= 95
    median = indicators.compute("inbox_median_first_response_hours", root, today)
    assert median.value > 0 and median.details["answered"] > 100
