"""A worker sees and deletes what they sent, by their tracking code alone: a JSON copy of
their messages and the answers, and an erasure after a confirmation that leaves the case's
counts but not their words or contact details."""

import json

import pytest
from django.core.cache import cache

from lantoa.inbox.models import Case, Contact, Direction, Message

from .test_public_form import answered_case, media, province  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_status_page_offers_a_copy_and_the_deletion(client, answered_case):  # noqa: F811
    html = client.get(f"/gop-y/tra-cuu/{answered_case.code}/").content.decode()
    base = f"/gop-y/tra-cuu/{answered_case.code}/"
    assert f"{base}tai-ve/" in html and f"{base}xoa/" in html


def test_the_copy_holds_the_messages_and_answers_not_the_notes(client, answered_case):  # noqa: F811
    response = client.get(f"/gop-y/tra-cuu/{answered_case.code.lower()}/tai-ve/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    text = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert "Công ty không đóng BHXH cho tôi" in text and "Công đoàn đã làm việc với công ty." in text
    assert "GHI CHÚ NỘI BỘ" not in text
    assert client.get("/gop-y/tra-cuu/LT-AAAAA-BBBBB/tai-ve/").status_code == 404


def test_deleting_needs_the_box_ticked_then_removes_the_words_and_the_contact(client, answered_case):  # noqa: F811
    url = f"/gop-y/tra-cuu/{answered_case.code}/xoa/"
    refused = client.post(url, {})
    assert refused.status_code == 200 and "Hãy đánh dấu vào ô để xác nhận việc xóa." in refused.content.decode()
    assert Message.objects.filter(body__contains="BHXH cho tôi").exists()
    done = client.post(url, {"confirm": "on"})
    assert done.status_code == 200
    assert not Message.objects.filter(body__contains="BHXH cho tôi").exists()
    contact = Contact.objects.get(pk=answered_case.contact_id)
    assert contact.erased_at and not contact.name and not contact.phone
    assert Case.objects.filter(pk=answered_case.pk).exists()  # the count stays
    assert Message.objects.filter(case=answered_case, direction=Direction.IN).count() == 1
