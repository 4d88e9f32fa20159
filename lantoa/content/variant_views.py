"""An article's channel variants side by side, and the printed ones as files.

The approver's screen: the article and every variant of its latest revision (what was
submitted, not what is live), each with its reading time when spoken, whether an editor changed
it, and the downloads (board sheet and poster as PDF, the press release as .docx).

Access (`access_article`): whoever may edit the page, or read its unit (an approver deciding a
step reads the units below them); anyone else gets 404, as for an article that does not exist.
Wagtail wraps every `register_admin_urls` view in `require_admin_access`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from lantoa.org import scope
from lantoa.org.views import TitledAdminView
from lantoa.reports.downloads import DOCX_CONTENT_TYPE, attachment
from lantoa.vi import formats

from .models import ArticlePage, Variant, VariantKind
from .pdf import render_pdf
from .press import render_press_release
from .variants import PRINTED_KINDS, SPOKEN_KINDS, Source, is_outdated, reading_minutes, source_of, variant_for

PDF_CONTENT_TYPE = "application/pdf"


def access_article(user, pk) -> ArticlePage:
    """The article's latest revision for a user who may edit it or read its unit; 404 otherwise."""
    page = ArticlePage.objects.filter(pk=pk).first()
    if page is None or not (page.permissions_for_user(user).can_edit() or scope.can_read_unit(user, page.unit_id)):
        raise Http404
    return page.get_latest_revision_as_object()


@dataclass(frozen=True)
class VariantCard:
    variant: Variant
    minutes: str  # "2,5" for spoken kinds, "" otherwise
    outdated: bool
    download_url: str


def variant_cards(article: ArticlePage, source: Source) -> list[VariantCard]:
    return [_card(article, variant_for(article, kind), source) for kind in VariantKind.values]


def _card(article: ArticlePage, variant: Variant, source: Source) -> VariantCard:
    minutes = formats.number(reading_minutes(variant.text), 1) if variant.kind in SPOKEN_KINDS else ""
    return VariantCard(variant, minutes, is_outdated(variant, source), download_url(article, variant.kind))


def download_url(article: ArticlePage, kind: str) -> str:
    if kind in PRINTED_KINDS:
        return reverse("content_variant_pdf", args=[article.pk, kind])
    if kind == VariantKind.PRESS_RELEASE:
        return reverse("content_press_release", args=[article.pk])
    return ""


class VariantsView(TitledAdminView, TemplateView):
    template_name = "content/variants/index.html"
    page_title = _("Channel variants")
    header_icon = "doc-full"

    def get_page_subtitle(self):
        return self.article.title

    def get(self, request, *args, **kwargs):
        self.article = access_article(request.user, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = source_of(self.article)
        context.update(
            article=self.article,
            source=source,
            cards=variant_cards(self.article, source),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.article.pk]),
            # A draft's address answers only once it is published: shown, not linked.
            is_live=ArticlePage.objects.filter(pk=self.article.pk, live=True).exists(),
        )
        return context


@require_GET
def variant_pdf(request, pk, kind):
    if kind not in PRINTED_KINDS:
        raise Http404
    article = access_article(request.user, pk)
    source = source_of(article)
    content = render_pdf(kind, variant_for(article, kind).text, unit_name=source.unit_name, url=source.url)
    return attachment(content, filename=f"{article.slug}-{kind}.pdf", content_type=PDF_CONTENT_TYPE)


@require_GET
def press_release_docx(request, pk):
    article = access_article(request.user, pk)
    content = render_press_release(article)
    return attachment(content, filename=f"TCBC-{article.slug}.docx", content_type=DOCX_CONTENT_TYPE)


urlpatterns = [
    path("content/articles/<int:pk>/variants/", VariantsView.as_view(), name="content_variants"),
    path("content/articles/<int:pk>/variants/<str:kind>.pdf", variant_pdf, name="content_variant_pdf"),
    path("content/articles/<int:pk>/press-release.docx", press_release_docx, name="content_press_release"),
]
