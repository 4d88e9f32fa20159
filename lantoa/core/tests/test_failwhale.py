"""Wagtail's /admin/failwhale/ raises on purpose (it tries the 500 page): only superusers reach it."""

import pytest
from django.urls import reverse

from lantoa.org import actions
from lantoa.org.models import RoleKind
from lantoa.org.tests.factories import fresh, make_unit, make_user

pytestmark = pytest.mark.django_db


def test_a_unit_officer_gets_404_not_a_server_error(client):
    unit = make_unit(None, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    officer = make_user("songtien.canbo")
    actions.do_assign_role(user=officer, unit=unit, kind=RoleKind.UNIT_OFFICER, actor=None)
    client.force_login(fresh(officer))
    assert reverse("wagtailadmin_error_test") == "/admin/failwhale/"
    assert client.get("/admin/failwhale/").status_code == 404


def test_an_anonymous_visitor_gets_404(client):
    assert client.get("/admin/failwhale/").status_code == 404


def test_a_superuser_still_reaches_the_error_page(client):
    client.raise_request_exception = False
    client.force_login(make_user("quantri", is_superuser=True, is_staff=True))
    assert client.get("/admin/failwhale/").status_code == 500
