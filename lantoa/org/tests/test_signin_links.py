"""One-time sign-in links: printed sheets, GET confirms, POST signs in once; expired,
used and revoked links say so; tokens appear only as the QR target."""

import datetime
import logging

import pytest
from django.utils import timezone

from lantoa.org import actions, bulk_accounts, signin
from lantoa.org.models import RoleKind, SignInLink
from lantoa.org.tests.factories import fresh, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_throttle():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    root = make_unit(None, kind="confederation", name="Tổng Liên đoàn")
    commune = make_unit(root, kind="commune", name="Công đoàn xã A")
    other = make_unit(root, kind="commune", name="Công đoàn xã B")
    unit = make_unit(commune, name="Công đoàn cơ sở Trường Tiểu học A")
    far = make_unit(other)
    admin = make_user("quantri_xa_a")
    actions.do_assign_role(user=admin, unit=commune, kind=RoleKind.FEDERATION_ADMIN, actor=None)
    (officer,) = bulk_accounts.do_create_officer_accounts([unit], actor=None)
    bulk_accounts.do_create_officer_accounts([far], actor=None)
    return type("World", (), dict(commune=commune, other=other, unit=unit, far=far, admin=fresh(admin),
                                  officer=officer))  # fmt: skip


def issue(world, **kwargs):
    (link,) = signin.do_issue_signin_links([world.unit], actor=world.admin, **kwargs)
    return link


def url(token):
    return f"/dang-nhap/lien-ket/{token}/"


def test_get_confirms_and_post_signs_in_once(world, client):
    link = issue(world)
    page = client.get(url(link.token))
    assert page.status_code == 200
    assert "Đăng nhập" in page.content.decode()
    assert "_auth_user_id" not in client.session  # a link preview does not sign in nor use it up
    answer = client.post(url(link.token))
    assert answer.status_code == 302
    assert answer["Location"] == "/viec/"  # a grassroots officer lands on their tasks
    assert client.session["_auth_user_id"] == str(world.officer.pk)
    client.logout()
    again = client.post(url(link.token))
    assert again.status_code == 200
    assert "đã được sử dụng" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_expired_link_is_refused(world, client):
    link = issue(world)
    SignInLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    answer = client.post(url(link.token))
    assert "đã hết hạn" in answer.content.decode()
    assert "_auth_user_id" not in client.session


def test_default_lifetime_is_fourteen_days(world):
    link = issue(world)
    assert abs(link.expires_at - timezone.now() - datetime.timedelta(days=14)) < datetime.timedelta(minutes=1)


def test_revoked_and_superseded_links_are_refused(world, client):
    first = issue(world)
    second = issue(world)  # a new sheet revokes the previous one
    assert "đã bị thu hồi" in client.post(url(first.token)).content.decode()
    signin.do_revoke_signin_links([world.unit], actor=world.admin)
    assert "đã bị thu hồi" in client.post(url(second.token)).content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_token_and_throttle(world, client, settings):
    answer = client.get(url("khong-co-that"))
    assert answer.status_code == 200 and "không hợp lệ" in answer.content.decode()
    for i in range(signin.LINK_FAILURES_PER_ADDRESS_PER_HOUR):
        client.get(url(f"doan-{i}"))
    link = issue(world)
    throttled = client.post(url(link.token))
    assert "Quá nhiều" in throttled.content.decode()
    assert "_auth_user_id" not in client.session


def test_only_the_hash_is_stored(world):
    link = issue(world)
    stored = SignInLink.objects.get()
    assert link.token not in stored.token_hash
    assert stored.token_hash == signin.hash_token(link.token)


def test_commune_admin_cannot_issue_or_revoke_elsewhere(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        signin.do_issue_signin_links([world.far], actor=world.admin)
    with pytest.raises(ValidationError):
        signin.do_revoke_signin_links([world.far], actor=world.admin)
    assert not SignInLink.objects.exists()


def test_sheets_print_from_the_screen_and_tokens_stay_out_of_logs_and_pages(world, client, caplog, monkeypatch):
    from wagtail.models import ModelLogEntry

    from lantoa.org import accounts_views

    printed = []

    def render(links, url_for):
        printed.extend(url_for(link.token) for link in links)
        return real_render(links, url_for)

    real_render = accounts_views.render_sheets
    monkeypatch.setattr(accounts_views, "render_sheets", render)
    client.force_login(world.admin)
    screen = "/admin/org/officer-accounts/"
    caplog.set_level(logging.DEBUG)
    pdf = client.post(screen, {"don_vi": world.commune.pk, "action": "print", "unit": [world.unit.pk, world.far.pk]})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert SignInLink.objects.get().unit_id == world.unit.pk  # B's unit was left out of the admin's print
    (target,) = printed
    assert target.startswith("http://testserver/dang-nhap/lien-ket/")
    token = target.rstrip("/").rsplit("/", 1)[-1]
    assert token.encode() not in pdf.content  # only inside the QR image
    assert token not in client.get(screen, {"don_vi": world.commune.pk}).content.decode()
    client.logout()
    assert token not in client.get(target).content.decode()
    assert client.post(target).status_code == 302
    assert token not in client.post(target).content.decode()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert token not in logged
    assert not any(token in str(entry.data) for entry in ModelLogEntry.objects.all())


def test_revoke_from_the_screen(world, client):
    link = issue(world)
    client.force_login(world.admin)
    client.post(
        "/admin/org/officer-accounts/", {"don_vi": world.commune.pk, "action": "revoke", "unit": [world.unit.pk]}
    )
    client.logout()
    assert "đã bị thu hồi" in client.post(url(link.token)).content.decode()
