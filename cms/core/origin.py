"""Forgery protection for the public's anonymous forms, without a token in the page.

A page with Django's CSRF token is one visitor's page and cannot be cached
(cms/core/pagecache.py). The forms the public fills in without an account — registering for an
event, pledging food, subscribing to the newsletter, joining as a volunteer, applying as a
member — carry no token; their views refuse a POST that a browser says comes from another
site instead, as Go's CrossOriginProtection and Rails do: `Sec-Fetch-Site` when the browser
sends it (every current one does), otherwise `Origin`, compared with this site's own origin and
settings.CSRF_TRUSTED_ORIGINS by Django's own rule. The refusal is Django's CSRF failure page.

A POST with neither header passes. It cannot come from a victim's browser on another site
(browsers send `Origin` with every cross-origin POST); it comes from a program, which could
as well fetch the form and its token first. That is safe here because a forged request would
only do what anyone may do with the form themselves, with nobody's session or private link:
what CSRF protects against is acting with someone else's authority, and these forms carry
none. Robots are the honeypot's and the rate limit's business (honeypot.py, ratelimit.py).

Forms that act on a logged-in session or a private link (manage pages, my page, the kiosk,
rosters, the admin) keep Django's token: their pages are never cached anyway.
"""

from functools import wraps

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import get_callable
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# `none`: typed in the address bar or opened from a bookmark, not sent by another site.
SAME_SITE_FETCHES = ("same-origin", "none")

# Django's middleware only for its rules: which origins are this site's, and a token check.
_django = CsrfViewMiddleware(lambda request: None)


def cross_origin_refusal(request):
    """None when the POST may have come from this site; otherwise the CSRF failure page."""
    fetch = request.headers.get("Sec-Fetch-Site")
    if fetch is not None:
        # The browser's own word decides, as in Go: a page sent with `Referrer-Policy:
        # no-referrer` (the navigator's) has its same-origin POSTs say `Origin: null`.
        if fetch not in SAME_SITE_FETCHES:
            return _failure(request, f"Sec-Fetch-Site is {fetch}.")
        return None
    if "HTTP_ORIGIN" in request.META and not _django._origin_verified(request):
        return _failure(request, "Origin checking failed - the origin is not this site's.")
    return None


def token_refusal(request):
    """Django's own CSRF check (token and origin), for a view that was exempted to choose."""
    return _django.process_view(request, None, (), {})


def _failure(request, reason):
    return get_callable(settings.CSRF_FAILURE_VIEW)(request, reason=reason)


def same_origin(view):
    """A view of an anonymous public form: no CSRF token, and cross-origin POSTs refused."""

    @csrf_exempt
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and (refusal := cross_origin_refusal(request)):
            return refusal
        return view(request, *args, **kwargs)

    return guarded
