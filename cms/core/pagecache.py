"""Whole public pages and feeds, kept in the shared cache (Redis when configured) and served
again without a query.

Only what is the same for every visitor is kept: the answer to a GET from someone with no
session and no pending message (so not logged in, not in the middle of a form), outside the
admin. Of those answers, only a 200 that sets no cookie (a CSRF token, a session, a message),
that nothing marked private with Cache-Control (private links and logged-in visitors,
cms/core/private.py; views that show personal data) and that is not streamed. Forms with errors
are answers to POSTs: never kept. A form's submission key (cms/core/submissions.py) is made
anew in each copy served, or two visitors would send the same.

The key is the version of what the public sees on the request's site (cms/core/freshness.py:
a change of the platform's or a shared one), read once when the request starts, and the
scheme, host and full address. A change moves the version, so every entry of the sites that
show it becomes unreachable at once and no page is ever stale; a render that started before the
change is stored under the old version, where nobody asks for it. What changes with no write
(a session ends, registration closes, the date) is kept only until that moment
(freshness.next_change_by_clock: the moments of the platforms the site shows), which each
entry holds and a hit checks. Language: addresses under
/ja/ or /en/ carry it; any other address (feeds) is answered in the visitor's language, so its
key also holds what LocaleMiddleware picks that language from. Display preferences: every page
names the visitor's 文字サイズ and furigana choice (cookies, cms/core/preferences.py) on its
<html>, so the key holds them too (known values only: a cookie with anything else is the
default, and shares its entry); those pages say `Vary: Cookie`, which an entry may carry.
"""

import hashlib
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import parse_http_date_safe

from cms.core import freshness, preferences, submissions

#: "hit" or "miss" on every answer the cache was asked for (none on the others): tests tell
#: a served entry from a render without counting queries, and whoever runs the site sees
#: with `curl -I` whether a page comes from the cache.
HEADER = "X-Tsunagu-Cache"

# Staff tools and private documents: never looked up, never stored.
STAFF_PATHS = ("/admin/", "/documents/")
# Cache-Control directives by which an answer says it is for one visitor only.
PERSONAL = {"private", "no-store", "no-cache"}
# What an answer may vary on and still be kept: the visitor's language, which the key holds
# when the address does not, and cookies, as only requests without a session or message
# cookie are looked up and their answers set none.
VARY_KEPT = {"accept-language", "cookie"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.language_prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def __call__(self, request):
        key = self.key(request) if settings.PAGE_CACHE else None
        if key is None:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None and timezone.now() < entry[-1]:
            status, headers, content, keys, _until = entry
            content = submissions.renew(content, keys)
            response = HttpResponse(content, status=status, headers=headers)
            response[HEADER] = "hit"
            # A calendar app polling with the ETag or date it has gets its 304, as from the view.
            return get_conditional_response(
                request,
                etag=headers.get("ETag"),
                last_modified=parse_http_date_safe(headers.get("Last-Modified", "")),
                response=response,
            )
        with submissions.recording() as keys:
            response = self.get_response(request)
        if request.method == "GET" and keepable(request, response):
            now = timezone.now()
            until = min(
                now + timedelta(seconds=settings.PAGE_CACHE_SECONDS),
                freshness.next_change_by_clock(now, freshness.site_of_request(request)),
            )
            entry = (response.status_code, dict(response.headers), response.content, keys, until)
            cache.set(key, entry, math.ceil((until - now).total_seconds()))
        response[HEADER] = "miss"
        return response

    def key(self, request):
        """The entry for this request, or None when its answer may be personal. HEAD is
        answered from the GET's entry (servers drop the body)."""
        if request.method not in ("GET", "HEAD"):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None
        path = request.path
        if path.startswith(STAFF_PATHS):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the usual 400 follows
        parts = [
            request.scheme,
            host,
            request.get_full_path(),
            preferences.cache_key_part(request),
        ]
        if not path.startswith(self.language_prefixes):
            parts += [
                request.headers.get("Accept-Language", ""),
                cookies.get(settings.LANGUAGE_COOKIE_NAME, ""),
            ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return f"tsunagu:page:{freshness.version_for_request(request)}:{digest}"


def keepable(request, response):
    """Whether the answer is the same for every visitor who has no session."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding"):
        return False
    control = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if control & PERSONAL:
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    if vary - VARY_KEPT - {""}:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)
