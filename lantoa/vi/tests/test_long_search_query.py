"""A search of 50,000 characters used to answer 500 ("LIKE or GLOB pattern too complex"
on SQLite): queries are cut to 200 characters and 10 words, and the tree says so."""

import pytest
from django.urls import reverse

from lantoa.core.tests.fuzz_world import world  # noqa: F401
from lantoa.vi.search import MAX_TERMS, bounded_terms, is_cut

HUGE = "x" * 50_000
pytestmark = pytest.mark.django_db


def test_a_query_is_cut_to_its_first_words():
    assert bounded_terms(HUGE) == ["x" * 200]
    assert len(bounded_terms(" ".join(f"tu{n}" for n in range(50)))) == MAX_TERMS
    assert bounded_terms("Công đoàn") == ["cong", "doan"]
    assert is_cut(HUGE) and not is_cut("Công đoàn")


@pytest.mark.parametrize(
    "url_name",
    ["channel:index", "channel:index_results", "unit:index", "plan:index", "wagtailsnippets_plans_campaign:list",
     "wagtailsnippetchoosers_plans_campaign:choose_results", "unit_chooser:choose_results"],
)  # fmt: skip
def test_a_huge_search_answers_an_empty_listing(client, world, url_name):  # noqa: F811
    client.force_login(world.officer)
    assert client.get(reverse(url_name), {"q": HUGE}).status_code == 200


def test_the_tree_says_the_search_was_cut_and_keeps_its_start(client, world):  # noqa: F811
    client.force_login(world.officer)
    page = client.get(reverse("org_tree"), {"q": "Ba Tri " + HUGE}).content.decode()
    assert "Chỉ 200 ký tự và 10 từ đầu tiên của nội dung tìm kiếm được dùng." in page
    assert 'value="Ba Tri xxxx' in page
