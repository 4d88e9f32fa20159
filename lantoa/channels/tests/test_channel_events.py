"""Channel facts are dated events: a figure for a past day reads what was known that day,
and a later un-verification or recount leaves it as it was."""

import datetime
import importlib

import pytest
from django.apps import apps

from lantoa.channels import actions
from lantoa.channels.models import Channel, ChannelEvent, ChannelEventKind, ChannelKind, Verification
from lantoa.channels.tests.factories import channel_with_history
from lantoa.org.models import UnitState
from lantoa.org.tests.factories import make_unit
from lantoa.plans import actions as plan_actions
from lantoa.plans import indicators, rollups
from lantoa.plans.models import Plan, Target

pytestmark = pytest.mark.django_db
D = datetime.date
CHECK_2021, UNVERIFIED_ON, LATER = D(2021, 3, 1), D(2024, 5, 20), D(2024, 6, 30)


@pytest.fixture
def province():
    root = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    ba_tri = make_unit(root, "district", "Liên đoàn Lao động huyện Ba Tri", valid_from=D(1980, 1, 1))
    binh_dai = make_unit(root, "district", "Liên đoàn Lao động huyện Bình Đại", valid_from=D(1980, 1, 1))
    return root, ba_tri, binh_dai


def zalo_group(unit, slug, *, since, verified_on=None, audience=None, counted_on=None):
    group = actions.do_save_channel(
        Channel(), actor=None, unit=unit, kind=ChannelKind.ZALO_GROUP, name=f"Nhóm Zalo {slug}",
        address=f"https://zalo.me/g/{slug}", active_from=since, audience_count=audience,
        audience_counted_on=counted_on,
    )  # fmt: skip
    if verified_on:
        actions.do_verify_channel(group, actor=None, on_date=verified_on)
    return group


def share_on(root, day) -> indicators.Value:
    state = UnitState.objects.on(day).get(unit=root)
    return indicators.compute("units_with_groups", state, day, unit_kinds=["district"], required_kinds=["zalo_group"])


def test_un_verifying_a_group_leaves_the_past_alone(province):
    root, ba_tri, binh_dai = province
    group = zalo_group(ba_tri, "batri", since=D(2020, 11, 1), verified_on=D(2020, 12, 1))
    zalo_group(binh_dai, "binhdai", since=D(2020, 11, 1), verified_on=D(2021, 1, 5))
    assert share_on(root, CHECK_2021).value == 100.0

    actions.do_refuse_channel(group, actor=None, reason="Nhóm đã ngừng hoạt động.", on_date=UNVERIFIED_ON)

    assert share_on(root, CHECK_2021).value == 100.0
    assert share_on(root, UNVERIFIED_ON - datetime.timedelta(days=1)).value == 100.0
    later = share_on(root, LATER)
    assert later.value == 50.0 and later.details["lagging_unit_ids"] == [ba_tri.pk]


def test_a_group_verified_after_the_check_does_not_count_on_it(province):
    root, ba_tri, binh_dai = province
    zalo_group(ba_tri, "batri", since=D(2020, 11, 1), verified_on=D(2020, 12, 1))
    zalo_group(binh_dai, "binhdai", since=D(2020, 11, 1), verified_on=D(2021, 4, 10))
    assert share_on(root, CHECK_2021).value == 50.0
    assert share_on(root, LATER).value == 100.0


def test_a_group_verified_again_counts_again_from_that_day(province):
    root, ba_tri, _binh_dai = province
    group = zalo_group(ba_tri, "batri", since=D(2020, 11, 1), verified_on=D(2020, 12, 1))
    actions.do_refuse_channel(group, actor=None, reason="Liên kết không mở được.", on_date=D(2022, 1, 1))
    actions.do_verify_channel(group, actor=None, on_date=D(2023, 1, 1))
    days = (D(2021, 6, 1), D(2022, 6, 1), D(2023, 6, 1))
    assert [share_on(root, day).numerator for day in days] == [1, 0, 1]


