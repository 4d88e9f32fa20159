"""The user guide: an index with one card per role, and one page per role."""

from __future__ import annotations

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lantoa.org.views import TitledAdminView

from .guide import PAGES, PAGES_BY_SLUG, SHOTS, shots_of


class GuideIndexView(TitledAdminView, TemplateView):
    """Every staff user reads the whole guide: it shows screens, not data."""

    template_name = "workspace/guide/index.html"
    page_title = _("User guide")
    header_icon = "help"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pages"] = PAGES
        return context


class GuidePageView(TitledAdminView, TemplateView):
    header_icon = "help"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.guide_page = PAGES_BY_SLUG.get(kwargs["slug"])
        if self.guide_page is None:
            raise Http404

    def get_template_names(self):
        return [self.guide_page.template]

    def get_page_title(self):
        return self.guide_page.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("guide_index"), "label": _("User guide")},
            {"url": "", "label": self.guide_page.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(guide_page=self.guide_page, shots=SHOTS, page_shots=shots_of(self.guide_page), pages=PAGES)
        return context


def admin_urls():
    return [
        path("guide/", GuideIndexView.as_view(), name="guide_index"),
        path("guide/<slug:slug>/", GuidePageView.as_view(), name="guide_page"),
    ]
