"""Who may call the API: tokens issued by `manage.py api_token`, or the admin's session."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import APIToken

from lantoa.org.tests.factories import make_user

from .conftest import bearer

pytestmark = pytest.mark.django_db


def issue_by_command(username, *extra) -> str:
    out = io.StringIO()
    call_command("api_token", username, *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def get_plans(client, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get("/api/plans", **headers)


def test_a_token_printed_by_the_command_opens_the_api(client, province_editor):
    token = issue_by_command("tinh.tuyengiao", "--name", "Báo cáo tỉnh")
    assert get_plans(client, token).status_code == 200
    row = APIToken.objects.get(user=province_editor)
    assert row.name == "Báo cáo tỉnh"
    assert token not in (row.key_hash, row.prefix)
    assert row.last_used_at is not None


def test_the_command_refuses_an_unknown_account(db):
    with pytest.raises(CommandError, match="khong.ai"):
        issue_by_command("khong.ai")


def test_the_command_refuses_a_disabled_account(province_editor):
    province_editor.is_active = False
    province_editor.save()
    with pytest.raises(CommandError, match="tinh.tuyengiao"):
        issue_by_command("tinh.tuyengiao")
    assert not APIToken.objects.exists()


def test_a_request_without_credentials_is_refused_with_a_message(client):
    response = get_plans(client)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_wrong_token_is_refused(client, province_editor):
    issue_by_command("tinh.tuyengiao")
    assert get_plans(client, "wagtail_not-a-real-token").status_code == 401
    assert client.get("/api/plans", HTTP_AUTHORIZATION="Token abc").status_code == 401


def test_a_revoked_token_is_refused(client, province_editor):
    token = issue_by_command("tinh.tuyengiao")
    assert get_plans(client, token).status_code == 200
    issue_by_command("tinh.tuyengiao", "--revoke")
    assert get_plans(client, token).status_code == 401


def test_revoking_by_name_keeps_the_other_tokens(client, province_editor):
    reports = issue_by_command("tinh.tuyengiao", "--name", "báo cáo")
    portal = issue_by_command("tinh.tuyengiao", "--name", "cổng thông tin")
    issue_by_command("tinh.tuyengiao", "--revoke", "--name", "báo cáo")
    assert get_plans(client, reports).status_code == 401
    assert get_plans(client, portal).status_code == 200


def test_the_token_of_a_disabled_account_is_refused(client, province_editor):
    headers = bearer(province_editor)
    province_editor.is_active = False
    province_editor.save()
    assert client.get("/api/plans", **headers).status_code == 401


def test_a_wrong_token_is_refused_even_alongside_a_session(client, province_editor):
    client.force_login(province_editor)
    assert get_plans(client, "wagtail_not-a-real-token").status_code == 401


def test_a_staff_session_works_without_a_token(client, province_editor):
    client.force_login(province_editor)
    assert get_plans(client).status_code == 200


def test_a_session_without_admin_access_is_refused(client):
    client.force_login(make_user("nguoi.ngoai"))
    assert get_plans(client).status_code == 401
