"""Ids in query parameters that no database column holds (`don_vi=99999999999999999999`
used to raise OverflowError, `theme=²` ValueError): not found, or ignored, never 500."""

import pytest
from django.urls import reverse

from lantoa.core.tests.fuzz_world import world  # noqa: F401
from lantoa.lib.query_params import object_id

pytestmark = pytest.mark.django_db
BAD_IDS = ["99999999999999999999", "9223372036854775808", "²", "-1", "0", "1e3", " ", "١٢"]


def test_only_ascii_ids_a_column_holds_are_read():
    assert object_id("12") == 12 and object_id(" 12 ") == 12
    assert object_id(str(2**63 - 1)) == 2**63 - 1
    assert [object_id(raw) for raw in BAD_IDS] == [None] * len(BAD_IDS)


@pytest.mark.parametrize("raw", BAD_IDS)
def test_the_drill_down_answers_not_found_for_a_unit_id_no_row_has(client, world, raw):  # noqa: F811
    client.force_login(world.officer)
    url = reverse("plans_target", args=[world.plan.pk, world.target.pk])
    assert client.get(url, {"don_vi": raw}).status_code == 404


@pytest.mark.parametrize("raw", BAD_IDS)
def test_the_tree_answers_not_found_for_a_unit_id_no_row_has(client, world, raw):  # noqa: F811
    client.force_login(world.officer)
    response = client.get(reverse("org_tree"), {"don_vi": raw})
    assert response.status_code == (200 if raw.strip() == "" else 404)  # blank: the whole tree


@pytest.mark.parametrize("raw", BAD_IDS)
def test_a_campaign_proposal_ignores_a_theme_id_no_row_has(client, world, raw):  # noqa: F811
    client.force_login(world.officer)
    response = client.get(reverse("wagtailsnippets_plans_campaign:add"), {"theme": raw})
    assert response.status_code == 200
    assert f'<option value="{world.plan.themes.get().pk}" selected>' not in response.content.decode()


@pytest.mark.parametrize("raw", ["0001-01-01", "9999-12-31", "31/02/2026", "01/01/10000"])
def test_the_dashboard_reads_or_explains_any_day(client, world, raw):  # noqa: F811
    client.force_login(world.officer)
    for url in (reverse("plans_dashboard", args=[world.plan.pk]),
                reverse("plans_target", args=[world.plan.pk, world.target.pk])):  # fmt: skip
        assert client.get(url, {"ngay": raw}).status_code == 200
