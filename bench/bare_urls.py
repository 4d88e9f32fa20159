"""The site's URLs plus one bare Django view, for `bench.portal` only (never in production).

`/bench/bare` answers a constant through the whole middleware stack without touching the
database or a template: the ceiling the server and Django set before any page's own work.
(`/healthz` is no bare view: it reads the database and the worker's heartbeat.)
"""

from django.http import HttpResponse
from django.urls import path

from lantoa.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare, name="bench_bare"), *site_urlpatterns]
