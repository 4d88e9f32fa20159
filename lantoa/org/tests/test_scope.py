"""The scope function: roles reach their subtree, merged units' history stays readable."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lantoa.org import actions, scope

from .factories import D, fresh, make_unit, make_user

pytestmark = pytest.mark.django_db
REORG = D(2025, 7, 1)


@pytest.fixture
def tree():
    tld = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam", valid_from=D(1929, 7, 28))
    ben_tre = make_unit(tld, "provincial", "Liên đoàn Lao động tỉnh Bến Tre", valid_from=D(1976, 1, 1))
    vinh_long = make_unit(tld, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long", valid_from=D(1976, 1, 1))
    tra_vinh = make_unit(tld, "provincial", "Liên đoàn Lao động tỉnh Trà Vinh", valid_from=D(1992, 1, 1))
    district = make_unit(ben_tre, "district", "Liên đoàn Lao động huyện Chợ Lách", valid_from=D(1980, 1, 1))
    a = make_unit(district, name="CĐCS Công ty TNHH Cây giống Chợ Lách")
    b = make_unit(district, name="CĐCS Công ty CP Dừa Lương Quới")
    commune = make_unit(vinh_long, "commune", "Công đoàn xã Chợ Lách", valid_from=REORG)
    actions.do_move_unit(a, new_parent=commune, on_date=REORG, actor=None)
    actions.do_move_unit(b, new_parent=commune, on_date=REORG, actor=None)
    actions.do_close_unit(district, on_date=REORG, actor=None)
    actions.do_merge_units(ben_tre, target=vinh_long, on_date=REORG, actor=None)
    return dict(
        tld=tld, ben_tre=ben_tre, vinh_long=vinh_long, tra_vinh=tra_vinh, district=district, a=a, b=b, commune=commune
    )


def with_role(username, unit, kind="unit_officer"):
    user = make_user(username)
    actions.do_assign_role(user=user, unit=unit, kind=kind, actor=None)
    return fresh(user)


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_grassroots_officer_sees_only_their_union(tree):
    officer = with_role("coso", tree["a"])
    assert names(scope.visible_units(officer)) == {"CĐCS Công ty TNHH Cây giống Chợ Lách"}
    assert names(scope.units_with_perm(officer, "channels.change_channel")) == {"CĐCS Công ty TNHH Cây giống Chợ Lách"}


def test_grassroots_officer_cannot_access_a_sibling_union(tree):
    officer = with_role("coso", tree["a"])
    with pytest.raises(Http404):
        scope.access_unit(officer, tree["b"].pk)
    assert not scope.can_read_unit(officer, tree["b"].pk)


def test_commune_officer_sees_their_grassroots_unions_but_not_the_province(tree):
    officer = with_role("captren", tree["commune"])
    assert names(scope.visible_units(officer)) == {
        "Công đoàn xã Chợ Lách",
        "CĐCS Công ty TNHH Cây giống Chợ Lách",
        "CĐCS Công ty CP Dừa Lương Quới",
    }
    with pytest.raises(Http404):
        scope.access_unit(officer, tree["vinh_long"].pk)


def test_provincial_staff_read_the_history_of_the_merged_federation(tree):
    editor = with_role("tinh", tree["vinh_long"], kind="editor")
    visible = names(scope.visible_units(editor))
    assert {"Liên đoàn Lao động tỉnh Bến Tre", "Liên đoàn Lao động huyện Chợ Lách"} <= visible
    assert "Liên đoàn Lao động tỉnh Trà Vinh" not in visible
    assert "Tổng Liên đoàn Lao động Việt Nam" not in visible
    in_2021 = set(scope.visible_states(editor, on=D(2021, 1, 1)).values_list("name", flat=True))
    assert "Liên đoàn Lao động huyện Chợ Lách" in in_2021


def test_ended_units_are_readable_but_not_writable(tree):
    editor = with_role("tinh", tree["vinh_long"], kind="editor")
    assert scope.access_unit(editor, tree["district"].pk) == tree["district"]
    with pytest.raises(PermissionDenied):
        scope.access_unit(editor, tree["district"].pk, perm="org.change_unit")
    assert "Liên đoàn Lao động tỉnh Bến Tre" not in names(scope.units_with_perm(editor, "channels.change_channel"))


def test_scope_query_count_does_not_grow_with_depth(tree, django_assert_max_num_queries):
    parent = tree["a"]
    for _ in range(8):
        parent = make_unit(parent, "grassroots", valid_from=REORG)
    officer = with_role("coso", tree["a"])
    with django_assert_max_num_queries(5):
        ids = list(scope.visible_units(officer).values_list("pk", flat=True))
    assert len(ids) == 9


def test_roles_give_permission_groups_and_removing_them_takes_them_away(tree):
    officer = with_role("coso", tree["a"])
    assert officer.has_perm("channels.add_channel")
    assert officer.has_perm("wagtailadmin.access_admin")
    assert not officer.has_perm("org.add_unit")
    actions.do_remove_role(officer.lantoa_roles.get(), actor=None)
    officer = fresh(officer)
    assert not officer.has_perm("channels.add_channel")
    assert scope.visible_units(officer).count() == 0


def test_roles_only_in_open_units(tree):
    user = make_user("late")
    with pytest.raises(ValidationError):
        actions.do_assign_role(user=user, unit=tree["district"], kind="viewer", actor=None)


def test_superuser_sees_everything(tree, admin_user):
    assert scope.visible_units(admin_user).count() == 8


def test_commune_officer_reads_the_earlier_history_of_their_grassroots_unions(tree):
    officer = with_role("captren", tree["commune"])
    in_2021 = set(scope.visible_states(officer, on=D(2021, 1, 1)).values_list("name", flat=True))
    assert in_2021 == {"CĐCS Công ty TNHH Cây giống Chợ Lách", "CĐCS Công ty CP Dừa Lương Quới"}


def test_new_accounts_without_a_role_can_be_given_one_but_other_provinces_staff_are_hidden(tree):
    admin = with_role("quantri", tree["vinh_long"], kind="federation_admin")
    with_role("travinh", tree["tra_vinh"], kind="editor")
    make_user("moi")
    assignable = set(scope.assignable_users(admin).values_list("username", flat=True))
    assert assignable == {"quantri", "moi"}


def test_a_unit_moved_out_stays_readable_for_its_former_upper_union_but_not_writable(tree):
    other_commune = make_unit(tree["vinh_long"], "commune", "Công đoàn phường An Hội", valid_from=REORG)
    officer = with_role("captren", tree["commune"])
    actions.do_move_unit(tree["b"], new_parent=other_commune, on_date=D(2026, 1, 1), actor=None)
    officer = fresh(officer)
    assert "CĐCS Công ty CP Dừa Lương Quới" in names(scope.visible_units(officer))
    assert "CĐCS Công ty CP Dừa Lương Quới" not in names(scope.units_with_perm(officer, "channels.change_channel"))
    assert scope.scope_for(officer).moved_out == (tree["b"].pk,)


def test_a_viewer_role_above_does_not_widen_an_editor_role_below(tree):
    """The issue's repro: editor of a commune union and viewer of the province."""
    user = with_role("mixed", tree["commune"], kind="editor")
    actions.do_assign_role(user=user, unit=tree["vinh_long"], kind="viewer", actor=None)
    user = fresh(user)
    assert tree["vinh_long"].pk in set(scope.visible_units(user).values_list("pk", flat=True))
    assert scope.has_perm(user, "channels.view_channel", tree["vinh_long"].pk)
    assert not scope.has_perm(user, "channels.change_channel", tree["vinh_long"].pk)
    assert scope.has_perm(user, "channels.change_channel", tree["commune"].pk)


