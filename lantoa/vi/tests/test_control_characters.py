"""Control characters typed or pasted into any form (BEL, ESC, NUL…) are dropped before a
view sees them, in the project's forms and in Wagtail's own alike; TAB, LF and CR stay.

Stored, they made the channel export, the plan .docx and the .xlsx report answer 500."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Collection

from lantoa.channels.models import Channel
from lantoa.org.tests.factories import make_unit
from lantoa.vi.middleware import StripControlCharacters

pytestmark = pytest.mark.django_db


def _seen(request):
    """Run the middleware and return the request the view would get."""
    middleware = StripControlCharacters(lambda request: HttpResponse())
    assert middleware.process_view(request, None, (), {}) is None
    return request


def test_form_fields_and_query_parameters_are_cleaned():
    request = RequestFactory().post(
        "/admin/x/?q=ke\x07nh&ngay=01/01/2025", {"name": ["Kênh\x07 A", "B\x1b"], "admins": "An\r\nBình\tC\x00"}
    )
    request = _seen(request)
    assert request.POST.getlist("name") == ["Kênh A", "B"]
    assert request.POST["admins"] == "An\r\nBình\tC"
    assert request.GET["q"] == "kenh" and request.GET["ngay"] == "01/01/2025"


def test_passwords_are_left_as_typed():
    request = _seen(RequestFactory().post("/admin/login/", {"username": "a\x07", "password": "mật\x07khẩu"}))
    assert request.POST["username"] == "a" and request.POST["password"] == "mật\x07khẩu"


def test_json_bodies_and_uploaded_files_are_left_alone():
    body = json.dumps({"name": "Kênh\x07"})
    request = _seen(RequestFactory().post("/api/x", body, content_type="application/json"))
    assert json.loads(request.body) == {"name": "Kênh\x07"}


def test_a_channel_typed_with_control_characters_is_saved_without_them(client):
    unit = make_unit(None, "grassroots", "CĐCS Công ty A")
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.vn", "x"))
    response = client.post(
        reverse("channel:add"),
        {"unit": unit.pk, "kind": "bulletin_board", "name": "Bảng tin\x07 cổng", "purpose": "both",
         "admins": "An\x1b\r\nBình", "location": "Cổng\x00 chính"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-3000:]
    channel = Channel.objects.get()
    assert (channel.name, channel.admins, channel.location) == ("Bảng tin cổng", "An\r\nBình", "Cổng chính")


def test_wagtails_own_forms_are_cleaned_too(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.vn", "x"))
    root = Collection.get_first_root_node()
    response = client.post(reverse("wagtailadmin_collections:add"), {"name": "Ảnh\x07 hội nghị", "parent": root.pk})
    assert response.status_code == 302
    assert Collection.objects.filter(name="Ảnh hội nghị").exists()
