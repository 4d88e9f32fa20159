"""`/` is Lan Tỏa's front page until the site has a portal; then it is the portal's home."""

import pytest

from lantoa.portal.actions import do_open_portal

from .portal_world import HOST

pytestmark = pytest.mark.django_db


def test_before_a_portal_the_front_page_is_lan_toa_s(client, commune_world):
    html = client.get("/", HTTP_HOST=HOST).content.decode()
    assert "lantoa-federation" in html and "skip-link" not in html


def test_once_the_portal_is_open_slash_is_its_home(client, commune_world):
    do_open_portal(commune_world["province"], hostname=HOST, actor=None, title="Cổng Công đoàn Vĩnh Long")
    response = client.get("/", HTTP_HOST=HOST)
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Cổng Công đoàn Vĩnh Long</h1>" in html and "skip-link" in html
