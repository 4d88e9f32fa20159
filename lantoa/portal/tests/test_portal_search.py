"""The portal's search page: the site's live articles with their snippets, ten a page, in
Vietnamese, and any query at all answers a page, never an error."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from lantoa.content.tests.search_world import article_world_fixture, publish  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def search_page(client, **params):
    response = client.get(reverse("portal_search"), params, HTTP_HOST="localhost")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_lists_the_articles_found_with_the_words_marked(client, article_world):
    html = search_page(client, q="an toan lao dong")
    assert "An toàn lao động trong mùa mưa bão" in html
    assert "<mark>an</mark> <mark>toàn</mark> <mark>lao</mark> <mark>động</mark>" in html
    assert f'href="{urlsplit(article_world.title_match.url).path}"' in html
    assert "Dự thảo" not in html and "Đắk Lắk" not in html


def test_nothing_found_says_so_in_vietnamese(client, article_world):
    html = search_page(client, q="bóng đá")
    assert "Không tìm thấy bài viết nào cho “bóng đá”." in html


def test_ten_articles_a_page_then_the_next_page(client, article_world):
    for n in range(12):
        publish(article_world.home, f"Chuyến xe Công đoàn số {n}", days_ago=n + 10)
    first = search_page(client, q="chuyen xe")
    assert first.count('class="search-result"') == 10
    assert "trang=2" in first and 'rel="prev"' not in first
    second = search_page(client, q="chuyen xe", trang="2")
    assert second.count('class="search-result"') == 2
    assert "Chuyến xe Công đoàn số 11" in second and 'rel="next"' not in second


@pytest.mark.parametrize(
    "params",
    [{}, {"q": ""}, {"q": "%"}, {"q": "_"}, {"q": "' OR 1=1 --"}, {"q": "x" * 5000}, {"q": "tết", "trang": "abc"},
     {"q": "tết", "trang": "-3"}, {"q": "tết", "trang": "99999999999999999999"}, {"q": "<script>alert(1)</script>"}],
)  # fmt: skip
def test_an_absurd_query_or_page_answers_a_page(client, article_world, params):
    html = search_page(client, **params)
    assert "<script>alert" not in html


def test_a_page_past_the_last_says_there_is_nothing_more(client, article_world):
    html = search_page(client, q="tet sum vay", trang="3")
    assert "Không còn bài viết nào khác cho “tet sum vay”." in html
