"""Each panel of the home page costs the same number of queries with 2 rows of work as
with 14: lists are cut at ten rows and every row's extras come in one query."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.org.tests.personas import commune_world  # noqa: F401
from lantoa.workspace import home, home_queries

from .home_world import add_people, fresh_user, grow, queries_to_render

pytestmark = pytest.mark.django_db

PANELS = [
    (home.WorkPanel, "officer"),
    (home.TargetsPanel, "officer"),
    (home.CalendarPanel, "commune_officer"),
    (home.DecisionsPanel, "approver"),
    (home.VerificationPanel, "admin"),
    (home.LateUnitsPanel, "admin"),
    (home.SpendingPanel, "finance"),
]
PAGE_USERS = ("officer", "admin", "approver", "finance", "province_editor")


@pytest.fixture
def world(commune_world):  # noqa: F811
    return add_people(commune_world)


def page_queries(client, user) -> int:
    ContentType.objects.clear_cache()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_every_panel_and_the_page_cost_the_same_queries_with_2_or_14_rows_of_work(
    world, client, django_assert_num_queries
):
    grow(world, 2)
    small = {panel: queries_to_render(panel(fresh_user(world, key))) for panel, key in PANELS}
    pages = {key: page_queries(client, world[key]) for key in PAGE_USERS}
    grow(world, 12)
    for panel, key in PANELS:
        user = fresh_user(world, key)
        ContentType.objects.clear_cache()
        with django_assert_num_queries(small[panel]):
            html = panel(user).render_html({})
        cut = home_queries.EVENTS_LIMIT if panel is home.CalendarPanel else home_queries.LIMIT
        assert html.count("<li") == cut, panel.__name__
    assert {key: page_queries(client, world[key]) for key in PAGE_USERS} == pages
