"""`/` is Lan Tỏa's front page until the public portal exists: the federation's name, the
logo and a way in, in Vietnamese; never Wagtail's "Welcome to your new Wagtail site!"."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse
from wagtail.models import Site

from lantoa.org.tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db


def test_the_front_page_shows_the_root_unit_name_the_logo_and_a_sign_in_link(client):
    make_unit(None, "province", "Liên đoàn Lao động tỉnh Vĩnh Long")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert resolve("/").url_name == "front_page"
    assert "Liên đoàn Lao động tỉnh Vĩnh Long" in html
    assert f'href="{reverse("wagtailadmin_login")}"' in html and "Đăng nhập" in html
    assert "core/lantoa-logo.svg" in html and "Lan Tỏa" in html
    assert "Wagtail" not in html and "Welcome" not in html


def test_the_front_page_prefers_the_site_name_an_administrator_set(client):
    make_unit(None, "province", "Liên đoàn Lao động tỉnh Vĩnh Long")
    Site.objects.filter(is_default_site=True).update(site_name="Cổng thông tin Công đoàn Vĩnh Long")
    assert "Cổng thông tin Công đoàn Vĩnh Long" in client.get("/").content.decode()


def test_the_front_page_without_units_shows_the_product_name(client):
    html = client.get("/").content.decode()
    assert '<h1 class="lantoa-federation">Lan Tỏa</h1>' in html


def test_a_signed_in_user_is_offered_the_way_to_their_work(client):
    client.force_login(make_user("tinh.bientap", is_superuser=True))
    html = client.get("/").content.decode()
    assert "Vào trang làm việc" in html and f'href="{reverse("wagtailadmin_home")}"' in html


def test_the_other_public_routes_are_still_served(client):
    assert client.get(reverse("healthz")).status_code in (200, 503)
    assert resolve("/khong-co-trang-nay/").url_name == "wagtail_serve"
