"""Lan Tỏa's settings with `bench.bare_urls` as the URL conf, for `bench.portal` only."""

import os

from lantoa.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"

# The benchmark switches the page cache off and on through the environment, whether or not
# lantoa.settings reads it there.
if os.environ.get("LANTOA_PAGE_CACHE_SECONDS"):
    LANTOA_PAGE_CACHE_SECONDS = int(os.environ["LANTOA_PAGE_CACHE_SECONDS"])

# The portal's page cache (lantoa/portal/cache.py), placed as its docstring asks, while
# lantoa.settings does not list it yet.
_PAGE_CACHE = "lantoa.portal.cache.PageCacheMiddleware"
if _PAGE_CACHE not in MIDDLEWARE:  # noqa: F405
    MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1, _PAGE_CACHE)
