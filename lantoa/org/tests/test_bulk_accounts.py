"""Officer accounts in bulk: one per unit without an officer, idempotent, no per-account
group or collection, within the actor's subtree, audit-logged per chunk."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.models import Collection, ModelLogEntry

from lantoa.org import actions, bulk_accounts
from lantoa.org.models import Role, RoleKind, Unit
from lantoa.org.tests.factories import fresh, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    root = make_unit(None, kind="confederation", name="Tổng Liên đoàn")
    province = make_unit(root, kind="provincial", name="LĐLĐ tỉnh")
    commune = make_unit(province, kind="commune", name="Công đoàn xã A")
    other = make_unit(province, kind="commune", name="Công đoàn xã B")
    inside = [make_unit(commune) for _ in range(5)]
    outside = [make_unit(other) for _ in range(3)]
    admin = make_user("quantri_xa_a")
    actions.do_assign_role(user=admin, unit=commune, kind=RoleKind.FEDERATION_ADMIN, actor=None)
    return type("Tree", (), dict(root=root, province=province, commune=commune, other=other, inside=inside,
                                 outside=outside, admin=fresh(admin)))  # fmt: skip


def officers_of(units):
    return Role.objects.filter(unit__in=units, kind=RoleKind.UNIT_OFFICER)


def test_creates_one_officer_per_unit_with_role_group_and_unusable_password(tree):
    created = bulk_accounts.do_create_officer_accounts(tree.inside, actor=tree.admin, root=tree.commune)
    assert len(created) == 5
    assert officers_of(tree.inside).count() == 5
    group = actions.role_group(RoleKind.UNIT_OFFICER)
    for user in created:
        user = fresh(user)
        assert user.username == "cs." + Role.objects.get(user=user).unit.code.lower()
        assert not user.has_usable_password()
        assert list(user.groups.all()) == [group]
        assert user.sort_name and user.search_text  # derived fields filled despite bulk_create


def test_is_idempotent_and_skips_units_with_an_officer(tree):
    someone = make_user("nguoi_phu_trach")
    actions.do_assign_role(user=someone, unit=tree.inside[0], kind=RoleKind.UNIT_OFFICER, actor=None)
    first = bulk_accounts.do_create_officer_accounts(tree.inside, actor=tree.admin)
    second = bulk_accounts.do_create_officer_accounts(tree.inside, actor=tree.admin)
    assert len(first) == 4
    assert second == []
    assert officers_of(tree.inside).count() == 5
    assert officers_of([tree.inside[0]]).get().user == someone


def test_no_group_or_collection_per_account(tree):
    actions.role_group(RoleKind.UNIT_OFFICER)  # the shared group exists before
    groups, collections = Group.objects.count(), Collection.objects.count()
    bulk_accounts.do_create_officer_accounts(tree.inside + tree.outside, actor=None)
    assert Group.objects.count() == groups
    assert Collection.objects.count() == collections


def test_a_taken_username_gets_a_suffix(tree):
    unit = tree.inside[0]
    make_user("cs." + unit.code.lower())
    (user,) = bulk_accounts.do_create_officer_accounts([unit], actor=None)
    assert user.username == f"cs.{unit.code.lower()}-2"


def test_commune_admin_cannot_create_outside_its_subtree(tree):
    with pytest.raises(ValidationError):
        bulk_accounts.do_create_officer_accounts(tree.inside + tree.outside, actor=tree.admin)
    assert not officers_of(tree.inside + tree.outside).exists()  # the chunk was refused whole
    with pytest.raises(ValidationError):
        bulk_accounts.start_officer_accounts(tree.other, actor=tree.admin)


def test_one_log_entry_per_chunk(tree, monkeypatch):
    monkeypatch.setattr(bulk_accounts, "CHUNK_SIZE", 2)
    before = ModelLogEntry.objects.filter(action=bulk_accounts.LOG_ACTION).count()
    bulk_accounts.do_create_officer_accounts(tree.inside, actor=tree.admin, root=tree.commune)
    entries = ModelLogEntry.objects.filter(action=bulk_accounts.LOG_ACTION)
    assert entries.count() - before == 3
    assert sum(e.data["count"] for e in entries) == 5


def test_subtree_in_the_background_when_large(tree, monkeypatch):
    monkeypatch.setattr(bulk_accounts, "INLINE_LIMIT", 2)
    count, background = bulk_accounts.start_officer_accounts(tree.commune, actor=tree.admin)
    assert (count, background) == (5, True)
    assert officers_of(tree.inside).count() == 5  # the test settings run tasks at once


def test_only_open_grassroots_units_need_an_officer(tree):
    pending = set(bulk_accounts.units_needing_officer(tree.province))
    assert pending == set(tree.inside + tree.outside)
    assert tree.commune not in pending


def test_first_signin_completes_the_media_group(tree):
    from lantoa.org.signin import complete_account

    (user,) = bulk_accounts.do_create_officer_accounts(tree.inside[:1], actor=None)
    complete_account(user)
    unit = Unit.objects.get(pk=tree.inside[0].pk)
    assert unit.collection_id is not None
    assert fresh(user).groups.count() == 2


def test_the_screen_creates_and_is_scoped(tree, client):
    client.force_login(tree.admin)
    url = "/admin/org/officer-accounts/"
    assert client.get(url).status_code == 200
    page = client.get(url, {"don_vi": tree.commune.pk})
    assert page.status_code == 200
    assert "chưa có người phụ trách" in page.content.decode()
    assert client.get(url, {"don_vi": tree.other.pk}).status_code == 404
    client.post(url, {"don_vi": tree.other.pk, "action": "create"})
    assert not officers_of(tree.outside).exists()
    client.post(url, {"don_vi": tree.commune.pk, "action": "create"})
    assert officers_of(tree.inside).count() == 5


def test_an_officer_cannot_open_the_screen(tree, client):
    (officer,) = bulk_accounts.do_create_officer_accounts(tree.inside[:1], actor=None)
    client.force_login(officer)
    assert client.get("/admin/org/officer-accounts/").status_code in (302, 403)
