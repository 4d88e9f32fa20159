"""Wagtail's user create and edit screens record the person's mobile number: any usual
Vietnamese spelling, stored as +84…, refused with a message next to the field (and nothing
typed lost) when it is not a mobile number or another account holds it."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.org.models import User
from lantoa.org.tests.factories import fresh, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-moi-9!"  # noqa: S105
INVALID = "Hãy nhập số điện thoại di động Việt Nam, ví dụ 0912 345 678."
TAKEN = "Số điện thoại di động này đã thuộc về một tài khoản khác."


@pytest.fixture
def superuser():
    return make_user("quantri.goc", is_superuser=True, is_staff=True)


def creation_data(**extra):
    data = {
        "username": "nguyen.thi.lan",
        "email": "lan@example.vn",
        "first_name": "Lan",
        "last_name": "Nguyễn Thị",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return data | extra


def edit_data(user, **extra):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "Mới",
        "last_name": "Lê",
        "is_active": "on",
    }
    return data | extra


def text_of(response):
    return html.unescape(response.content.decode())


def phone_errors(response):
    return [str(error) for error in response.context["form"].errors.get("phone", [])]


def test_the_create_and_edit_forms_show_the_phone_field(client, superuser):
    client.force_login(superuser)
    for url in (reverse("wagtailusers_users:add"), reverse("wagtailusers_users:edit", args=[superuser.pk])):
        text = text_of(client.get(url))
        assert 'name="phone"' in text and 'type="tel"' in text, url
        assert "Số điện thoại di động" in text, url


def test_creating_a_user_records_the_normalised_phone(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("wagtailusers_users:add"), creation_data(phone="0912.345.678"))
    assert response.status_code == 302
    assert User.objects.get(username="nguyen.thi.lan").phone == "+84912345678"


def test_creating_a_user_without_a_phone_leaves_it_blank(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("wagtailusers_users:add"), creation_data(phone="  "))
    assert response.status_code == 302
    assert User.objects.get(username="nguyen.thi.lan").phone == ""


def test_editing_a_user_sets_changes_and_clears_the_phone(client, superuser):
    user = make_user("tran.van.binh")
    client.force_login(superuser)
    url = reverse("wagtailusers_users:edit", args=[user.pk])
    assert client.post(url, edit_data(user, phone="(+84) 987-654-321")).status_code == 302
    assert fresh(user).phone == "+84987654321"
    # The stored form shown back on the form saves unchanged.
    shown = client.get(url).context["form"]["phone"].value()
    assert client.post(url, edit_data(user, phone=shown)).status_code == 302
    assert fresh(user).phone == "+84987654321"
    assert client.post(url, edit_data(user, phone="")).status_code == 302
    assert fresh(user).phone == ""


@pytest.mark.parametrize("bad", ["0212345678", "091234567", "09123456789", "+1 912345678", "không có"])
def test_a_bad_number_is_refused_next_to_the_field_and_nothing_is_lost(client, superuser, bad):
    client.force_login(superuser)
    response = client.post(reverse("wagtailusers_users:add"), creation_data(phone=bad))
    assert response.status_code == 200
    assert phone_errors(response) == [INVALID]
    assert not User.objects.filter(username="nguyen.thi.lan").exists()
    text = text_of(response)
    assert INVALID in text
    for typed in (bad, "nguyen.thi.lan", "lan@example.vn", "Nguyễn Thị"):
        assert f'value="{typed}"' in text, typed


def test_a_number_of_another_account_is_refused_on_create(client, superuser):
    make_user("chu.so", phone="+84912345678")
    client.force_login(superuser)
    response = client.post(reverse("wagtailusers_users:add"), creation_data(phone="0912 345 678"))
    assert response.status_code == 200
    assert phone_errors(response) == [TAKEN]
    assert TAKEN in text_of(response) and 'value="0912 345 678"' in text_of(response)
    assert not User.objects.filter(username="nguyen.thi.lan").exists()


def test_a_number_of_another_account_is_refused_on_edit(client, superuser):
    make_user("chu.so", phone="+84912345678")
    user = make_user("tran.van.binh", phone="+84987654321")
    client.force_login(superuser)
    url = reverse("wagtailusers_users:edit", args=[user.pk])
    response = client.post(url, edit_data(user, phone="84912345678", email="moi@example.vn"))
    assert response.status_code == 200
    assert phone_errors(response) == [TAKEN]
    text = text_of(response)
    assert 'value="84912345678"' in text and 'value="moi@example.vn"' in text
    user = fresh(user)
    assert user.phone == "+84987654321" and user.email == "tran.van.binh@example.vn"


def test_an_account_keeps_its_own_number(client, superuser):
    user = make_user("tran.van.binh", phone="+84987654321")
    client.force_login(superuser)
    url = reverse("wagtailusers_users:edit", args=[user.pk])
    assert client.post(url, edit_data(user, phone="0987 654 321")).status_code == 302
    assert fresh(user).phone == "+84987654321"


def test_a_commune_admin_sets_the_phone_of_an_account_in_their_scope(commune_world, client):
    w = commune_world
    client.force_login(w["admin"])
    url = reverse("wagtailusers_users:edit", args=[w["officer"].pk])
    form = client.get(url).context["form"]
    assert "phone" in form.fields and "is_superuser" not in form.fields and "groups" not in form.fields
    response = client.post(url, edit_data(w["officer"], phone="0356 789 012"))
    assert response.status_code == 302
    officer = fresh(w["officer"])
    assert officer.phone == "+84356789012" and not officer.is_superuser


def test_a_commune_admin_still_cannot_set_the_phone_of_an_account_above(commune_world, client):
    w = commune_world
    client.force_login(w["admin"])
    target = w["province_editor"]
    url = reverse("wagtailusers_users:edit", args=[target.pk])
    assert client.post(url, edit_data(target, phone="0356 789 012")).status_code in (403, 404)
    assert fresh(target).phone == ""


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(phone=st.one_of(st.text(max_size=30), st.from_regex(r"\A(\+84|84|0)[ .\-]?[0-9 .\-]{8,12}\Z")))
def test_the_phone_field_never_fails_with_a_server_error(client, superuser, phone):
    user, _ = User.objects.get_or_create(username="thu.nghiem", defaults={"email": "thu@example.vn"})
    User.objects.filter(pk=user.pk).update(phone="")
    client.force_login(superuser)
    response = client.post(reverse("wagtailusers_users:edit", args=[user.pk]), edit_data(user, phone=phone))
    stored = fresh(user).phone
    if response.status_code == 302:
        assert stored == "" or (stored.startswith("+84") and len(stored) == 12 and stored[1:].isdigit())
    else:
        assert response.status_code == 200
        assert phone_errors(response) and stored == ""
