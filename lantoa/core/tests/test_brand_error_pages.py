"""Error pages look like Lan Tỏa: the logo and name, the error in Vietnamese and a link
back, on the public site and in the admin; nowhere "Wagtail"."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults

from lantoa.org.tests.factories import make_user

pytestmark = pytest.mark.django_db


def assert_branded(html: str) -> None:
    assert "core/lantoa-logo.svg" in html and "core/brand.css" in html
    assert "<title>" in html and "- Lan Tỏa</title>" in html
    assert "Wagtail" not in html


def test_a_public_404_is_lan_toa_page_with_a_link_home(client):
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert_branded(html)
    assert "Lỗi 404" in html and "Không tìm thấy trang" in html
    assert '<a class="lantoa-button" href="/">Về trang chủ</a>' in html


def test_an_admin_404_leads_back_into_the_admin(client):
    client.force_login(make_user("tinh.bientap", is_superuser=True))
    response = client.get("/admin/khong-co-man-hinh-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert_branded(html)
    assert "Không tìm thấy trang" in html and 'href="/admin/">Về trang làm việc</a>' in html


def test_a_403_says_in_vietnamese_who_to_ask(rf: RequestFactory):
    response = defaults.permission_denied(rf.get("/admin/x/"), PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert_branded(html)
    assert "Không có quyền truy cập" in html and "người quản trị" in html


def test_a_500_renders_without_any_context(rf: RequestFactory):
    response = defaults.server_error(rf.get("/admin/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert_branded(html)
    assert "Đã có lỗi xảy ra" in html and "Lỗi 500" in html


def test_a_400_and_a_csrf_failure_read_in_vietnamese(client, rf: RequestFactory):
    assert "Không đọc được yêu cầu" in defaults.bad_request(rf.get("/"), Exception()).content.decode()
    csrf_client = client_class_enforcing_csrf()
    response = csrf_client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_branded(html)
    assert "Biểu mẫu đã hết hạn" in html


def client_class_enforcing_csrf():
    from django.test import Client

    return Client(enforce_csrf_checks=True)
