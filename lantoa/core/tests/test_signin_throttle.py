"""Sign-in is throttled by account and by address: after 10 failed attempts within 15
minutes, further attempts (even with the right password) are refused for 15 minutes on the
sign-in page itself, in Vietnamese, with the username kept. Superusers unlock any account or
address, a federation admin the accounts in their scope."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-123"  # factories.make_user
LOCKED_TEXT = "Đăng nhập sai quá nhiều lần"
OFFICE = "203.0.113.7"


@pytest.fixture
def world(commune_world):
    return commune_world


def sign_in(client, username, password, *, address=OFFICE, url="wagtailadmin_login"):
    return client.post(reverse(url), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, *, address=OFFICE, url="wagtailadmin_login"):
    for _ in range(times):
        response = sign_in(client, username, "sai-mat-khau", address=address, url=url)
    return response


def refused(response) -> bool:
    """Denied, or Wagtail's permission-denied redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_nine_failures_then_the_right_password_signs_in(world, client):
    fail(client, "songtien.canbo", 9)
    response = sign_in(client, "songtien.canbo", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_after_ten_failures_the_right_password_is_refused_on_the_sign_in_page(world, client):
    tenth = fail(client, "songtien.canbo", 10)
    assert tenth.status_code == 429
    response = sign_in(client, "songtien.canbo", PASSWORD)
    assert response.status_code == 429 and not signed_in(client)
    page = response.content.decode()
    assert LOCKED_TEXT in page and "15 phút" in page
    assert 'class="login-form"' in page  # Wagtail's sign-in page, not a bare text page
    assert 'value="songtien.canbo"' in page  # the username is kept
    assert PASSWORD not in page


def test_an_account_stays_locked_whatever_address_it_is_tried_from(world, client):
    for n in range(10):
        sign_in(client, "songtien.canbo", "sai-mat-khau", address=f"198.51.100.{n + 1}")
    response = sign_in(client, "songtien.canbo", PASSWORD, address="192.0.2.99")
    assert response.status_code == 429 and not signed_in(client)


def test_an_address_is_locked_whatever_account_it_tries(world, client):
    for n in range(10):
        sign_in(client, f"doan.ten.{n}", "sai-mat-khau")
    assert sign_in(client, "hamluong.canbo", PASSWORD).status_code == 429
    assert not signed_in(client)
    # The same account from another address is not locked.
    assert sign_in(client, "hamluong.canbo", PASSWORD, address="192.0.2.99").status_code == 302


def test_the_lock_lifts_fifteen_minutes_after_the_tenth_failure_however_often_it_is_tried(world, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail(client, "songtien.canbo", 10)
        clock.move_to(start + datetime.timedelta(minutes=10))
        assert sign_in(client, "songtien.canbo", PASSWORD).status_code == 429
        clock.move_to(start + datetime.timedelta(minutes=15, seconds=5))
        assert sign_in(client, "songtien.canbo", PASSWORD).status_code == 302


def test_failures_more_than_fifteen_minutes_apart_do_not_add_up(world, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail(client, "songtien.canbo", 9)
        clock.move_to(start + datetime.timedelta(minutes=16))
        fail(client, "songtien.canbo", 1)
        assert sign_in(client, "songtien.canbo", PASSWORD).status_code == 302


def test_the_front_end_sign_in_page_counts_failures_too(world, client):
    response = fail(client, "songtien.canbo", 10, url="wagtailcore_login")
    assert response.status_code == 429 and LOCKED_TEXT in response.content.decode()
    assert sign_in(client, "songtien.canbo", PASSWORD).status_code == 429


def test_the_test_client_login_and_force_login_still_work(world, client):
    assert client.login(username="songtien.canbo", password=PASSWORD)
    client.logout()
    client.force_login(world["officer"])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


# --- Unlocking


def test_a_superuser_sees_and_unlocks_a_locked_account(world, client):
    fail(client, "songtien.canbo", 10)
    client.force_login(world["superuser"])
    listing = client.get(reverse("signin_locks"))
    assert listing.status_code == 200
    assert "songtien.canbo" in listing.content.decode() and "Mở khóa" in listing.content.decode()
    response = client.post(reverse("signin_locks"), {"username": "songtien.canbo"})
    assert response.status_code == 302
    client.logout()
    assert sign_in(client, "songtien.canbo", PASSWORD, address="192.0.2.99").status_code == 302


def test_a_superuser_unlocks_an_address(world, client):
    for n in range(10):
        sign_in(client, f"doan.ten.{n}", "sai-mat-khau")
    client.force_login(world["superuser"])
    assert OFFICE in client.get(reverse("signin_locks")).content.decode()
    client.post(reverse("signin_locks"), {"ip_address": OFFICE})
    client.logout()
    assert sign_in(client, "hamluong.canbo", PASSWORD).status_code == 302


def test_a_federation_admin_unlocks_an_account_of_the_commune(world, client):
    fail(client, "songtien.canbo", 10, address="198.51.100.1")
    client.force_login(world["admin"])
    assert "songtien.canbo" in client.get(reverse("signin_locks")).content.decode()
    client.post(reverse("signin_locks"), {"username": "songtien.canbo"})
    client.logout()
    assert sign_in(client, "songtien.canbo", PASSWORD).status_code == 302


def test_a_federation_admin_neither_sees_nor_unlocks_accounts_or_addresses_outside_the_commune(world, client):
    fail(client, "hamluong.canbo", 10, address="198.51.100.1")
    fail(client, "toanquyen.goc", 10, address="198.51.100.2")
    client.force_login(world["admin"])
    page = client.get(reverse("signin_locks")).content.decode()
    assert "hamluong.canbo" not in page and "toanquyen.goc" not in page
    assert "198.51.100" not in page
    for data in ({"username": "hamluong.canbo"}, {"username": "toanquyen.goc"}, {"ip_address": "198.51.100.1"}):
        assert refused(client.post(reverse("signin_locks"), data))
    client.logout()
    assert sign_in(client, "hamluong.canbo", PASSWORD, address="192.0.2.99").status_code == 429


def test_a_unit_officer_may_not_open_the_unlock_screen(world, client):
    client.force_login(world["officer"])
    assert refused(client.get(reverse("signin_locks")))
    assert refused(client.post(reverse("signin_locks"), {"username": "songtien.canbo"}))


def test_unlocking_is_written_to_the_audit_log_of_the_account(world, client):
    fail(client, "songtien.canbo", 10)
    client.force_login(world["admin"])
    client.post(reverse("signin_locks"), {"username": "songtien.canbo"})
    entry = ModelLogEntry.objects.get(action="lantoa.signin.unlock")
    assert entry.user_id == world["admin"].pk and entry.object_id == str(world["officer"].pk)


def test_the_axes_command_unlocks_an_account_from_the_shell(world, client):
    fail(client, "songtien.canbo", 10)
    call_command("axes_reset_username", "songtien.canbo")
    assert sign_in(client, "songtien.canbo", PASSWORD).status_code == 302
