"""The portal's public search page, `/tim-kiem/?q=…&trang=…`: the live articles of the
site being visited, best first (`lantoa.content.search`), ten a page."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from lantoa.content.search import query_words, search_articles
from lantoa.vi.search import MAX_QUERY_LENGTH
from lantoa.vi.text import strip_controls

PER_PAGE = 10
MAX_PAGE = 100  # deeper pages are no one's reading; an offset there is only a cost


def page_number(raw: str | None) -> int:
    """`trang` as a page from 1 to MAX_PAGE; anything else is the first page."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


@require_GET
def portal_search(request):
    query = strip_controls(request.GET.get("q", "")).replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    number = page_number(request.GET.get("trang"))
    site = Site.find_for_request(request)
    # One row more than a page says whether a next page exists, without counting every match.
    hits = search_articles(
        query, site=site, limit=PER_PAGE + 1, offset=(number - 1) * PER_PAGE, request=request
    ) if site else []  # fmt: skip
    context = {
        "query": query,
        "searched": bool(query_words(query)),
        "hits": hits[:PER_PAGE],
        "page_number": number,
        "first_number": (number - 1) * PER_PAGE + 1,
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if len(hits) > PER_PAGE and number < MAX_PAGE else None,
        "page_title": _("Search"),
    }
    return render(request, "portal/search.html", context)
