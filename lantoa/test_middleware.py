"""Test-only middleware: the live server handles one request at a time.

Browser tests run Django's threaded live server on the in-memory SQLite test database,
whose one connection all server threads share. Two overlapping requests (a form post and
Wagtail's editing-session ping, say) then interleave statements and transactions on that
connection, which hung the suite once. Real deployments have a connection per thread.

The database flush after a browser test takes the same lock (`flushing_between_requests`):
a request still in flight (Wagtail's editing-session release, sent when a page closes)
finishes first, and one arriving later waits. Run together, they failed the flush with
"database table is locked" (shared-cache SQLite locks tables, whatever the busy timeout),
and the next test found the last one's rows.
"""

import contextlib
import threading

_one_at_a_time = threading.RLock()


class SerialRequestsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with _one_at_a_time:
            return self.get_response(request)


@contextlib.contextmanager
def flushing_between_requests():
    """While active, Django's flush after each transactional test holds the live server's lock."""
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_teardown

    def teardown_between_requests(self):
        with _one_at_a_time:
            return original(self)

    TransactionTestCase._fixture_teardown = teardown_between_requests
    try:
        yield
    finally:
        TransactionTestCase._fixture_teardown = original
