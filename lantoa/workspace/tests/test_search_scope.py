"""The search shows only rows the user reads: a sibling unit's units, channels, plans,
targets, campaigns, people, draft articles, documents and images never appear, whatever the query."""

import pytest
from django.urls import reverse

from lantoa.workspace import search

from .search_world import search_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def found(user, query="giao long") -> set[str]:
    return {hit.title for group in search.search(user, query) for hit in group.hits}


def sibling_titles(world) -> set[str]:
    rows = world.sibling
    return {
        rows.unit.name, rows.channel.name, rows.plan.title, rows.target.title, rows.campaign.title,
        rows.image.title, rows.document.title, "canbo.maygiaolong", world.articles.sibling_draft.title,
        rows.case.code,
    }  # fmt: skip


def test_a_commune_officer_never_finds_a_sibling_units_rows(search_world):
    titles = found(search_world.officer)
    assert search_world.own.unit.name in titles
    assert not titles & sibling_titles(search_world)
    assert not any("canbo.maygiaolong" in title for title in titles)


def test_the_sibling_rows_stay_out_of_the_page_and_of_every_kinds_full_list(search_world, client):
    client.force_login(search_world.officer)
    pages = [client.get(reverse("workspace_search"), {"q": "Giao Long"})]
    pages += [client.get(reverse("workspace_search"), {"q": "Giao Long", "loai": kind}) for kind in search.KINDS]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        for title in sibling_titles(search_world):
            assert title not in html


def test_the_province_editor_finds_both_communes(search_world):
    titles = found(search_world.editor)
    assert sibling_titles(search_world) - {"canbo.maygiaolong"} <= titles
    assert search_world.own.plan.title in titles


def test_the_sibling_officer_finds_his_rows_and_not_the_communes(search_world):
    titles = found(search_world.sibling_officer)
    assert search_world.sibling.channel.name in titles
    assert search_world.own.unit.name not in titles
    assert search_world.own.image.title not in titles


def test_a_viewer_finds_images_and_documents_but_opens_no_edit_screen(search_world):
    groups = {g.kind: g for g in search.search(search_world.viewer, "giao long")}
    assert {hit.title for hit in groups["images"].hits} == {
        search_world.own.image.title,
        search_world.sibling.image.title,
    }
    assert all(hit.url is None for hit in groups["images"].hits)
    assert all(hit.url and "/edit/" not in hit.url for hit in groups["documents"].hits)
    # Wagtail's listings show only files one may change: "see all" stays on this page.
    assert "loai=images" in groups["images"].more_url


def test_an_account_without_a_role_finds_nothing(search_world):
    from lantoa.org.tests.factories import make_user

    assert search.search(make_user("chua.co.vai.tro"), "giao long") == []