def test_each_permission_holds_only_where_the_role_granting_it_sits(tree):
    """Approver of the province and editor of a commune: approves in the province, edits
    channels only in the commune."""
    user = with_role("approver", tree["vinh_long"], kind="approver")
    actions.do_assign_role(user=user, unit=tree["commune"], kind="editor", actor=None)
    user = fresh(user)
    assert scope.has_perm(user, "plans.publish_campaign", tree["vinh_long"].pk)
    assert not scope.has_perm(user, "plans.publish_campaign", tree["tra_vinh"].pk)
    assert scope.has_perm(user, "plans.change_campaign", tree["vinh_long"].pk)
    assert not scope.has_perm(user, "channels.change_channel", tree["vinh_long"].pk)
    assert scope.has_perm(user, "channels.change_channel", tree["commune"].pk)
    assert not scope.has_perm(user, "plans.record_spending", tree["tra_vinh"].pk)


def test_finance_records_spending_but_changes_nothing_else(tree):
    user = with_role("ketoan", tree["vinh_long"], kind="finance")
    assert scope.has_perm(user, "plans.record_spending", tree["commune"].pk)
    assert not scope.has_perm(user, "plans.change_campaign", tree["commune"].pk)
    assert not scope.has_perm(user, "channels.change_channel", tree["commune"].pk)


def test_require_perm_names_the_refused_unit(tree):
    user = with_role("coso", tree["a"], kind="editor")
    scope.require_perm(user, "channels.add_channel", [tree["a"].pk], "channels")
    with pytest.raises(ValidationError, match=tree["commune"].name):
        scope.require_perm(user, "channels.add_channel", [tree["a"].pk, tree["commune"].pk], "channels")
