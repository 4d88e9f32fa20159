import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lantoa.lib.tasks import worker_alive


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
