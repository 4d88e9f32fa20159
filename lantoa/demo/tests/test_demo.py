"""The demo province, loaded once per module through `manage.py load_demo --if-empty`."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from lantoa.channels.models import Channel, ChannelKind, FundingSource
from lantoa.demo import province as demo
from lantoa.org import queries, scope
from lantoa.org.models import Reorganisation, Role, Succession, Unit, UnitKind, UnitState

pytestmark = pytest.mark.django_db

D = datetime.date
IN_2021 = D(2021, 6, 1)
EVE = D(2025, 6, 30)
REORG = demo.REORG_DAY
BEN_TRE_DISTRICTS = {
    "Liên đoàn Lao động thành phố Bến Tre",
    "Liên đoàn Lao động huyện Châu Thành",
    "Liên đoàn Lao động huyện Chợ Lách",
    "Liên đoàn Lao động huyện Mỏ Cày Nam",
    "Liên đoàn Lao động huyện Mỏ Cày Bắc",
    "Liên đoàn Lao động huyện Giồng Trôm",
    "Liên đoàn Lao động huyện Bình Đại",
    "Liên đoàn Lao động huyện Ba Tri",
    "Liên đoàn Lao động huyện Thạnh Phú",
}


def counts_snapshot():
    return (Unit.objects.count(), UnitState.objects.count(), Channel.objects.count(), get_user_model().objects.count())


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        first, second = StringIO(), StringIO()
        call_command("load_demo", "--if-empty", stdout=first)
        after_first = counts_snapshot()
        call_command("load_demo", "--if-empty", stdout=second)
        yield {
            "units": demo.key_units(),
            "first": first.getvalue(),
            "second": second.getvalue(),
            "after_first": after_first,
            "after_second": counts_snapshot(),
        }
        transaction.set_rollback(True)


@pytest.fixture
def units(loaded):
    return loaded["units"]


def user(username):
    return get_user_model().objects.get(username=username)  # fresh: no cached scope


def state(unit, day):
    return UnitState.objects.on(day).get(unit=unit)


def subtree_on(unit, day, **filters):
    return UnitState.objects.on(day).in_subtree(state(unit, day).path).filter(**filters)


def test_planning_is_deterministic():
    first, second = demo.plan_grassroots(), demo.plan_grassroots()
    assert first == second
    ben_tre = first["BTR"]
    assert 140 <= len(ben_tre) <= 160
    assert len({plan.employer for plans in first.values() for plan in plans}) == sum(map(len, first.values()))
    assert all(20 <= plan.counts[0] <= 3000 and plan.counts[2] <= plan.counts[0] for plan in ben_tre)
    assert any(plan.state_funded for plan in ben_tre) and any(not plan.state_funded for plan in ben_tre)


def test_the_demo_needs_a_day_after_the_reorganisation():
    with pytest.raises(ValueError):
        demo.load_demo_province(today=D(2025, 6, 1))


def test_loading_twice_with_if_empty_does_not_duplicate(loaded):
    assert loaded["after_first"] == loaded["after_second"]
    assert "Đã nạp dữ liệu mẫu" in loaded["first"]
    assert "bỏ qua" in loaded["second"]
    for output in (loaded["first"], loaded["second"]):
        assert "lantoa-demo" in output
        for spec in demo.DEMO_USERS:
            assert spec.username in output
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())


def test_ben_tre_in_2021_has_its_district_federations_and_grassroots_unions(units):
    ben_tre = state(units["ben_tre"], IN_2021)
    assert ben_tre.name == "Liên đoàn Lao động tỉnh Bến Tre"
    rows = queries.children_with_totals(user("admin"), ben_tre, IN_2021)
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row.state.unit.kind, []).append(row)
    assert {row.state.name for row in by_kind[UnitKind.DISTRICT]} == BEN_TRE_DISTRICTS
    assert all(row.units >= 5 and row.members > 0 for row in by_kind[UnitKind.DISTRICT])
    assert [row.state.name for row in by_kind[UnitKind.INDUSTRIAL_PARK]] == [
        "Công đoàn các Khu công nghiệp tỉnh Bến Tre"
    ]
    assert len(by_kind[UnitKind.BOARD]) == 6
    grassroots = subtree_on(units["ben_tre"], IN_2021, unit__kind=UnitKind.GRASSROOTS)
    assert grassroots.count() == len(demo.plan_grassroots()["BTR"])
    assert {s.parent.kind for s in grassroots.select_related("parent")} == {UnitKind.DISTRICT, UnitKind.INDUSTRIAL_PARK}
    assert all(s.unit.old_district for s in grassroots.select_related("unit"))


def test_history_before_2020_is_kept(units):
    in_2005 = {s.name for s in subtree_on(units["ben_tre"], D(2005, 1, 1), unit__kind=UnitKind.DISTRICT)}
    assert "Liên đoàn Lao động huyện Mỏ Cày" in in_2005
    assert "Liên đoàn Lao động thị xã Bến Tre" in in_2005
    assert "Liên đoàn Lao động huyện Mỏ Cày Nam" not in in_2005
    mo_cay = Unit.objects.get(name="Liên đoàn Lao động huyện Mỏ Cày")
    assert mo_cay.valid_to == demo.MO_CAY_SPLIT
    recounted = Reorganisation.objects.filter(kind="recount", on_date=demo.RECOUNT_DAY)
    assert recounted.count() >= 20
    unit = recounted.first().unit
    assert state(unit, D(2023, 1, 1)).member_count != state(unit, D(2024, 1, 1)).member_count or (
        state(unit, D(2023, 1, 1)).female_member_count != state(unit, D(2024, 1, 1)).female_member_count
    )


def test_today_ben_tre_has_ended_inside_vinh_long(units):
    ben_tre, vinh_long = units["ben_tre"], units["vinh_long"]
    assert ben_tre.valid_to == REORG and units["tra_vinh"].valid_to == REORG
    assert vinh_long.is_current and vinh_long.name == "Liên đoàn Lao động tỉnh Vĩnh Long"
    assert not Unit.objects.current().filter(kind=UnitKind.DISTRICT).exists()
    assert not Unit.objects.current().in_subtree(ben_tre.path).exists()
    for predecessor in ("ben_tre", "tra_vinh"):
        succession = Succession.objects.get(predecessor=units[predecessor])
        assert succession.successor == vinh_long and succession.on_date == REORG
    assert Succession.objects.get(predecessor=units["ben_tre_park"]).successor == units["vinh_long_park"]
    merge = Reorganisation.objects.get(kind="merge", unit=ben_tre)
    assert re.fullmatch(r"Quyết định số 1234/QĐ-TLĐ ngày 27/6/2025.*", merge.decision)


def test_vinh_long_today_has_commune_and_industrial_park_unions_over_the_grassroots(units):
    today = timezone.localdate()
    vinh_long = units["vinh_long"]
    children = Unit.objects.current().filter(parent=vinh_long)
    communes = children.filter(kind=UnitKind.COMMUNE)
    assert communes.count() >= 20
    assert all(c.province_code == demo.NEW_PROVINCE_CODE and c.ward_code and c.valid_from == REORG for c in communes)
    assert {c.name for c in communes} >= {"Công đoàn phường An Hội", "Công đoàn xã Ba Tri", "Công đoàn xã Giao Long"}
    assert list(children.filter(kind=UnitKind.INDUSTRIAL_PARK)) == [units["vinh_long_park"]]
    grassroots = subtree_on(vinh_long, today, unit__kind=UnitKind.GRASSROOTS).select_related("parent")
    assert {s.parent.kind for s in grassroots} == {UnitKind.COMMUNE, UnitKind.INDUSTRIAL_PARK}
    continuing = [p for plans in demo.plan_grassroots().values() for p in plans if not p.state_funded]
    assert grassroots.count() == len(continuing)
    assert all(u.province_code == 86 and u.ward_code for u in Unit.objects.current().filter(kind="grassroots"))
    former_ben_tre_park = Unit.objects.get(code=demo.BEN_TRE.park_union.code, kind=UnitKind.INDUSTRIAL_PARK)
    moved = UnitState.objects.on(IN_2021).filter(parent=former_ben_tre_park).values("unit")
    assert Unit.objects.filter(pk__in=moved, parent=units["vinh_long_park"], valid_to__isnull=True).count() >= 20


def test_boards_of_merged_federations_are_closed_and_vinh_longs_stay(units):
    boards = Unit.objects.filter(kind=UnitKind.BOARD)
    assert {b.valid_to for b in boards.filter(parent__in=[units["ben_tre"], units["tra_vinh"]])} == {REORG}
    kept = boards.filter(parent=units["vinh_long"])
    assert kept.count() == 6 and all(b.is_current for b in kept)


def test_state_agency_grassroots_unions_are_closed_by_the_reorganisation(units):
    agencies = Unit.objects.filter(kind=UnitKind.GRASSROOTS, sector=demo.STATE_SECTOR)
    assert agencies.count() >= 40
    assert all(a.valid_to is not None and a.valid_to <= REORG for a in agencies)
    closes = Reorganisation.objects.filter(kind="close", unit__in=agencies)
    assert closes.count() == agencies.count()
    assert all(re.match(r"Quyết định số \d+/QĐ-LĐLĐ ngày 20/6/2025", c.decision) for c in closes)
    others = Unit.objects.filter(kind=UnitKind.GRASSROOTS).exclude(sector=demo.STATE_SECTOR)
    assert all(o.is_current for o in others)
    assert others.filter(sector="Y tế").exists()  # partly self-financed hospitals go on


def test_member_totals_are_consistent(units):
    admin = user("admin")
    ben_tre = state(units["ben_tre"], IN_2021)
    totals = queries.subtree_totals(ben_tre.path, IN_2021)
    rows = queries.children_with_totals(admin, ben_tre, IN_2021)
    assert totals["members"] == sum(r.members for r in rows) > 50_000
    assert totals["units"] == 1 + sum(r.units + 1 for r in rows)
    assert totals["female_members"] <= totals["members"] <= totals["workers"]

    today = timezone.localdate()
    vinh_long = units["vinh_long"]
    now = queries.subtree_totals(vinh_long.path, today)
    current = Unit.objects.current().in_subtree(vinh_long.path)
    assert now["members"] == sum(current.values_list("member_count", flat=True))
    eve = sum(queries.subtree_totals(units[k].path, EVE)["members"] for k in ("ben_tre", "tra_vinh", "vinh_long"))
    dissolved = UnitState.objects.on(EVE).filter(unit__sector=demo.STATE_SECTOR, unit__kind="grassroots")
    assert now["members"] == eve - sum(dissolved.values_list("member_count", flat=True))


def test_provincial_staff_read_ben_tre_as_it_was_in_2021(units):
    ben_tre = state(units["ben_tre"], IN_2021)
    expected = queries.subtree_totals(ben_tre.path, IN_2021)["units"]
    for username in ("tinh.tuyengiao", "tinh.lanhdao", "tinh.phatngon", "tinh.taichinh"):
        staff = user(username)
        assert Role.objects.get(user=staff).unit == units["vinh_long"]
        visible = scope.visible_units(staff)
        assert visible.filter(pk=units["ben_tre"].pk).exists()
        assert visible.filter(name="Liên đoàn Lao động huyện Ba Tri").exists()
        assert scope.visible_states(staff, on=IN_2021).in_subtree(ben_tre.path).count() == expected
        assert not scope.has_perm(staff, "channels.change_channel", units["ben_tre"].pk)
        # Only the editor among them changes channels; the others read them.
        editor = username == "tinh.tuyengiao"
        assert scope.has_perm(staff, "channels.change_channel", units["commune"].pk) is editor
        assert scope.has_perm(staff, "channels.view_channel", units["commune"].pk)
        assert not scope.visible_units(staff).filter(pk=units["confederation"].pk).exists()


def test_grassroots_officer_sees_only_their_union(units):
    officer = user("coso.demo")
    grassroots = units["grassroots"]
    assert grassroots.kind == UnitKind.GRASSROOTS and grassroots.parent_id == units["commune"].pk
    assert list(scope.visible_units(officer)) == [grassroots]


def test_commune_officer_sees_their_commune_and_its_grassroots_only(units):
    officer = user("captren.demo")
    commune = units["commune"]
    assert commune.kind == UnitKind.COMMUNE
    own = set(Unit.objects.current().filter(parent=commune))
    assert len(own) >= 3
    visible = set(scope.visible_units(officer))
    assert visible == own | {commune}
    assert not any(u.kind == UnitKind.COMMUNE and u != commune for u in visible)
    other = Unit.objects.current().filter(kind=UnitKind.COMMUNE).exclude(pk=commune.pk).first()
    assert not scope.can_read_unit(officer, other.pk)


def test_demo_users_can_log_in(units):
    User = get_user_model()
    for spec in demo.DEMO_USERS:
        account = User.objects.get(username=spec.username)
        assert account.check_password(demo.PASSWORD) and account.is_staff and account.last_name
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.get(username="coso.demo").is_superuser
    logins = dict((row[0], row[2]) for row in demo.demo_logins())
    assert logins["captren.demo"] == units["commune"].name
    assert logins["coso.demo"] == units["grassroots"].name


def test_channels_cover_every_level(units):
    federation = set(Channel.objects.filter(unit=units["ben_tre"]).values_list("kind", flat=True))
    assert federation >= {ChannelKind.PORTAL, ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_OA, ChannelKind.YOUTUBE}
    district_groups = Channel.objects.filter(unit__kind=UnitKind.DISTRICT, unit__parent=units["ben_tre"])
    assert district_groups.filter(kind=ChannelKind.FACEBOOK_GROUP).values("unit").distinct().count() >= 6
    assert district_groups.filter(kind=ChannelKind.ZALO_GROUP).count() >= 7
    assert all(
        c.address.startswith("https://www.facebook.com/groups/") for c in district_groups.filter(kind="facebook_group")
    )
    grassroots = Channel.objects.filter(unit__kind=UnitKind.GRASSROOTS)
    assert {ChannelKind.ZALO_GROUP, ChannelKind.BULLETIN_BOARD, ChannelKind.LOUDSPEAKER} <= set(
        grassroots.values_list("kind", flat=True)
    )
    physical = Channel.objects.filter(kind__in=["bulletin_board", "loudspeaker", "outdoor_panel"])
    assert all(c.location for c in physical)
    panels = Channel.objects.filter(kind=ChannelKind.OUTDOOR_PANEL, unit__kind=UnitKind.INDUSTRIAL_PARK)
    assert {FundingSource.ACCUMULATED, FundingSource.SPONSORSHIP} <= set(
        panels.values_list("funding_source", flat=True)
    )
    assert all(p.cost and p.cost > 0 for p in panels)


def test_the_front_page_names_the_demo_province(loaded, client):
    html = client.get("/").content.decode()
    assert "Liên đoàn Lao động tỉnh Vĩnh Long" in html
