import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cms.core.frame import frame

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


@require_safe
def platform_css(request):
    """The request's platform's theme colour as a style sheet (the public pages' security
    policy allows no inline styles): linked by base.html only when the colour passes WCAG AA
    against the header's white text (cms.core.platform.header_colour)."""
    colour = frame(request)["identity"]["colour"]
    body = f":root {{ --color-brand: {colour}; }}\n" if colour else ""
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
