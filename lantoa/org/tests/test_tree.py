"""The union tree: dated history, reorganisations and subtree reads."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lantoa.org import actions, paths, queries
from lantoa.org.models import Reorganisation, Succession, Unit, UnitState

from .factories import D, make_unit

pytestmark = pytest.mark.django_db

BEFORE, REORG, AFTER = D(2021, 6, 1), D(2025, 7, 1), D(2026, 1, 1)


@pytest.fixture
def tree():
    tld = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam", valid_from=D(1929, 7, 28))
    ben_tre = make_unit(tld, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    vinh_long = make_unit(tld, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1976, 1, 1))
    ba_tri = make_unit(ben_tre, "district", "Liên đoàn Lao động huyện Ba Tri", valid_from=D(1980, 1, 1))
    garment = make_unit(ba_tri, name="CĐCS Công ty TNHH May Ba Tri", member_count=800, female_member_count=600)
    school = make_unit(ba_tri, name="CĐCS Trường THCS An Đức", member_count=40, female_member_count=30)
    commune = make_unit(vinh_long, "commune", "Công đoàn xã Ba Tri", valid_from=REORG)
    return dict(
        tld=tld, ben_tre=ben_tre, vinh_long=vinh_long, ba_tri=ba_tri, garment=garment, school=school, commune=commune
    )


def reorganise(t):
    actions.do_move_unit(t["garment"], new_parent=t["commune"], on_date=REORG, actor=None)
    actions.do_close_unit(t["school"], on_date=REORG, actor=None, decision="Quyết định 12/QĐ-LĐLĐ")
    actions.do_close_unit(t["ba_tri"], on_date=REORG, actor=None)
    actions.do_merge_units(t["ben_tre"], target=t["vinh_long"], on_date=REORG, actor=None)


def names_under(unit_state_path, day):
    return set(UnitState.objects.on(day).in_subtree(unit_state_path).values_list("name", flat=True))


def test_paths_are_fixed_width_segments_of_ids(tree):
    garment = tree["garment"]
    assert garment.path == "".join(paths.segment(i) for i in paths.ancestor_ids(garment.path))
    assert paths.ancestor_ids(garment.path)[-1] == garment.pk
    assert garment.depth == 3
    low, high = paths.subtree_bounds(tree["ba_tri"].path)
    assert low <= garment.path < high
    assert not (low <= tree["commune"].path < high)


def test_subtree_totals_sum_members_of_the_whole_branch(tree):
    totals = queries.subtree_totals(tree["ben_tre"].path, BEFORE)
    assert totals == {"units": 4, "members": 840, "workers": 0, "female_members": 630}


def test_reorganisation_keeps_the_past_unchanged(tree):
    ben_tre_path = tree["ben_tre"].path
    before = names_under(ben_tre_path, BEFORE)
    reorganise(tree)
    assert names_under(ben_tre_path, BEFORE) == before
    assert queries.subtree_totals(ben_tre_path, BEFORE)["members"] == 840
    assert names_under(ben_tre_path, AFTER) == set()


def test_merge_moves_children_and_links_the_successor(tree):
    reorganise(tree)
    vinh_long = Unit.objects.get(pk=tree["vinh_long"].pk)
    garment = Unit.objects.get(pk=tree["garment"].pk)
    assert garment.parent_id == tree["commune"].pk
    assert garment.path.startswith(vinh_long.path)
    assert names_under(vinh_long.path, AFTER) == {
        "Liên đoàn Lao động tỉnh Vĩnh Long",
        "Công đoàn xã Ba Tri",
        "CĐCS Công ty TNHH May Ba Tri",
    }
    assert Unit.objects.get(pk=tree["ben_tre"].pk).valid_to == REORG
    assert Succession.objects.get(predecessor=tree["ben_tre"]).successor_id == vinh_long.pk
    assert queries.subtree_totals(vinh_long.path, AFTER)["members"] == 800


def test_tree_as_of_a_date_lists_children_with_their_branch_totals(tree, admin_user):
    reorganise(tree)
    root = UnitState.objects.on(BEFORE).get(unit=tree["tld"])
    rows = {r.state.name: r for r in queries.children_with_totals(admin_user, root, BEFORE)}
    assert rows["Liên đoàn Lao động tỉnh Bến Tre"].members == 840
    assert rows["Liên đoàn Lao động tỉnh Bến Tre"].units == 3
    rows_now = {r.state.name: r for r in queries.children_with_totals(admin_user, root, AFTER)}
    assert set(rows_now) == {"Liên đoàn Lao động tỉnh Vĩnh Long"}
    assert rows_now["Liên đoàn Lao động tỉnh Vĩnh Long"].members == 800


def test_rename_is_dated(tree):
    actions.do_rename_unit(
        tree["garment"], name="CĐCS Công ty May Sao Mai", short_name="", on_date=D(2024, 3, 1), actor=None
    )
    assert UnitState.objects.on(D(2023, 1, 1)).get(unit=tree["garment"]).name == "CĐCS Công ty TNHH May Ba Tri"
    assert UnitState.objects.on(D(2024, 3, 1)).get(unit=tree["garment"]).name == "CĐCS Công ty May Sao Mai"
    assert Unit.objects.get(pk=tree["garment"].pk).name == "CĐCS Công ty May Sao Mai"


def test_counts_are_dated(tree):
    actions.do_update_counts(
        tree["garment"], member_count=900, worker_count=950, female_member_count=700, on_date=D(2023, 1, 1), actor=None
    )
    assert queries.subtree_totals(tree["ba_tri"].path, D(2022, 12, 31))["members"] == 840
    assert queries.subtree_totals(tree["ba_tri"].path, D(2023, 1, 1))["members"] == 940


def test_operations_are_audited_in_both_trails(tree):
    reorganise(tree)
    kinds = set(Reorganisation.objects.filter(on_date=REORG).values_list("kind", flat=True))
    assert kinds == {"create", "move", "close", "merge"}
    logged = set(ModelLogEntry.objects.filter(object_id=str(tree["ben_tre"].pk)).values_list("action", flat=True))
    assert {"lantoa.org.create", "lantoa.org.merge"} <= logged


def test_closing_a_unit_with_open_children_is_refused_in_vietnamese(tree):
    with pytest.raises(ValidationError) as error:
        actions.do_close_unit(tree["ba_tri"], on_date=REORG, actor=None)
    assert "còn" in str(error.value) or "open units" in str(error.value)


def test_cannot_move_a_unit_under_its_own_subtree(tree):
    with pytest.raises(ValidationError):
        actions.do_move_unit(tree["ben_tre"], new_parent=tree["ba_tri"], on_date=REORG, actor=None)


def test_backdated_change_before_the_last_one_is_refused(tree):
    actions.do_rename_unit(tree["garment"], name="Tên mới", short_name="", on_date=D(2024, 1, 1), actor=None)
    with pytest.raises(ValidationError):
        actions.do_rename_unit(tree["garment"], name="Tên cũ hơn", short_name="", on_date=D(2023, 1, 1), actor=None)


def test_same_day_changes_edit_the_period_in_place(tree):
    day = datetime.date(2024, 5, 1)
    actions.do_rename_unit(tree["garment"], name="Tên A", short_name="", on_date=day, actor=None)
    actions.do_rename_unit(tree["garment"], name="Tên B", short_name="", on_date=day, actor=None)
    assert UnitState.objects.filter(unit=tree["garment"], valid_from=day).count() == 1
    assert UnitState.objects.on(day).get(unit=tree["garment"]).name == "Tên B"


def test_subtree_read_is_one_query_whatever_the_depth(tree, django_assert_num_queries):
    parent = tree["garment"]
    for _ in range(6):
        parent = make_unit(parent, "grassroots")
    with django_assert_num_queries(1):
        queries.subtree_totals(tree["tld"].path, AFTER)
