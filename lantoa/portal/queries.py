"""What the public portal lists, and the context its templates show.

Every listing is the site's own: live, public pages under the root page of the Wagtail Site
that serves the request, newest first by first publication. Each page type's context takes
a fixed number of queries, whatever the number of articles (tests/test_portal_pages.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from lantoa.content.groups import ContentGroup
from lantoa.content.models import ArticlePage

from .models import CampaignPage, PortalHomePage, TopicIndexPage, UnitSectionPage

HOME_PER_GROUP = 3
PER_PAGE = 12
RELATED_COUNT = 3
FEED_SIZE = 30
PAGE_PARAM = "trang"  # ?trang=2: the page number of a listing
THUMBNAIL = "fill-640x360"
SHARE_IMAGE = "fill-1200x630"


def site_root(request) -> Page | None:
    site = Site.find_for_request(request)
    return site.root_page if site else None


def site_name(request, root: Page | None = None) -> str:
    """The Site's name, else its root page's title (read only then)."""
    site = Site.find_for_request(request)
    if site and site.site_name:
        return site.site_name
    root = root or site_root(request)
    return (root and root.title) or "Lan Tỏa"


def portal_articles(root: Page) -> QuerySet[ArticlePage]:
    """The live, public articles under `root`, newest first."""
    return (
        ArticlePage.objects.live()
        .public()
        .descendant_of(root)
        .select_related("unit")
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
    )


def latest_by_group(root: Page, per_group: int = HOME_PER_GROUP) -> dict[str, list[ArticlePage]]:
    """The newest `per_group` articles of each content group, in one query (a window rank)."""
    ranked = portal_articles(root).annotate(
        rank=Window(
            RowNumber(),
            partition_by=F("content_group"),
            order_by=[F("first_published_at").desc(nulls_last=True), F("pk").desc()],
        )
    )
    groups: dict[str, list[ArticlePage]] = {}
    for article in ranked.filter(rank__lte=per_group):
        groups.setdefault(article.content_group, []).append(article)
    return groups


def related_articles(article: ArticlePage, root: Page) -> list[ArticlePage]:
    """Other articles of the same content group on the same site (one query)."""
    same_group = portal_articles(root).filter(content_group=article.content_group).exclude(pk=article.pk)
    return list(same_group[:RELATED_COUNT])


def paginate(queryset, request) -> PaginatorPage:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get(PAGE_PARAM))


def first_image(article: ArticlePage):
    """The first image of the body, its alt text set (ImageBlock values are images)."""
    for block in article.body:
        if block.block_type == "image" and block.value:
            return block.value
    return None


def attach_thumbnails(articles: list[ArticlePage]) -> list[ArticlePage]:
    """Give each article `thumbnail` (its first image, or None) in two queries for the whole
    list: the image ids are read from the raw body, the images fetched with their renditions."""
    first_ids = {article.pk: _first_image_id(article) for article in articles}
    wanted = {image_id for image_id in first_ids.values() if image_id}
    images = {}
    if wanted:
        images = {image.pk: image for image in get_image_model().objects.filter(pk__in=wanted).prefetch_renditions()}
    for article in articles:
        article.thumbnail = images.get(first_ids[article.pk])
    return articles


def _first_image_id(article: ArticlePage) -> int | None:
    for block in article.body.raw_data:
        if block.get("type") == "image":
            value = block.get("value")
            return value.get("image") if isinstance(value, dict) else value
    return None


def nav_pages(root: Page) -> list[Page]:
    """The header's links: the topic indexes and the pages marked for menus."""
    topic_type = ContentType.objects.get_for_model(TopicIndexPage)
    children = root.get_children().live().public()
    return list(children.filter(Q(show_in_menus=True) | Q(content_type=topic_type)))


def topic_indexes(root: Page) -> list[TopicIndexPage]:
    return list(TopicIndexPage.objects.live().public().child_of(root))


def child_sections(page: Page) -> list[UnitSectionPage]:
    return list(UnitSectionPage.objects.live().public().child_of(page).order_by("title"))


