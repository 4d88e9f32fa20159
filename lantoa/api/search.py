"""`/api/search`: the portal's article search for anyone, no token needed.

The same search as the portal's page (`lantoa.content.search`): the live articles of the
site the request is addressed to, every word of `q` with or without diacritics, best first.
A query without words (empty, signs only) finds nothing; a long one is cut as the screens cut it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from wagtail.models import Site

from lantoa.content.search import search_articles

from . import schemas

router = Router(tags=[_("Search")])

MAX_RESULTS = 20


class SearchResult(Schema):
    title: str
    url: str = Field(description=_("The article's address."))
    snippet: str = Field(description=_("HTML: part of the article, the words found in <mark>, all else escaped."))
    published: datetime.date | None = Field(description=_("Day of first publication (YYYY-MM-DD)."))


class SearchResults(Schema):
    results: list[SearchResult]


def result(hit, request) -> dict:
    published = hit.first_published_at
    return {
        "title": hit.title,
        "url": request.build_absolute_uri(hit.url) if hit.url else "",
        "snippet": str(hit.snippet),
        "published": timezone.localdate(published) if published else None,
    }


@router.get(
    "/search",
    auth=None,
    response={200: SearchResults, 422: schemas.Error},
    summary=_("Search published articles"),
    description=_(
        "The published articles of this portal holding every word of `q`, with or without "
        "diacritics, best first: words in the title before words in the body, recent before old. "
        "No token needed. At most 20 results; a query without words finds none."
    ),
)
def search(request, q: str = ""):
    site = Site.find_for_request(request)
    hits = search_articles(q, site=site, limit=MAX_RESULTS, request=request)
    return {"results": [result(hit, request) for hit in hits]}