def test_a_recount_leaves_the_reach_of_earlier_days_alone(province):
    root, ba_tri, _binh_dai = province
    group = zalo_group(ba_tri, "batri", since=D(2020, 11, 1), audience=300, counted_on=D(2021, 1, 5))
    actions.do_save_channel(group, actor=None, audience_count=900, audience_counted_on=D(2024, 1, 10))

    def reach(day):
        return indicators.compute("reach", UnitState.objects.on(day).get(unit=root), day).value

    assert (reach(D(2020, 12, 31)), reach(CHECK_2021), reach(LATER)) == (0, 300, 900)
    counts = group.events.filter(kind=ChannelEventKind.AUDIENCE_COUNTED).values_list("on_date", "audience")
    assert list(counts) == [(D(2021, 1, 5), 300), (D(2024, 1, 10), 900)]


def stored(target, day) -> float:
    return rollups.stored(target, target.unit_id, day).value


def test_an_event_refreshes_the_rollups_from_its_day_on(province, django_capture_on_commit_callbacks):
    root, ba_tri, binh_dai = province
    group = zalo_group(ba_tri, "batri", since=D(2020, 11, 1), verified_on=D(2020, 12, 1))
    zalo_group(binh_dai, "binhdai", since=D(2020, 11, 1), verified_on=D(2021, 1, 5))
    plan = plan_actions.do_save_plan(
        Plan(issuing_unit=root, number=196, symbol="KH-LĐLĐ", place="Bến Tre", issued_on=D(2020, 10, 5),
             title="Truyền thông Công đoàn đến năm 2024", period_start=D(2020, 10, 5), period_end=LATER,
             status="issued", signer_name="Nguyễn Thị Kim Dung"),
        actor=None,
    )  # fmt: skip
    target = plan_actions.do_save_target(
        Target(plan=plan, unit=root, title="100% huyện có nhóm Zalo", indicator="units_with_groups",
               target_value=100, deadline=LATER,
               params={"unit_kinds": ["district"], "required_kinds": ["zalo_group"]}),
        actor=None,
    )  # fmt: skip
    rollups.rebuild_rollups([target])
    assert stored(target, LATER) == 100.0

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.do_refuse_channel(group, actor=None, reason="Nhóm đã ngừng hoạt động.", on_date=UNVERIFIED_ON)
    assert callbacks
    assert stored(target, D(2021, 2, 28)) == 100.0
    assert stored(target, D(2024, 4, 30)) == 100.0
    assert stored(target, LATER) == 50.0
    incremental = rollups.comparable(target.values.all())
    rollups.rebuild_rollups([target])
    assert rollups.comparable(target.values.all()) == incremental


def test_the_migration_gives_existing_rows_their_events(province):
    _root, ba_tri, _binh_dai = province
    row = channel_with_history(
        unit=ba_tri, kind="zalo_group", name="Nhóm cũ", address="https://zalo.me/g/cu", active_from=D(2020, 11, 1),
        active_to=D(2025, 7, 1), verified=True, verified_on=D(2020, 12, 1), audience_count=250,
        audience_counted_on=D(2025, 6, 1),
    )  # fmt: skip
    ChannelEvent.objects.all().delete()
    Channel.objects.filter(pk=row.pk).update(verification=Verification.PENDING)
    migration = importlib.import_module("lantoa.channels.migrations.0006_events_from_existing_channels")

    migration.create_events(apps, None)

    events = list(row.events.values_list("kind", "on_date", "audience"))
    assert events == [
        ("registered", D(2020, 11, 1), None), ("verified", D(2020, 12, 1), None),
        ("audience_counted", D(2025, 6, 1), 250), ("closed", D(2025, 7, 1), None),
    ]  # fmt: skip
    assert Channel.objects.get(pk=row.pk).verification == Verification.VERIFIED


def test_a_verification_day_still_to_come_is_refused(province):
    _root, ba_tri, _binh_dai = province
    group = zalo_group(ba_tri, "batri", since=D(2020, 11, 1))
    with pytest.raises(Exception, match="ngày chưa tới"):
        actions.do_verify_channel(group, actor=None, on_date=D(2999, 1, 1))


def test_deleting_a_channel_takes_its_events_along(province, django_capture_on_commit_callbacks):
    _root, ba_tri, _binh_dai = province
    group = zalo_group(ba_tri, "batri", since=D(2020, 11, 1), verified_on=D(2020, 12, 1), audience=90,
                       counted_on=D(2021, 1, 5))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_delete_channel(group, actor=None)
    assert not ChannelEvent.objects.filter(channel_id=group.pk).exists()
