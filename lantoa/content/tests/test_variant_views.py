"""The variants screen and its downloads: the editor and the approver see every variant of what
was submitted; an officer of a sibling commune finds nothing there."""

import io

import pypdf
import pytest
from django.urls import reverse

from lantoa.content.variant_views import PDF_CONTENT_TYPE
from lantoa.reports.downloads import DOCX_CONTENT_TYPE

from .editorial_world import editorial_world_fixture, submit  # noqa: F401 - fixture
from .variant_article import TITLE, write_variant_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(editorial_world):  # noqa: F811
    world = editorial_world
    return submit(write_variant_article(world), world["commune_editor"])


def urls(article) -> list[str]:
    return [
        reverse("content_variants", args=[article.pk]),
        reverse("content_variant_pdf", args=[article.pk, "board_sheet"]),
        reverse("content_variant_pdf", args=[article.pk, "poster"]),
        reverse("content_press_release", args=[article.pk]),
    ]


def test_an_officer_of_a_sibling_commune_finds_nothing(client, editorial_world, article):  # noqa: F811
    client.force_login(editorial_world["sibling_officer"])
    assert [client.get(url).status_code for url in urls(article)] == [404] * 4


@pytest.mark.parametrize("person", ["commune_editor", "leader"])
def test_the_editor_and_the_approver_see_every_variant_of_the_submitted_article(
    client,
    editorial_world,  # noqa: F811
    article,
    person,
):
    client.force_login(editorial_world[person])
    response = client.get(reverse("content_variants", args=[article.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for kind in ("facebook_post", "zalo_message", "radio_script", "loudspeaker_script", "poster", "press_release"):
        assert f'data-kind="{kind}"' in page
    assert TITLE in page
    assert 'data-minutes="' in page
    assert 'data-status="generated"' in page


def test_the_screen_shows_the_latest_revision_and_what_was_edited(client, editorial_world, article):  # noqa: F811
    revision = article.get_latest_revision_as_object()
    next(v for v in revision.variants.all() if v.kind == "zalo_message").text = "Tin nhắn do biên tập viên viết."
    revision.save_revision(user=editorial_world["commune_editor"])
    client.force_login(editorial_world["leader"])
    page = client.get(reverse("content_variants", args=[article.pk])).content.decode()
    assert "Tin nhắn do biên tập viên viết." in page
    assert 'data-status="edited"' in page


def test_the_downloads_are_a_pdf_and_a_word_document(client, editorial_world, article):  # noqa: F811
    client.force_login(editorial_world["leader"])
    sheet = client.get(reverse("content_variant_pdf", args=[article.pk, "board_sheet"]))
    assert sheet["Content-Type"] == PDF_CONTENT_TYPE
    assert TITLE in " ".join(pypdf.PdfReader(io.BytesIO(sheet.content)).pages[0].extract_text().split())
    release = client.get(reverse("content_press_release", args=[article.pk]))
    assert release["Content-Type"] == DOCX_CONTENT_TYPE
    assert release["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("kind", ["facebook_post", "press_release", "nothing"])
def test_a_kind_that_is_not_printed_is_not_found(client, editorial_world, article, kind):  # noqa: F811
    client.force_login(editorial_world["leader"])
    assert client.get(reverse("content_variant_pdf", args=[article.pk, kind])).status_code == 404


def test_the_article_edit_screen_offers_the_variants(client, editorial_world, article):  # noqa: F811
    client.force_login(editorial_world["commune_editor"])
    page = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert reverse("content_variants", args=[article.pk]) in page
