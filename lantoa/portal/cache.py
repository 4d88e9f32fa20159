"""Anonymous readers get portal pages from Django's cache; any publication purges them.

A page is cached under the host it was asked for, its path and page number (`?trang=`),
together with the portal's *generation*, a token kept in the cache. Publishing,
unpublishing, moving, renaming or deleting a page, or changing a Site, replaces the token,
so the next reader of any page gets a fresh rendering; the stale entries simply expire. A
hit costs two cache reads and no database query: the key needs no Site (the host names
it), and a purge reaches every site at once, which costs a few renderings after each
publication, nothing more. Only plain anonymous GETs of portal pages (those whose template
context holds a portal page) are cached, and only clean answers: status 200, no cookie
set, nothing marked private.

The generation lives in the cache itself, so every process of the site must share one
cache (lantoa/settings.py: Redis, else files under DATA_DIR) for a purge to reach them all.
The portal's templates key their fragments on the same token (`generation`).
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

ALLOWED_QUERY = {"trang"}
DEFAULT_SECONDS = 300
GENERATION_KEY = "lantoa:portal:generation"


def cache_seconds() -> int:
    return getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


def generation() -> str:
    """The portal's current token: part of every cached page's and fragment's key."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def purge() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _address(request) -> str:
    return hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()[:32]


def page_key(request) -> str:
    return f"lantoa:portal:page:{generation()}:{_address(request)}"


# --- Fragments: the expensive parts of a page, rendered once per generation -------------


def fragment_seconds() -> int:
    return getattr(settings, "LANTOA_FRAGMENT_CACHE_SECONDS", DEFAULT_SECONDS)


def may_cache_fragment(request) -> bool:
    """Fragments are the same for every reader of a public page, signed in or not; previews
    and addresses with other parameters are rendered afresh."""
    return (
        fragment_seconds() > 0
        and request.method == "GET"
        and set(request.GET) <= ALLOWED_QUERY
        and not getattr(request, "is_preview", False)
    )


def fragment_key(name: str, request, page) -> str:
    """One entry per fragment, page and address (the page number), under the generation read
    once per request."""
    token = request.__dict__.get("_portal_generation") or request.__dict__.setdefault(
        "_portal_generation", generation()
    )
    return f"lantoa:portal:fragment:{token}:{name}:{page.pk}:{_address(request)}"


def cached_fragment(name: str, request, page, render) -> str:
    """The fragment from the cache, else `render()` stored for the next reader."""
    if page is None or request is None or not may_cache_fragment(request):
        return render()
    key = fragment_key(name, request, page)
    content = cache.get(key)
    if content is None:
        content = render()
        cache.set(key, content, timeout=fragment_seconds())
    return content


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
        key = page_key(request)
        if (entry := cache.get(key)) is not None:
            return _restored(entry)
        response = self.get_response(request)
        if is_cacheable(response):
            cache.set(key, _stored(response), timeout=cache_seconds())
        return response


# --- Purging ----------------------------------------------------------------------------


def purge_now_and_on_commit() -> None:
    """Purge now, and again once the transaction commits: a reader between the two would
    otherwise cache the page as it was before the change."""
    purge()
    transaction.on_commit(purge)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def purge_on_page_change(sender, instance, **kwargs):
    purge_now_and_on_commit()


@receiver(post_delete)
def purge_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        purge_now_and_on_commit()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_on_site_change(sender, instance, **kwargs):
    purge_now_and_on_commit()
