"""RSS of the portal: the site's latest articles, and one feed per topic index or unit section."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from wagtail.models import Page

from lantoa.content.models import ArticlePage

from . import queries
from .models import PortalHomePage, TopicIndexPage, UnitSectionPage


@dataclass(frozen=True)
class FeedSource:
    """What one request's feed lists (the Feed instance is shared between requests)."""

    title: str
    link: str
    description: str
    articles: list[ArticlePage]


def section_articles(section: Page, root: Page):
    if isinstance(section, TopicIndexPage):
        return queries.portal_articles(root).filter(content_group=section.content_group)
    return queries.portal_articles(root).child_of(section)


def portal_root(request) -> Page:
    root = queries.site_root(request)
    if root is None or root.specific_class is not PortalHomePage:
        raise Http404
    return root


class PortalFeed(Feed):
    def get_object(self, request, section_id: int | None = None) -> FeedSource:
        root = portal_root(request)
        section = root
        articles = queries.portal_articles(root)
        if section_id is not None:
            section = self.find_section(root, section_id)
            articles = section_articles(section, root)
        site_name = queries.Site.find_for_request(request).site_name or root.title
        title = site_name if section_id is None else f"{section.title} – {site_name}"
        return FeedSource(
            title=title,
            link=section.get_full_url(request),
            description=getattr(section, "intro", "") or site_name,
            articles=list(articles[: queries.FEED_SIZE]),
        )

    @staticmethod
    def find_section(root: Page, section_id: int) -> Page:
        kinds = (TopicIndexPage, UnitSectionPage)
        section = Page.objects.live().public().descendant_of(root).filter(pk=section_id).specific().first()
        if not isinstance(section, kinds):
            raise Http404
        return section

    def title(self, obj: FeedSource) -> str:
        return obj.title

    def link(self, obj: FeedSource) -> str:
        return obj.link

    def description(self, obj: FeedSource) -> str:
        return obj.description

    def items(self, obj: FeedSource) -> list[ArticlePage]:
        return obj.articles

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.summary

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url()

    def item_pubdate(self, item: ArticlePage):
        return item.first_published_at

    def item_author_name(self, item: ArticlePage) -> str:
        return item.unit.name if item.unit else ""
