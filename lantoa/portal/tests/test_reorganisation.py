"""When a commune union is merged into another, its portal section moves under the
successor's section and its old addresses answer with a permanent redirect."""

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect

from lantoa.content.models import ArticlePage
from lantoa.org import actions as org_actions
from lantoa.org.tests.factories import D
from lantoa.portal.actions import do_open_section
from lantoa.portal.models import UnitSectionPage
from lantoa.portal.receivers import move_sections_after_merge

from .portal_world import HOST, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged_communes(portal):
    """Phú Khương (with a published article) and Long Hồ, each with a section."""
    article = publish(
        portal["section"].add_child(
            instance=ArticlePage(title="Hội thao công nhân", slug="hoi-thao", summary="Hội thao năm 2026.", live=False)
        )
    )
    other_commune = portal["sibling"].parent
    successor = do_open_section(other_commune, actor=None)
    publish(successor)
    return {**portal, "article": article, "successor": successor, "other_commune": other_commune}


def get(path):
    return Client(HTTP_HOST=HOST).get(path)


def merge(world):
    # The merge's signal is connected by the portal app (receivers.connect in ready());
    # calling the receiver's function keeps this test independent of that wiring.
    org_actions.do_merge_units(world["commune"], target=world["other_commune"], on_date=D(2026, 7, 1), actor=None)
    return move_sections_after_merge(world["commune"], world["other_commune"])


def test_the_merged_units_section_moves_under_the_successors(merged_communes):
    world = merged_communes
    old_url = ArticlePage.objects.get(pk=world["article"].pk).url
    assert get(old_url).status_code == 200
    merge(world)
    section = UnitSectionPage.objects.get(pk=world["section"].pk)
    assert section.get_parent().pk == world["successor"].pk
    assert section.unit_id == world["commune"].pk  # its history stays the merged unit's
    new_url = ArticlePage.objects.get(pk=world["article"].pk).url
    assert new_url.startswith(world["successor"].url) and new_url != old_url
    assert get(new_url).status_code == 200


def test_old_addresses_redirect_permanently_to_the_new_ones(merged_communes):
    world = merged_communes
    old_article_url = ArticlePage.objects.get(pk=world["article"].pk).url
    old_section_url = UnitSectionPage.objects.get(pk=world["section"].pk).url
    merge(world)
    article = ArticlePage.objects.get(pk=world["article"].pk)
    section = UnitSectionPage.objects.get(pk=world["section"].pk)
    for old, new in [(old_article_url, article.url), (old_section_url, section.url)]:
        response = get(old)
        assert response.status_code == 301
        assert response["Location"].endswith(new)
    assert Redirect.objects.filter(automatically_created=True).count() >= 2


def test_the_merge_signal_moves_the_section_when_connected(merged_communes):
    from lantoa.org.actions import unit_merged
    from lantoa.portal import receivers

    receivers.connect()  # what the portal app's ready() does
    world = merged_communes
    try:
        org_actions.do_merge_units(world["commune"], target=world["other_commune"], on_date=D(2026, 7, 1), actor=None)
    finally:
        unit_merged.disconnect(dispatch_uid="lantoa.portal.move_sections_after_merge")
    assert UnitSectionPage.objects.get(pk=world["section"].pk).get_parent().pk == world["successor"].pk


def test_a_merge_into_a_unit_without_a_section_moves_it_under_the_nearest_one(portal):
    # Long Hồ has no section: Phú Khương's goes under the province's home, where it already is.
    other_commune = portal["sibling"].parent
    org_actions.do_merge_units(portal["commune"], target=other_commune, on_date=D(2026, 7, 1), actor=None)
    assert move_sections_after_merge(portal["commune"], other_commune) is None
    assert UnitSectionPage.objects.get(pk=portal["section"].pk).get_parent().pk == portal["home"].pk


def test_a_unit_without_a_section_moves_nothing(portal):
    assert move_sections_after_merge(portal["sibling"].parent, portal["commune"]) is None
