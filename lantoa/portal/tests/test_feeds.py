"""RSS of the site and of each section, and the sitemap: published articles only, newest first."""

import pytest
from defusedxml import ElementTree as ET
from django.urls import reverse

from lantoa.content.groups import ContentGroup

from .portal_world import HOST, publish_article

pytestmark = pytest.mark.django_db


def feed_titles(client, url) -> list[str]:
    response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [item.findtext("title") for item in channel.findall("item")]


def test_the_site_feed_lists_published_articles_newest_first(client, portal):
    publish_article(portal["section"], 1, title="Bài cũ")
    publish_article(portal["home"], 3, title="Bài mới nhất", group=ContentGroup.GOOD_PRACTICE)
    publish_article(portal["section"], 2, title="Bài giữa")
    publish_article(portal["section"], 4, title="Bản nháp", live=False)
    assert feed_titles(client, reverse("portal_rss")) == ["Bài mới nhất", "Bài giữa", "Bài cũ"]


def test_the_feed_items_link_to_the_articles_with_their_summary(client, portal):
    article = publish_article(portal["section"], 1, title="Hội thao công nhân")
    item = ET.fromstring(client.get(reverse("portal_rss"), HTTP_HOST=HOST).content).find("channel/item")
    assert item.findtext("link") == f"http://localhost{article.url}"
    assert item.findtext("description") == "Tóm tắt của bài viết số 1."
    assert item.findtext("pubDate")


def test_a_topic_index_feed_lists_its_group_and_a_section_feed_its_articles(client, portal):
    publish_article(portal["section"], 1, title="Tin của phường")
    publish_article(portal["home"], 2, title="Gương của tỉnh", group=ContentGroup.GOOD_PRACTICE)
    good_practice = portal["indexes"][ContentGroup.GOOD_PRACTICE]
    assert feed_titles(client, reverse("portal_section_rss", args=[good_practice.pk])) == ["Gương của tỉnh"]
    assert feed_titles(client, reverse("portal_section_rss", args=[portal["section"].pk])) == ["Tin của phường"]


def test_a_feed_of_anything_else_is_not_found(client, portal):
    article = publish_article(portal["section"], 1)
    for page_id in (article.pk, portal["home"].pk, 999_999):
        assert client.get(reverse("portal_section_rss", args=[page_id]), HTTP_HOST=HOST).status_code == 404


def test_without_a_portal_there_is_no_feed(client, db):
    assert client.get(reverse("portal_rss")).status_code == 404


def test_the_sitemap_lists_live_pages_only(client, portal):
    article = publish_article(portal["section"], 1)
    draft = publish_article(portal["section"], 2, live=False)
    response = client.get(reverse("portal_sitemap"), HTTP_HOST=HOST)
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]
    assert f"http://localhost{article.url}" in locations and "http://localhost/" in locations
    assert not any(location.endswith(f"/{draft.slug}/") for location in locations)
