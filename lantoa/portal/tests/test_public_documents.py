"""A document attached to a published page is public; a unit's other documents stay
private to the staff who may read the unit (404 for everyone else)."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model

from lantoa.content.models import ArticlePage
from lantoa.org.actions import ensure_unit_collection
from lantoa.portal.documents import is_public_document

from .portal_world import publish

pytestmark = pytest.mark.django_db


def unit_document(unit, title):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 ke hoach", name=f"{title}.pdf"),
        collection=ensure_unit_collection(unit),
    )


def article_with(section, document, *, slug):
    body = [("document", {"document": document, "title": "Kế hoạch tổ chức"})]
    article = ArticlePage(title=f"Bài {slug}", slug=slug, summary="Kế hoạch năm 2026.", body=body, live=False)
    section.add_child(instance=article)
    return article


def download(document, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))


def test_anyone_downloads_the_document_of_a_live_article(portal):
    document = unit_document(portal["commune"], "ke-hoach-hoi-thao")
    publish(article_with(portal["section"], document, slug="hoi-thao"))
    assert is_public_document(document)
    assert download(document).status_code == 200


def test_an_unattached_unit_document_stays_private(portal):
    document = unit_document(portal["commune"], "bien-ban-hop")
    assert not is_public_document(document)
    assert download(document).status_code == 404
    assert download(document, portal["officer"]).status_code == 404  # below the commune
    assert download(document, portal["admin"]).status_code == 200  # the commune's own staff


def test_a_document_attached_only_to_a_draft_stays_private(portal):
    document = unit_document(portal["commune"], "du-thao-ke-hoach")
    article_with(portal["section"], document, slug="ban-nhap")
    assert not is_public_document(document)
    assert download(document).status_code == 404


def test_an_unpublished_articles_document_is_private_again(portal):
    document = unit_document(portal["commune"], "thong-bao")
    article = publish(article_with(portal["section"], document, slug="thong-bao"))
    assert download(document).status_code == 200
    article.unpublish()
    assert download(document).status_code == 404
