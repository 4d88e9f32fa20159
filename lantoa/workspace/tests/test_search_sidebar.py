"""The sidebar's search box goes to the one search for every user, also those who may
see Wagtail's pages or images (whose areas Wagtail would otherwise pick first)."""

import json
import re

import pytest
from django.urls import reverse

from .search_world import search_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def sidebar_search_url(client) -> str:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = json.loads(re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1))
    (module,) = [m for m in props["modules"] if m.get("_type") == "wagtail.sidebar.SearchModule"]
    return module["_args"][0]


@pytest.mark.parametrize("persona", ["officer", "editor", "viewer"])
def test_the_sidebar_searches_everything_for_each_role(search_world, client, persona):
    client.force_login(getattr(search_world, persona))
    assert sidebar_search_url(client) == reverse("workspace_search")


def test_the_sidebar_searches_everything_for_a_superuser(client):
    from lantoa.org.tests.factories import make_user

    client.force_login(make_user("quantri.goc", is_superuser=True, is_staff=True))
    assert sidebar_search_url(client) == reverse("workspace_search")
