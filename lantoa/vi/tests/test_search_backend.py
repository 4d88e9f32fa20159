"""Wagtail search (images, documents, later pages) folds Vietnamese on every database."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.search.backends import get_search_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Document = get_document_model()
    titles = ["Kế hoạch Tháng Công nhân xã Đồng Khởi", "Biên bản Đại hội Công đoàn cơ sở", "Báo cáo quý III"]
    for title in titles:
        document = Document(title=title)
        document.file.save(f"{len(title)}.txt", ContentFile(b"noi dung"), save=True)
    return Document


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("dong khoi", "Kế hoạch Tháng Công nhân xã Đồng Khởi"),
        ("Đồng Khởi", "Kế hoạch Tháng Công nhân xã Đồng Khởi"),
        ("ĐỒNG KHỞI", "Kế hoạch Tháng Công nhân xã Đồng Khởi"),
        ("dai hoi cong doan", "Biên bản Đại hội Công đoàn cơ sở"),
        ("bao cao", "Báo cáo quý III"),
    ],
)
def test_search_matches_with_and_without_diacritics(documents, query, title):
    backend = get_search_backend()
    assert [d.title for d in backend.search(query, documents)] == [title]
    assert title in [d.title for d in backend.autocomplete(query.split()[0], documents)]


def test_admin_document_listing_search_folds(client, admin_user, documents):
    client.force_login(admin_user)
    response = client.get("/admin/documents/", {"q": "ke hoach thang cong nhan"})
    assert response.status_code == 200
    assert "Kế hoạch Tháng Công nhân xã Đồng Khởi" in response.content.decode()
    assert "Báo cáo quý III" not in response.content.decode()


def test_rows_are_added_to_the_index_in_one_transaction(documents, monkeypatch):
    """Two workers indexing the same object at once must not both insert its row: the
    read of existing rows and the insert happen in one transaction (a savepoint here, in
    the test's own transaction)."""
    from django.db import connection

    backend = get_search_backend()
    index = backend.get_index_for_model(documents)
    original = type(index).__mro__[1]  # the database backend's own index class
    add_items, depths = original.add_items, []

    def spy(self, model, objs):
        depths.append(len(connection.savepoint_ids))
        return add_items(self, model, objs)

    monkeypatch.setattr(original, "add_items", spy)
    before = len(connection.savepoint_ids)
    index.add_items(documents, list(documents.objects.all()))
    assert depths == [before + 1]
    assert [d.title for d in backend.search("bao cao", documents)] == ["Báo cáo quý III"]
