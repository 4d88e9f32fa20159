"""The demo verifies its groups on their own (generated) days: plan 58's share of communes
with a verified Zalo group grows over the months instead of jumping on the load day."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lantoa.channels.models import Channel, ChannelEvent, ChannelEventKind, ChannelKind, Verification
from lantoa.channels.queries import verification_queue
from lantoa.demo.province import load_demo_province
from lantoa.org.models import UnitKind
from lantoa.plans.indicators import evaluate
from lantoa.plans.models import Target
from lantoa.plans.rollups import month_ends

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        units = load_demo_province(today=today)
        yield {"today": today, **units["plans"]}
        transaction.set_rollback(True)


def groups_target(plan) -> Target:
    return Target.objects.get(plan=plan, indicator="units_with_groups")


def test_plan_58_verified_group_share_has_no_jump_on_the_load_day(loaded):
    today, target = loaded["today"], groups_target(loaded["vinh_long_plan"])
    yesterday = today - datetime.timedelta(days=1)
    assert evaluate(target, yesterday).value == evaluate(target, today).value
    shares = [evaluate(target, day).value for day in month_ends(datetime.date(2025, 9, 1), yesterday)]
    assert shares[0] > 0 and shares == sorted(shares)
    assert max(later - earlier for earlier, later in zip(shares, shares[1:], strict=False)) < 25


def test_no_verification_of_the_demo_is_dated_on_the_load_day(loaded):
    verdicts = ChannelEvent.objects.filter(kind__in=[ChannelEventKind.VERIFIED, ChannelEventKind.UNVERIFIED])
    assert verdicts.exists() and not verdicts.filter(on_date__gte=loaded["today"]).exists()


def test_the_province_has_commune_groups_waiting_refused_and_verified(loaded):
    groups = Channel.objects.filter(unit__kind=UnitKind.COMMUNE, kind=ChannelKind.ZALO_GROUP)
    states = set(groups.values_list("verification", flat=True))
    assert states == {Verification.PENDING, Verification.REFUSED, Verification.VERIFIED}
    editor = get_user_model().objects.get(username="tinh.tuyengiao")
    assert verification_queue(editor).filter(unit__kind=UnitKind.COMMUNE).exists()
    refused = groups.filter(verification=Verification.REFUSED).first()
    assert refused.events.get(kind=ChannelEventKind.UNVERIFIED).reason.startswith(("Nhóm", "Đường", "Tên"))
