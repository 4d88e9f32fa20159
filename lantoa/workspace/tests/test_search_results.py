"""The one search finds, grouped by kind, every row a user reads that matches, with or
without diacritics: "Giao Long" finds the commune union, its channels, its plans and the
rest of its rows."""

import pytest
from django.urls import reverse

from lantoa.workspace import search

from .search_world import search_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

ALL_KINDS = [
    "units", "channels", "plans", "targets", "campaigns", "people", "cases", "articles", "documents", "images",
]  # fmt: skip


def titles(groups, kind):
    return [hit.title for group in groups if group.kind == kind for hit in group.hits]


@pytest.mark.parametrize("query", ["Giao Long", "giao long", "GIAO LONG", "giáo lòng", "xa giao long"])
def test_giao_long_finds_the_commune_its_channels_and_its_plans_with_or_without_marks(search_world, query):
    own = search_world.own
    groups = search.search(search_world.officer, query)
    assert "Công đoàn xã Giao Long" in titles(groups, "units")
    assert own.channel.name in titles(groups, "channels")
    assert own.plan.title in titles(groups, "plans")


def test_the_commune_officer_finds_every_kind_of_his_own_rows(search_world):
    own = search_world.own
    groups = search.search(search_world.officer, "giao long")
    assert [group.kind for group in groups] == ALL_KINDS
    assert titles(groups, "targets") == [own.target.title]
    assert titles(groups, "campaigns") == [own.campaign.title]
    assert titles(groups, "people") == ["Trần Văn Giao (canbo.giaolong)"]
    assert titles(groups, "documents") == [own.document.title]
    assert titles(groups, "images") == [own.image.title]
    articles = search_world.articles
    assert titles(groups, "articles") == [articles.live.title, articles.own_draft.title]


@pytest.mark.parametrize("query", ["so tin bai", "Số tin bài", "SO TIN BAI giao long"])
def test_a_target_is_found_by_its_title_without_marks(search_world, query):
    groups = search.search(search_world.officer, query)
    assert titles(groups, "targets") == [search_world.own.target.title]


def test_the_words_as_one_phrase_come_before_the_same_words_apart(search_world):
    from lantoa.org.tests.factories import make_unit

    make_unit(search_world.province, "board", "Ban Tuyên giáo tỉnh Vĩnh Long")
    units = titles(search.search(search_world.editor, "giao long"), "units")
    assert units[-1] == "Ban Tuyên giáo tỉnh Vĩnh Long"
    assert set(units[:2]) == {"Công đoàn xã Giao Long", "Công đoàn cơ sở Công ty May Giao Long"}


def test_each_group_shows_ten_rows_and_counts_them_all(search_world):
    from lantoa.channels.actions import do_save_channel
    from lantoa.channels.models import Channel

    for n in range(11):
        do_save_channel(
            Channel(), actor=None, unit=search_world.own.unit, kind="zalo_group", name=f"Tổ {n} Giao Long",
            address=f"https://zalo.me/g/to{n}giaolong",
        )  # fmt: skip
    (channels,) = [g for g in search.search(search_world.officer, "giao long") if g.kind == "channels"]
    assert channels.count == 12
    assert len(channels.hits) == search.SHOWN_PER_KIND


def test_rows_link_to_screens_the_user_may_open(search_world, client):
    client.force_login(search_world.officer)
    for group in search.search(search_world.officer, "giao long"):
        for hit in group.hits:
            if hit.url and hit.url.startswith("/admin/"):
                assert client.get(hit.url).status_code == 200, (group.kind, hit.url)


@pytest.mark.parametrize(
    ("kind", "url_name"),
    [("units", "unit:index"), ("channels", "channel:index"), ("people", "role:index"),
     ("documents", "wagtaildocs:index"), ("images", "wagtailimages:index")],
)  # fmt: skip
def test_see_all_opens_the_kinds_own_listing_searching_the_query(search_world, client, kind, url_name):
    client.force_login(search_world.officer)
    (group,) = [g for g in search.search(search_world.officer, "giao long") if g.kind == kind]
    assert group.more_url == f"{reverse(url_name)}?q=giao+long"
    page = client.get(group.more_url)
    assert page.status_code == 200
    assert group.hits[0].title in page.content.decode()


@pytest.mark.parametrize("kind", ["plans", "targets", "campaigns"])
def test_see_all_of_a_kind_whose_listing_has_no_search_lists_every_match_here(search_world, client, kind):
    client.force_login(search_world.officer)
    (group,) = [g for g in search.search(search_world.officer, "giao long") if g.kind == kind]
    assert group.more_url == f"{reverse('workspace_search')}?q=giao+long&loai={kind}"
    page = client.get(group.more_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-kind="{kind}"' in html
    assert group.hits[0].title in html


def test_the_page_shows_the_groups_with_their_counts(search_world, client):
    client.force_login(search_world.officer)
    html = client.get(reverse("workspace_search"), {"q": "Giao Long"}).content.decode()
    for kind in ALL_KINDS:
        assert f'id="ket-qua-{kind}"' in html
    assert "Công đoàn xã Giao Long" in html
    assert "Xem tất cả" in html


def test_an_article_opens_on_its_edit_screen_for_an_editor_and_on_the_portal_for_others(search_world):
    from urllib.parse import urlsplit

    live = search_world.articles.live
    editor_hits = {h.title: h for g in search.search(search_world.editor, "giao long") for h in g.hits}
    viewer_hits = {h.title: h for g in search.search(search_world.viewer, "giao long") for h in g.hits}
    assert editor_hits[live.title].url == reverse("wagtailadmin_pages:edit", args=[live.pk])
    assert urlsplit(viewer_hits[live.title].url).path == urlsplit(live.url).path
    assert search_world.articles.own_draft.title not in viewer_hits
    assert "bản nháp" in editor_hits[search_world.articles.own_draft.title].detail
