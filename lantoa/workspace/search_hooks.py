"""The sidebar's search box searches everything: our search area comes first for every user."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.search import SearchArea

from . import search_views

# Wagtail's sidebar sends its search box to the first area a user may see (pages: 100).
FIRST = -1000


@hooks.register("register_admin_urls")
def register_search_urls():
    return search_views.admin_urls()


@hooks.register("register_admin_search_area")
def register_search_everything_area():
    return SearchArea(
        _("Everything"), reverse("workspace_search"), name="lantoa-everything", icon_name="search", order=FIRST
    )
