"""The kit of a channel posted by hand: the text of the article's variant that fits the
channel's kind (else its summary), and the variant's printable downloads. One choice for
the publications screen and the grassroots officer's pages (`lantoa.cascade`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lantoa.content.models import ArticlePage
from lantoa.content.variant_views import download_url

from .kinds.adapters import adapter_for


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Kit:
    """What an officer posts by hand: `text` is the variant's, or the summary (`variant` empty)."""

    text: str
    variant: str  # the variant kind's label
    downloads: tuple[Link, ...] = ()


def kit_for(kind: str, article: ArticlePage) -> Kit:
    """The kit of a channel of `kind` for the live `article` (its variants prefetched)."""
    variant_kind = adapter_for(kind).variant_kind
    variant = next((v for v in article.variants.all() if v.kind == variant_kind and v.text.strip()), None)
    if variant is None:
        return Kit(text=article.summary, variant="")
    url = download_url(article, variant_kind)
    downloads = (Link(_("Download: %(what)s") % {"what": variant.get_kind_display()}, url),) if url else ()
    return Kit(text=variant.text, variant=variant.get_kind_display(), downloads=downloads)
