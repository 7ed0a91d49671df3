import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """Tell a load balancer or monitor whether this process can serve: 200, or 503 without a
    database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database_ok = True
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        database_ok = False
    return JsonResponse(
        {"status": "ok" if database_ok else "unavailable", "database": database_ok},
        status=200 if database_ok else 503,
    )
