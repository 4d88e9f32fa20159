"""The search page answers every request plainly: an empty query asks for one, nothing
found says so in Vietnamese, a huge query is cut with a warning, and no parameter makes it
answer 500."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from lantoa.core.tests.fuzz_world import bad_values
from lantoa.vi.search import MAX_QUERY_LENGTH

from .search_world import search_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/admin/search/"


@pytest.fixture
def officer_client(search_world, client):
    client.force_login(search_world.officer)
    return client


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "\x00\x07"}])
def test_an_empty_query_shows_a_plain_prompt(officer_client, params):
    page = officer_client.get(URL, params)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gõ tên, mã hoặc vài từ" in html
    assert "lantoa-search-group" not in html


def test_nothing_found_says_so_in_vietnamese(officer_client):
    html = officer_client.get(URL, {"q": "không có gì như thế này"}).content.decode()
    assert "Không tìm thấy kết quả nào cho “không có gì như thế này”" in html


def test_a_huge_query_is_cut_with_a_warning(officer_client):
    page = officer_client.get(URL, {"q": "giao long " + "đoàn " * 1000})
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Chỉ {MAX_QUERY_LENGTH} ký tự" in html
    # The words kept still search: every one of them is in the commune's name.
    assert 'id="ket-qua-units"' in html


def test_the_path_is_ours_and_no_wagtail_screen_of_the_same_path(officer_client):
    from django.urls import resolve

    assert reverse("workspace_search") == URL
    assert resolve(URL).url_name == "workspace_search"


def test_an_unknown_kind_shows_every_group(officer_client):
    html = officer_client.get(URL, {"q": "giao long", "loai": "trang"}).content.decode()
    assert 'id="ket-qua-units"' in html


def test_signed_out_visitors_are_sent_to_the_login(client):
    page = client.get(URL, {"q": "giao long"})
    assert page.status_code == 302
    assert "/admin/login/" in page["Location"]


PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": st.one_of(bad_values(), st.just("giao long"), st.text(alphabet="%_*\"'()[]:-+~^ ", max_size=12)),
        "loai": st.one_of(bad_values(), st.sampled_from(["units", "plans", "images", "documents", "people"])),
        "p": bad_values(),
    },
)


@pytest.mark.sqlite_only
def test_no_parameter_makes_the_search_answer_500(search_world):
    client = Client(raise_request_exception=False)
    client.force_login(search_world.officer)

    @settings(
        derandomize=True, max_examples=30, deadline=None, database=None,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow],
    )  # fmt: skip
    @given(params=PARAMS)
    def check(params):
        assert client.get(URL, params).status_code == 200, params

    check()
