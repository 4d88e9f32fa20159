"""Anonymous readers get portal pages from Django's cache; any publication purges the site.

A page is cached under its site, path and page number (`?trang=`) together with the site's
*generation*, a token kept in the cache. Publishing, unpublishing, moving, renaming or
deleting a page replaces the token of every site the page belongs to, so the next reader
of any page of that site gets a fresh rendering; the stale entries simply expire. Only
plain anonymous GETs of portal pages (those whose template context holds a portal page) are
cached, and only clean answers: status 200, no cookie set, nothing marked private.

The generations live in the cache itself, so every worker process must share one cache
(Redis: REDIS_URL) for a purge to reach them all.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

ALLOWED_QUERY = {"trang"}
DEFAULT_SECONDS = 300


def cache_seconds() -> int:
    return getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


def _generation_key(site_id: int) -> str:
    return f"lantoa:portal:generation:{site_id}"


def site_generation(site_id: int) -> str:
    key = _generation_key(site_id)
    generation = cache.get(key)
    if generation is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        generation = cache.get(key)
    return generation


def purge_site(site_id: int) -> None:
    cache.set(_generation_key(site_id), uuid.uuid4().hex, timeout=None)


def page_key(site_id: int, request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"lantoa:portal:page:{site_id}:{site_generation(site_id)}:{address}"


# --- Which requests and answers ---------------------------------------------------------


def _serves_pages(request) -> bool:
    from lantoa.core.views import front_page

    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return False
    return view in (wagtail_views.serve, front_page)


def may_use_cache(request) -> bool:
    return (
        request.method == "GET"
        and set(request.GET) <= ALLOWED_QUERY
        and not getattr(request, "is_preview", False)
        and _serves_pages(request)
        and not request.user.is_authenticated
    )


def is_cacheable(response) -> bool:
    from .models import PortalPageMixin

    page = (getattr(response, "context_data", None) or {}).get("page")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and isinstance(page, PortalPageMixin)
    )


def _stored(response) -> dict:
    return {"content": response.content, "status": response.status_code, "headers": dict(response.headers)}


def _restored(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    return response


class PageCacheMiddleware:
    """Place it after AuthenticationMiddleware, as deep as possible: headers the outer
    middleware add (CSP, Vary, X-Frame-Options) are then added afresh to every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if cache_seconds() <= 0 or not may_use_cache(request):  # 0 turns the page cache off
            return self.get_response(request)
        site = Site.find_for_request(request)
        if site is None:
            return self.get_response(request)
        key = page_key(site.pk, request)
        if (entry := cache.get(key)) is not None:
            return _restored(entry)
        response = self.get_response(request)
        if is_cacheable(response):
            cache.set(key, _stored(response), timeout=cache_seconds())
        return response


# --- Purging ----------------------------------------------------------------------------


def sites_holding(*url_paths: str) -> set[int]:
    """The sites whose root page is at or above any of these url paths."""
    return {
        root.site_id
        for root in Site.get_site_root_paths()
        for url_path in url_paths
        if url_path and url_path.startswith(root.root_path)
    }


def purge_sites_of(*url_paths: str) -> None:
    """Purge now, and again once the transaction commits: a reader between the two would
    otherwise cache the page as it was before the change."""
    site_ids = sites_holding(*url_paths)

    def purge():
        for site_id in site_ids:
            purge_site(site_id)

    purge()
    transaction.on_commit(purge)


@receiver(page_published)
@receiver(page_unpublished)
def purge_on_publication(sender, instance, **kwargs):
    purge_sites_of(instance.url_path)


@receiver(page_slug_changed)
def purge_on_rename(sender, instance, instance_before, **kwargs):
    purge_sites_of(instance.url_path, instance_before.url_path)


@receiver(post_page_move)
def purge_on_move(sender, instance, url_path_before, url_path_after, **kwargs):
    purge_sites_of(url_path_before, url_path_after)


@receiver(post_delete)
def purge_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        purge_sites_of(instance.url_path)
