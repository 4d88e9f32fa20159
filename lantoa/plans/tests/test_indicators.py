"""Indicator computations on hand-built trees, as of dates."""

import pytest

from lantoa.channels.models import Channel
from lantoa.channels.tests.factories import channel_with_history
from lantoa.org import actions
from lantoa.org.models import UnitState
from lantoa.org.tests.factories import D, make_unit
from lantoa.plans import indicators

pytestmark = pytest.mark.django_db
CHECK_2021, REORG, NOW = D(2021, 3, 1), D(2025, 7, 1), D(2026, 11, 28)


def group(unit, kind, slug, *, since, verified_on=None, until=None, audience=None):
    address = f"https://www.facebook.com/groups/{slug}" if kind == "facebook_group" else f"https://zalo.me/g/{slug}"
    return channel_with_history(
        unit=unit, kind=kind, name=f"Nhóm {slug}", address=address, active_from=since, active_to=until,
        verified=verified_on is not None, verified_on=verified_on,
        audience_count=audience, audience_counted_on=since if audience else None,
    )  # fmt: skip


@pytest.fixture
def province():
    root = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    districts = [make_unit(root, "district", f"Liên đoàn Lao động huyện {n}", valid_from=D(1980, 1, 1))
                 for n in ("Ba Tri", "Bình Đại", "Chợ Lách", "Giồng Trôm")]  # fmt: skip
    ba_tri, binh_dai, cho_lach, _giong_trom = districts
    group(ba_tri, "facebook_group", "batri", since=D(2020, 11, 1), verified_on=D(2020, 12, 1), audience=900)
    group(ba_tri, "zalo_group", "batri", since=D(2020, 11, 1), verified_on=D(2020, 12, 1), audience=300)
    group(binh_dai, "facebook_group", "binhdai", since=D(2020, 12, 1), verified_on=D(2021, 1, 5))
    group(binh_dai, "zalo_group", "binhdai", since=D(2021, 4, 1), verified_on=D(2021, 4, 10))
    group(cho_lach, "zalo_group", "cholach", since=D(2020, 10, 1), verified_on=D(2020, 10, 2))
    group(cho_lach, "facebook_group", "cholach", since=D(2020, 10, 1))  # never verified
    return root, districts


def root_on(unit, day):
    return UnitState.objects.on(day).get(unit=unit)


def test_share_of_district_federations_running_both_groups_at_the_2021_check(province):
    root, (ba_tri, binh_dai, cho_lach, giong_trom) = province
    value = indicators.compute("units_with_groups", root_on(root, CHECK_2021), CHECK_2021, unit_kinds={"district"})
    assert (value.numerator, value.denominator, value.value) == (1, 4, 25.0)
    assert value.details["lagging_unit_ids"] == sorted([binh_dai.pk, cho_lach.pk, giong_trom.pk])


def test_the_share_grows_as_groups_are_set_up_and_verified(province):
    root, _districts = province
    later = D(2021, 6, 1)
    value = indicators.compute("units_with_groups", root_on(root, later), later, unit_kinds={"district"})
    assert (value.numerator, value.denominator) == (2, 4)
    unverified_count = indicators.compute(
        "units_with_groups", root_on(root, later), later, unit_kinds={"district"}, verified=False
    )
    assert unverified_count.numerator == 3


def test_a_later_reorganisation_does_not_change_the_past_value(province):
    root, districts = province
    before = indicators.compute("units_with_groups", root_on(root, CHECK_2021), CHECK_2021, unit_kinds={"district"})
    for district in districts:
        actions.do_close_unit(district, on_date=REORG, actor=None)
    after = indicators.compute("units_with_groups", root_on(root, CHECK_2021), CHECK_2021, unit_kinds={"district"})
    assert after == before
    now = indicators.compute("units_with_groups", root_on(root, NOW), NOW, unit_kinds={"district"})
    assert (now.numerator, now.denominator, now.value) == (0, 0, 0.0)


def test_reach_sums_audiences_counted_by_the_day(province):
    root, _districts = province
    assert indicators.compute("reach", root_on(root, D(2020, 10, 15)), D(2020, 10, 15)).value == 0
    assert indicators.compute("reach", root_on(root, CHECK_2021), CHECK_2021).value == 1200


def test_panels_are_counted_in_industrial_park_subtrees_only(province):
    root, (ba_tri, *_rest) = province
    park = make_unit(root, "industrial_park", "Công đoàn các Khu công nghiệp tỉnh Bến Tre", valid_from=D(2005, 1, 1))
    company = make_unit(park, "grassroots", "Công đoàn cơ sở Công ty TNHH Giao Long")
    for unit, since in ((park, D(2019, 5, 1)), (company, D(2022, 3, 1)), (ba_tri, D(2019, 5, 1))):
        Channel.objects.create(unit=unit, kind="outdoor_panel", name="Pano", location="Cổng KCN", active_from=since)
    assert indicators.compute("panels_in_industrial_parks", root_on(root, CHECK_2021), CHECK_2021).value == 1
    assert indicators.compute("panels_in_industrial_parks", root_on(root, NOW), NOW).value == 2


def test_an_indicator_code_cannot_be_registered_twice():
    with pytest.raises(ValueError):
        indicators.indicator("reach", label="x", measure="count")(lambda root, day: indicators.Value(0))
