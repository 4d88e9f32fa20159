"""Test-only middleware: the live server handles one request at a time.

Browser tests run Django's threaded live server on the in-memory SQLite test database,
whose one connection all server threads share. Two overlapping requests (a form post and
Wagtail's editing-session ping, say) then interleave statements and transactions on that
connection, which hung the suite once. Real deployments have a connection per thread.
"""

import threading

_one_at_a_time = threading.RLock()


class SerialRequestsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with _one_at_a_time:
            return self.get_response(request)
