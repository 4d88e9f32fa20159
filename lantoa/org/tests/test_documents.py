"""Documents in a unit's collection are served only within that unit's scope."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from lantoa.org import actions

from .factories import make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    province = make_unit(None, "confederation", "Tổng Liên đoàn Lao động Việt Nam")
    a = make_unit(province, name="CĐCS Công ty May Sông Tiền")
    b = make_unit(province, name="CĐCS Công ty Thủy sản Hàm Luông")
    officers = {}
    for key, unit in (("a", a), ("b", b)):
        officers[key] = make_user(f"coso.{key}")
        actions.do_assign_role(user=officers[key], unit=unit, kind="unit_officer", actor=None)
    Document = get_document_model()
    minutes = Document(title="Biên bản họp BCH quý III", collection=actions.ensure_unit_collection(a))
    minutes.file.save("bien-ban.txt", ContentFile(b"Bien ban hop"), save=True)
    leaflet = Document(title="Tờ rơi Tháng Công nhân", collection=Collection.get_first_root_node())
    leaflet.file.save("to-roi.txt", ContentFile(b"To roi"), save=True)
    return {"minutes": minutes, "leaflet": leaflet, **officers}


def url(document):
    return f"/documents/{document.pk}/{document.filename}"


def test_anonymous_visitors_cannot_download_a_units_document(client, world):
    assert client.get(url(world["minutes"])).status_code == 404


def test_the_units_officer_downloads_it_and_a_sibling_does_not(client, world):
    client.force_login(world["a"])
    assert client.get(url(world["minutes"])).status_code == 200
    client.force_login(world["b"])
    assert client.get(url(world["minutes"])).status_code == 404


def test_documents_in_shared_collections_stay_public(client, world):
    assert client.get(url(world["leaflet"])).status_code == 200


def test_the_units_officer_gets_the_file_through_the_view_never_through_media(client, world):
    minutes = world["minutes"]
    client.force_login(world["a"])
    response = client.get(url(minutes))
    assert b"".join(response.streaming_content) == b"Bien ban hop"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert minutes.url == url(minutes)  # links never point at the file under /media/
    assert client.get(f"/media/{minutes.file.name}").status_code == 404
