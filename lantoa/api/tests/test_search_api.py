"""`GET /api/search?q=…`: anyone, no token; the site's live articles best first, with their
address, snippet and day of publication; bad input answers 200 empty or 422 in Vietnamese."""

import pytest
from django.utils import timezone

from lantoa.content.tests.search_world import article_world_fixture  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def search(client, query_string: str):
    return client.get(f"/api/search{query_string}", HTTP_HOST="localhost")


def test_anyone_searches_without_a_token_and_gets_the_best_first(client, article_world):
    response = search(client, "?q=an+toan+lao+dong")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["title"] for r in results] == ["An toàn lao động trong mùa mưa bão", "Hội nghị người lao động năm 2026"]
    first = results[0]
    assert first["url"].startswith("http://localhost/") and first["url"].endswith("/")
    # The day in Việt Nam, not in UTC: from 17:00 UTC they differ.
    assert first["published"] == timezone.localdate(article_world.title_match.first_published_at).isoformat()
    assert "<mark>An</mark> <mark>toàn</mark>" in first["snippet"] or "<mark>" in results[1]["snippet"]


def test_the_snippet_is_escaped_html_with_marks(client, article_world):
    from lantoa.content.tests.search_world import publish

    publish(article_world.home, "Cảnh giác <script>", body="Không bấm vào &lt;script&gt; lạ.")
    snippet = search(client, "?q=canh+giac+script").json()["results"][0]["snippet"]
    assert "<script>" not in snippet and "&lt;<mark>script</mark>&gt;" in snippet


@pytest.mark.parametrize(
    "query_string",
    ["", "?q=", "?q=%25", "?q=_", "?q=%27%22", "?q=" + "a" * 10_000, "?q=%FF%FE%C3", "?q=%00", "?q=x&q=y",
     "?q=%E2%80%9Dt%E1%BA%BFt%E2%80%9C"],
)  # fmt: skip
def test_bad_input_answers_200_with_a_list_never_500(client, article_world, query_string):
    response = search(client, query_string)
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_drafts_are_never_returned(client, article_world):
    titles = [r["title"] for r in search(client, "?q=tai+xe").json()["results"]]
    assert titles == []


def test_the_docs_describe_the_search_in_vietnamese_without_a_token(client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]
    assert operation["summary"] == "Tìm bài viết đã đăng"
    assert "Không cần mã API" in operation["description"]
    assert not operation.get("security")
