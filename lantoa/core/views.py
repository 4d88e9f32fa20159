import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lantoa.lib.tasks import worker_alive

PRODUCT_NAME = "Lan Tỏa"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


@never_cache
@require_GET
def healthz(request):
    database = _database_ok()
    worker = database and worker_alive(datetime.timedelta(seconds=settings.LANTOA_WORKER_STALE_AFTER))
    body = {
        "status": "ok" if database and worker else "error",
        "database": "ok" if database else "down",
        "worker": "ok" if worker else "down",
    }
    return JsonResponse(body, status=200 if database and worker else 503)


def federation_name() -> str:
    """The name `/` shows: the default site's name when an administrator set one, else the
    root unit's (the federation the instance serves), else the product's."""
    from wagtail.models import Site

    from lantoa.org.models import Unit

    site_name = Site.objects.filter(is_default_site=True).values_list("site_name", flat=True).first()
    if site_name:
        return site_name
    root = Unit.objects.current().filter(parent__isnull=True).order_by("depth", "path").values_list("name", flat=True)
    return root.first() or PRODUCT_NAME


def serves_portal(request) -> bool:
    """Whether the site answering this request has a portal home as its root."""
    from wagtail.models import Site

    from lantoa.portal.models import PortalHomePage

    site = Site.find_for_request(request)
    return site is not None and site.root_page.specific_class is PortalHomePage


@require_GET
def front_page(request):
    """`/`: the portal's home once the site has one; until then the federation's name, the
    logo and the way in."""
    if serves_portal(request):
        from wagtail.views import serve

        return serve(request, "")
    return TemplateResponse(request, "brand/front_page.html", {"federation": federation_name()})
