"""The one search page (/admin/search/?q=…): every kind the user reads, grouped; with
`loai`, every match of one kind, page by page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lantoa.org.views import TitledAdminView, search_cut_message
from lantoa.vi.search import MAX_QUERY_LENGTH, is_cut

from . import search

PER_PAGE = 25


class SearchView(TitledAdminView, TemplateView):
    template_name = "workspace/search.html"
    page_title = _("Search")
    header_icon = "search"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = search.clean_query(self.request.GET.get("q"))
        if is_cut(query):
            messages.warning(self.request, search_cut_message())
            query = query[:MAX_QUERY_LENGTH]
        context.update(query=query, searched=search.has_terms(query))
        found = search.search_kind(self.request.user, query, self.request.GET.get("loai", ""))
        if found:
            kind, rows = found
            page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
            context.update(kind=kind, page=page, hits=kind.show(page.object_list, self.request.user))
        else:
            context.update(groups=search.search(self.request.user, query))
        return context


def admin_urls():
    return [path("search/", SearchView.as_view(), name="workspace_search")]
