"""The inbox's indicator kinds on hand-made cases at fixed times: cases received, answered
within the deadline and the median time to the first answer, each over a subtree and
counting only cases opened, and answers given, by the day asked."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.utils import timezone

from lantoa.inbox.models import Case, CaseStatus, Contact, Intake, Topic
from lantoa.org.models import UnitState
from lantoa.org.tests.factories import make_unit
from lantoa.plans import indicators

pytestmark = pytest.mark.django_db
D = datetime.date
TZ = timezone.get_current_timezone()
MONDAY = D(2026, 3, 2)
_numbers = itertools.count(1)


def at(day: D, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)), TZ)


def plus(days: int) -> D:
    return MONDAY + datetime.timedelta(days=days)


@pytest.fixture
def tree():
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    park = make_unit(province, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Vĩnh Long")
    commune = make_unit(province, "commune", "Công đoàn phường Phú Khương")
    song_tien = make_unit(park, name="Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    school = make_unit(commune, name="Công đoàn cơ sở Trường Tiểu học Phú Khương")
    return {"province": province, "park": park, "commune": commune, "song_tien": song_tien, "school": school}


def case(unit, opened, *, due=None, answered=None, intake=Intake.PORTAL, topic=Topic.WAGES) -> Case:
    n = next(_numbers)
    contact = Contact.objects.create(platform=intake, external_id=f"worker-{n}", pseudonym=f"NLĐ-T{n:05d}")
    status = CaseStatus.ANSWERED if answered else CaseStatus.NEW
    return Case.objects.create(
        code=f"LT-TEST-{n:05d}", contact=contact, intake=intake, unit=unit, topic=topic, status=status,
        opened_at=opened, due_at=due or opened + datetime.timedelta(days=3), first_response_at=answered,
    )  # fmt: skip


def compute(code, unit, day, **params):
    return indicators.compute(code, UnitState.objects.on(day).get(unit=unit), day, **params)


def test_the_kinds_are_registered_with_their_settings():
    for code in ("inbox_cases_received", "inbox_answered_on_time", "inbox_median_first_response_hours"):
        kind = indicators.REGISTRY[code]
        assert "inbox.Case" in kind.depends_on and "first_response_at" in kind.dates
        assert set(kind.param_choices) == {"intake", "topic"}
        assert ("", "Mọi kênh") in [(v, str(label)) for v, label in kind.param_choices["intake"]]
    assert indicators.REGISTRY["inbox_answered_on_time"].measure == "percent"


def test_cases_received_count_the_subtree_up_to_the_day(tree):
    case(tree["song_tien"], at(MONDAY, 9))
    case(tree["song_tien"], at(plus(1), 23, 30), intake=Intake.ZALO_OA, topic=Topic.OSH)
    case(tree["park"], at(plus(1), 10), intake=Intake.HOTLINE)
    case(tree["school"], at(plus(2), 8))
    case(tree["song_tien"], at(plus(3), 0, 5))  # after the days asked below

    assert compute("inbox_cases_received", tree["province"], plus(2)).value == 4
    assert compute("inbox_cases_received", tree["park"], plus(2)).value == 3
    assert compute("inbox_cases_received", tree["commune"], plus(2)).value == 1
    assert compute("inbox_cases_received", tree["song_tien"], plus(1)).value == 2  # 23:30 is still that day
    assert compute("inbox_cases_received", tree["province"], MONDAY).value == 1
    assert compute("inbox_cases_received", tree["province"], plus(3)).value == 5
    assert compute("inbox_cases_received", tree["province"], plus(2), intake=Intake.ZALO_OA).value == 1
    assert compute("inbox_cases_received", tree["province"], plus(2), topic=Topic.WAGES).value == 3
    assert compute("inbox_cases_received", tree["province"], plus(2), intake="", topic="").value == 4
    with pytest.raises(ValueError):
        compute("inbox_cases_received", tree["province"], plus(2), intake="pigeon")
    with pytest.raises(ValueError):
        compute("inbox_cases_received", tree["province"], plus(2), topic="weather")


def test_a_target_counts_only_cases_since_its_plan_started(tree):
    case(tree["song_tien"], at(MONDAY, 9))
    case(tree["song_tien"], at(plus(2), 9))
    target = SimpleNamespace(baseline_on=plus(1), plan=SimpleNamespace(period_start=MONDAY))
    assert compute("inbox_cases_received", tree["province"], plus(3), target=target).value == 1


def test_answered_on_time_is_the_share_of_cases_due_by_the_day_first_answered_by_their_deadline(tree):
    unit = tree["song_tien"]
    case(unit, at(MONDAY, 8), due=at(MONDAY, 12), answered=at(MONDAY, 11))  # on time
    case(unit, at(MONDAY, 9), due=at(MONDAY, 13), answered=at(plus(2), 9))  # late, answered two days on
    case(unit, at(MONDAY, 10), due=at(MONDAY, 14))  # never answered: late
    case(unit, at(MONDAY, 10), due=at(plus(4), 10), answered=at(MONDAY, 15))  # not due yet: not counted
    case(tree["school"], at(plus(1), 8), due=at(plus(1), 9), answered=at(plus(1), 8, 30))  # on time, a day later

    monday = compute("inbox_answered_on_time", tree["province"], MONDAY)
    assert (monday.numerator, monday.denominator, monday.value) == (1, 3, 33.3)
    assert monday.details == {"late": 2}
    tuesday = compute("inbox_answered_on_time", tree["province"], plus(1))
    assert (tuesday.numerator, tuesday.denominator, tuesday.value) == (2, 4, 50.0)
    later = compute("inbox_answered_on_time", tree["province"], plus(3))
    assert (later.numerator, later.denominator) == (2, 4)  # a late answer stays late
    assert compute("inbox_answered_on_time", tree["commune"], plus(1)).value == 100.0
    empty = compute("inbox_answered_on_time", tree["province"], MONDAY - datetime.timedelta(days=1))
    assert (empty.value, empty.denominator) == (0.0, 0)


def test_median_first_response_counts_answers_given_by_the_day(tree):
    unit = tree["song_tien"]
    case(unit, at(MONDAY, 8), answered=at(MONDAY, 10))  # 2 h
    case(unit, at(MONDAY, 8), answered=at(MONDAY, 18))  # 10 h
    case(unit, at(MONDAY, 8), answered=at(plus(1), 14))  # 30 h, the next day
    case(unit, at(MONDAY, 8), answered=at(plus(4), 8))  # 96 h, four days on
    case(unit, at(MONDAY, 9))  # not answered: not counted
    case(tree["school"], at(MONDAY, 9), answered=at(MONDAY, 9, 45), intake=Intake.WALK_IN)  # 0.75 h

    def median(day, root=tree["province"], **params):
        value = compute("inbox_median_first_response_hours", root, day, **params)
        return value.value, value.details["answered"]

    assert median(MONDAY) == (2.0, 3)  # 0.75, 2, 10
    assert median(plus(1)) == (6.0, 4)  # 0.75, 2, 10, 30
    assert median(plus(4)) == (10.0, 5)
    assert median(plus(4), root=tree["park"]) == (20.0, 4)
    assert median(plus(4), intake=Intake.WALK_IN) == (0.8, 1)
    assert median(MONDAY - datetime.timedelta(days=1)) == (0.0, 0)
