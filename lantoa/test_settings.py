"""Settings for the test suite: the production settings with inline tasks."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop in this thread

from lantoa.settings import *  # noqa: E402, F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MIDDLEWARE = ["lantoa.test_middleware.SerialRequestsMiddleware", *MIDDLEWARE]  # noqa: F405
# The throttle stays on (its tests need it); only the test client's request-less login passes.
AUTHENTICATION_BACKENDS = ["lantoa.test_auth.AxesBackendForTestClient", *AUTHENTICATION_BACKENDS[1:]]  # noqa: F405
# One cache per test process: pytest-xdist's workers share DATA_DIR, and a test that clears
# the cache must not clear another worker's.
# Wagtail keeps renditions in the cache under the image's id and file hash: rolled-back
# images of earlier tests would answer with files of their own (deleted) media folders.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
# The page cache outlives each test's rolled-back rows: only its own tests turn it on.
LANTOA_PAGE_CACHE_SECONDS = 0
LANTOA_FRAGMENT_CACHE_SECONDS = 0
