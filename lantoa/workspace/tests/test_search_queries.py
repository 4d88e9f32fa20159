"""A search costs the same number of queries whatever the number of rows it finds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.org.tests.factories import fresh, make_unit
from lantoa.workspace import search

from .search_world import search_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

# Scope (roles, periods, successions, moved units), permissions (2), and per kind a count
# and a page of rows; images and documents add the collection permissions and which
# rows the user may edit; articles a count and a page (their edit rights are in the same query).
MAX_QUERIES = 35  # 33 today: 27, the articles' 2, the cases' 2 and their rights' 2


def queries_of_search(user) -> int:
    search.search(fresh(user), "giao long")  # warm Wagtail's cached site root paths (article links)
    user = fresh(user)
    with CaptureQueriesContext(connection) as captured:
        groups = search.search(user, "giao long")
    assert len(groups) == len(search.KINDS)
    return len(captured.captured_queries)


def grow(world, n: int) -> None:
    for i in range(n):
        unit = make_unit(world.own.unit, "grassroots", f"Công đoàn cơ sở Giao Long số {i}")
        do_save_channel(
            Channel(), actor=None, unit=unit, kind="zalo_group", name=f"Nhóm Giao Long {i}",
            address=f"https://zalo.me/g/giaolong{i}",
        )  # fmt: skip


@pytest.mark.parametrize("persona", ["officer", "editor"])
def test_a_search_costs_a_fixed_number_of_queries_whatever_the_rows(search_world, persona):
    user = getattr(search_world, persona)
    before = queries_of_search(user)
    grow(search_world, 15)
    assert queries_of_search(user) == before
    assert before <= MAX_QUERIES


def test_the_page_costs_a_fixed_number_of_queries_whatever_the_rows(
    search_world, client, django_assert_max_num_queries
):
    client.force_login(search_world.officer)
    client.get("/admin/search/", {"q": "giao long"})  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as small:
        client.get("/admin/search/", {"q": "giao long"})
    grow(search_world, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/admin/search/", {"q": "giao long"}).status_code == 200
