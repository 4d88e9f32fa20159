"""The portal's Q&A section, "Hỏi đáp" (`/hoi-dap/`, lantoa/inbox/qa_urls.py): the
published entries of the knowledge base, newest first, by topic and searched without
diacritics, and one entry's page.

Which entries: on a site whose root is a portal home (a federation's portal), those of
the home's unit and the units under it; on a site without one, every published entry.

Cache-safety: the pages are the same for every reader (no session, no cookie, no form to
sign), carry no `page` in their context, so the portal's fragment cache renders them
afresh (lantoa/portal/cache.py keys fragments on a Wagtail page), and the page cache does
not take them (it serves Wagtail's pages only): a withdrawn entry is gone at once.
Every parameter is read leniently: a bad page, topic or query shows the first page.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from lantoa.portal.models import PortalHomePage
from lantoa.portal.queries import PAGE_PARAM
from lantoa.vi.search import MAX_QUERY_LENGTH, bounded_terms, filter_folded
from lantoa.vi.text import strip_controls

from .answers import public_answers
from .models import Answer, Topic

PER_PAGE = 20
MAX_PAGE = 100


def site_unit(request):
    """The unit of the portal being visited, None on a site that is not a portal."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    home = PortalHomePage.objects.filter(pk=site.root_page_id).select_related("unit").first()
    return home.unit if home is not None and home.unit_id else None


def page_number(raw) -> int:
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


def clean_query(raw) -> str:
    text = raw if isinstance(raw, str) else ""
    return strip_controls(text).replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def topic_choice(raw) -> str:
    return raw if isinstance(raw, str) and raw in Topic.values else ""


@require_GET
def qa_list(request):
    query, topic = clean_query(request.GET.get("q")), topic_choice(request.GET.get("topic"))
    number = page_number(request.GET.get(PAGE_PARAM))
    entries = public_answers(site_unit(request))
    if topic:
        entries = entries.filter(topic=topic)
    if bounded_terms(query):
        entries = filter_folded(entries, query)
    start = (number - 1) * PER_PAGE
    # One row more than a page says whether a next page exists, without counting every match.
    rows = list(entries.only("pk", "topic", "question", "answer", "published_at")[start : start + PER_PAGE + 1])
    filters = {key: value for key, value in (("q", query), ("topic", topic)) if value}
    context = {
        "entries": rows[:PER_PAGE],
        "query": query,
        "topic": topic,
        "topics": Topic.choices,
        "filtered": bool(filters),
        "filters": filters,
        "page_number": number,
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if len(rows) > PER_PAGE and number < MAX_PAGE else None,
        "page_title": _("Questions and answers"),
    }
    return render(request, "inbox/public/qa_list.html", context)


@require_GET
def qa_detail(request, pk: int):
    entry: Answer | None = public_answers(site_unit(request)).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return render(request, "inbox/public/qa_detail.html", {"entry": entry, "page_title": _("Questions and answers")})
