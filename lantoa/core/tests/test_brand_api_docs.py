"""`/api/docs` and the OpenAPI schema it shows speak Vietnamese: the API's title and
description, its section, the summaries and descriptions of its operations and parameters."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lantoa.org.tests.factories import make_user

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]", re.IGNORECASE)


@pytest.fixture
def schema(client):
    client.force_login(make_user("tinh.bientap", is_superuser=True))
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    return response.json()


def test_the_api_title_and_description_are_vietnamese(schema):
    assert schema["info"]["title"] == "API của Lan Tỏa"
    assert VIETNAMESE.search(schema["info"]["description"])


def test_every_operation_reads_in_vietnamese(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert VIETNAMESE.search(operation["summary"]), where
            assert VIETNAMESE.search(operation["description"]), where
            assert operation["tags"] and all(VIETNAMESE.search(tag) for tag in operation["tags"]), where
            for parameter in operation.get("parameters", []):
                described = parameter.get("description") or parameter["schema"].get("description")
                if described:
                    assert VIETNAMESE.search(described), f"{where} {parameter['name']}"


def test_the_docs_page_is_titled_in_vietnamese(client):
    html = client.get(reverse("api:openapi-view")).content.decode()
    assert "<title>API của Lan Tỏa</title>" in html
    assert "Wagtail" not in html
