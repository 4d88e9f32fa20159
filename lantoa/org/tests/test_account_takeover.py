"""A commune union's federation admin manages the accounts of the commune's subtree and no
other: not the superuser, not an account that also holds a role above or beside the
commune, through any route of Wagtail's users screens (copy and usage included), the role
form or the actions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from lantoa.org import actions, scope
from lantoa.org.models import Role, RoleKind, User
from lantoa.org.tests.factories import fresh

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-moi-9!"  # noqa: S105


def untouchable(w):
    return [w["superuser"], w["province_editor"], w["sibling_officer"]]


def account_state(user):
    user = fresh(user)
    return (
        user.password,
        user.is_superuser,
        user.is_active,
        user.email,
        sorted(user.groups.values_list("pk", flat=True)),
    )


def test_manageable_accounts_exclude_superusers_and_accounts_above(commune_world):
    w = commune_world
    manageable = set(scope.visible_user_accounts(User.objects.all(), w["admin"]))
    assert w["officer"] in manageable and w["admin"] in manageable
    assert not manageable & set(untouchable(w))
    assignable = set(scope.assignable_users(w["admin"]))
    assert w["officer"] in assignable and w["spare"] in assignable
    assert not assignable & set(untouchable(w))


@pytest.mark.parametrize("view", ["usage", "edit", "delete", "history"])
def test_users_routes_refuse_accounts_the_admin_may_not_manage(commune_world, client, view):
    w = commune_world
    client.force_login(w["admin"])
    for account in untouchable(w):
        url = reverse(f"wagtailusers_users:{view}", args=[account.pk])
        before = account_state(account)
        assert client.get(url).status_code in (403, 404), url
        data = {
            "username": account.username,
            "email": "chiem@example.vn",
            "first_name": "Chiếm",
            "last_name": "Quyền",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "is_superuser": "on",
            "is_active": "on",
        }
        assert client.post(url, data).status_code in (403, 404), url
        assert account_state(account) == before, url


def test_there_is_no_copy_of_an_account(commune_world, client):
    """Wagtail's copy view saved over the original account (password, superuser status)."""
    w = commune_world
    client.force_login(w["admin"])
    with pytest.raises(NoReverseMatch):
        reverse("wagtailusers_users:copy", args=[w["officer"].pk])
    for account in (w["officer"], w["superuser"]):
        before = account_state(account)
        url = f"/admin/users/copy/{account.pk}/"
        assert client.get(url).status_code == 404
        data = {"username": account.username, "email": "x@example.vn", "password1": PASSWORD, "password2": PASSWORD,
                "is_superuser": "on"}  # fmt: skip
        assert client.post(url, data).status_code == 404
        assert account_state(account) == before


def test_the_users_listing_shows_only_manageable_accounts(commune_world, client):
    w = commune_world
    client.force_login(w["admin"])
    text = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert w["officer"].username in text
    for account in untouchable(w):
        assert account.username not in text


def test_the_admin_still_edits_an_account_of_the_commune(commune_world, client):
    w = commune_world
    client.force_login(w["admin"])
    response = client.post(
        reverse("wagtailusers_users:edit", args=[w["officer"].pk]),
        {"username": w["officer"].username, "email": "moi@example.vn", "first_name": "Mới", "last_name": "Lê",
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert fresh(w["officer"]).email == "moi@example.vn"


def test_the_role_form_never_offers_superusers_or_accounts_above(commune_world, client):
    w = commune_world
    client.force_login(w["admin"])
    form = client.get(reverse("role:add")).context["form"]
    offered = set(form.fields["user"].queryset)
    assert w["spare"] in offered and w["officer"] in offered
    assert not offered & set(untouchable(w))
    response = client.post(
        reverse("role:add"), {"user": w["superuser"].pk, "unit": w["commune"].pk, "kind": RoleKind.VIEWER}
    )
    assert response.status_code == 200 and response.context["form"].errors.get("user")


def test_assigning_and_removing_roles_recheck_the_actor_scope(commune_world):
    w = commune_world
    with pytest.raises(ValidationError):
        actions.do_assign_role(user=w["spare"], unit=w["sibling"], kind=RoleKind.VIEWER, actor=w["admin"])
    with pytest.raises(ValidationError):
        actions.do_assign_role(user=w["superuser"], unit=w["grassroots"], kind=RoleKind.VIEWER, actor=w["admin"])
    with pytest.raises(ValidationError):
        actions.do_assign_role(user=w["province_editor"], unit=w["grassroots"], kind=RoleKind.EDITOR, actor=w["admin"])
    sibling_role = Role.objects.get(user=w["sibling_officer"])
    with pytest.raises(ValidationError):
        actions.do_remove_role(sibling_role, actor=w["admin"])
    role = actions.do_assign_role(user=w["spare"], unit=w["grassroots"], kind=RoleKind.VIEWER, actor=w["admin"])
    actions.do_remove_role(role, actor=w["admin"])
    assert not Role.objects.filter(user=w["spare"]).exists()


def test_groups_screens_are_closed_to_the_commune_admin(commune_world, client):
    w = commune_world
    client.force_login(w["admin"])
    group = w["officer"].groups.first()
    for name, args in [("index", []), ("add", []), ("edit", [group.pk]), ("delete", [group.pk]),
                       ("history", [group.pk]), ("usage", [group.pk])]:  # fmt: skip
        response = client.get(reverse(f"wagtailusers_groups:{name}", args=args))
        assert response.status_code in (302, 403, 404), name
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("wagtailadmin_home")), name