def campaign_page_for(article: ArticlePage, root: Page) -> CampaignPage | None:
    if not article.campaign_id:
        return None
    return CampaignPage.objects.live().public().descendant_of(root).filter(campaign_id=article.campaign_id).first()


def share_image_url(article: ArticlePage, request) -> str:
    """The absolute address of the first image's share-sized rendition ("" without image)."""
    image = first_image(article)
    if image is None:
        return ""
    return request.build_absolute_uri(image.get_rendition(SHARE_IMAGE).url)


# --- One context per page type ----------------------------------------------------------


def home_context(page: PortalHomePage, request, root: Page) -> dict:
    latest = latest_by_group(root)
    attach_thumbnails([article for articles in latest.values() for article in articles])
    indexes = {index.content_group: index for index in topic_indexes(root)}
    groups = [
        {"label": label, "articles": latest[value], "index": indexes.get(value)}
        for value, label in ContentGroup.choices
        if latest.get(value)
    ]
    return {"groups": groups, "topic_indexes": list(indexes.values()), "sections": child_sections(page)}


def topic_index_context(page: TopicIndexPage, request, root: Page) -> dict:
    listing = paginate(portal_articles(root).filter(content_group=page.content_group), request)
    attach_thumbnails(list(listing.object_list))
    return {"listing": listing}


def section_context(page: UnitSectionPage, request, root: Page) -> dict:
    listing = paginate(portal_articles(root).child_of(page), request)
    attach_thumbnails(list(listing.object_list))
    return {"listing": listing, "sections": child_sections(page)}


def campaign_context(page: CampaignPage, request, root: Page) -> dict:
    listing = paginate(portal_articles(root).filter(campaign_id=page.campaign_id), request)
    attach_thumbnails(list(listing.object_list))
    return {"listing": listing, "campaign": page.campaign}


def article_context(page: ArticlePage, request, root: Page) -> dict:
    return {
        "related": attach_thumbnails(related_articles(page, root)),
        "campaign_page": campaign_page_for(page, root),
        "tags": list(page.tags.all()),
        "share_image": share_image_url(page, request),
    }


CONTEXT_BUILDERS = {
    PortalHomePage: home_context,
    TopicIndexPage: topic_index_context,
    UnitSectionPage: section_context,
    CampaignPage: campaign_context,
    ArticlePage: article_context,
}


def page_context(page: Page, request) -> PortalContext:
    """Everything a portal template shows beyond the page's own fields: the header's links
    and the page type's listing. Built once per request and page, and only as far as the
    template reads it: a fragment served from the cache (`{% portalcache %}`) reads nothing."""
    memo = request.__dict__.setdefault("_portal_context", {})
    if page.pk not in memo:
        memo[page.pk] = PortalContext(page, request)
    return memo[page.pk]


def site_context(request) -> dict:
    """The header's needs on a page that is not a Wagtail page (the search page)."""
    root = site_root(request)
    return {"root": root, "nav": nav_pages(root) if root else [], "site_name": site_name(request, root)}


class PortalContext(Mapping):
    """The portal context of one page, each part computed when first read: the site's root,
    its menu and name, then the page type's own part (CONTEXT_BUILDERS) as a whole."""

    SITE_KEYS = ("root", "nav", "site_name")

    def __init__(self, page: Page, request):
        self.page, self.request = page, request

    @cached_property
    def root(self) -> Page:
        return site_root(self.request) or self.page.get_site().root_page

    @cached_property
    def nav(self) -> list[Page]:
        return nav_pages(self.root)

    @cached_property
    def site_name(self) -> str:
        return site_name(self.request)

    @cached_property
    def typed(self) -> dict:
        builder = CONTEXT_BUILDERS.get(type(self.page))
        return builder(self.page, self.request, self.root) if builder else {}

    def __getitem__(self, key: str):
        if key in self.SITE_KEYS:
            return getattr(self, key)
        return self.typed[key]

    def __iter__(self):
        return iter([*self.SITE_KEYS, *self.typed])

    def __len__(self) -> int:
        return len(self.SITE_KEYS) + len(self.typed)
