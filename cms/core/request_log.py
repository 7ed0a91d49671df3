"""One JSON line per request on the `tsunagu.request` logger, with nothing personal in it.

Private links carry their token in the path (registrations, pledges, volunteers' pages and
feeds, newsletter confirmations…), so a path is logged only once those values are replaced by
"…": the resolved URL's token-like arguments, and any random-looking run of characters where
the URL did not resolve to a view that names them (a mistyped private link falls through to
Wagtail's catch-all). Query strings give their keys, never their values; no IP, no user.
"""

import json
import logging
import re
import time

from django.http import HttpRequest

from cms.core.private import secret_values

logger = logging.getLogger("tsunagu.request")

MASK = "…"
URL_SAFE_RUN = re.compile(r"[A-Za-z0-9_-]{20,}")
QUERY_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _random_looking(text):
    """A secrets.token_urlsafe value mixes cases; a UUID or token_hex is hexadecimal. Wagtail
    slugs are lower case words, so a long slug is left as it is."""
    has_upper = any(c.isupper() for c in text)
    has_lower = any(c.islower() for c in text)
    hexadecimal = re.fullmatch(r"[0-9a-fA-F-]+", text) and any(c.isdigit() for c in text)
    return (has_upper and has_lower) or bool(hexadecimal)


def mask(text, request):
    """`text` (a path, or a message naming one) with the request's private tokens replaced."""
    for value in secret_values(request):
        text = text.replace(value, MASK)
    return URL_SAFE_RUN.sub(lambda run: MASK if _random_looking(run[0]) else run[0], text)


def _query_keys(request):
    # A key that is not a plain name is something typed into the address: left out.
    return sorted({key for key in request.GET if QUERY_KEY.fullmatch(key)})


class RequestLogMiddleware:
    """First in MIDDLEWARE, so that it times the whole request and sees the status that is sent,
    including redirects made by other middleware and the 500 that an exception becomes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        entry = {
            "method": request.method,
            "path": mask(request.path, request),
            "query_keys": _query_keys(request),
            "view": match.view_name if match is not None else None,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        logger.info(json.dumps(entry))
        return response


class MaskRequestPathFilter(logging.Filter):
    """Django's own loggers name the raw path of a request that failed ("Not Found:
    /ja/volunteers/me/<token>/x/", a CSRF refusal, a 500): on the handler, this masks the
    tokens in every record that carries its request, whichever logger it comes from."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            record.msg = mask(record.getMessage(), request)
            record.args = ()
        return True
