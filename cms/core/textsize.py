"""文字サイズ: the visitor's choice of text size (標準・大・特大), without JavaScript.

A small POST form in the header sends the choice here; the answer remembers it in a cookie and
goes back to the page the visitor was on. Every page then reads the cookie on the server and
names the size as a class on <html> (base.html), so the choice holds on every page from the
first paint, with or without scripts. The page cache keeps one copy per size
(cms/core/pagecache.py): nobody is served another visitor's size.

The form carries no CSRF token (a token would make every page one visitor's and uncacheable):
like the public's anonymous forms it refuses a POST another site sends (cms/core/origin.py),
and a forged one could only change a text size anyway."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from cms.core.origin import same_origin
from cms.core.ratelimit import rate_limited

COOKIE = "tsunagu_text_size"
STANDARD = "standard"
#: (value, label): the value names the class on <html> (text-<value>) and sits in the cookie.
SIZES = [
    (STANDARD, pgettext_lazy("text size", "Standard")),
    ("large", pgettext_lazy("text size", "Large")),
    ("x-large", pgettext_lazy("text size", "Extra large")),
]
VALUES = {value for value, _label in SIZES}
# A year: the choice of someone who needs large text does not expire with the session.
MAX_AGE = 365 * 24 * 60 * 60


def text_size(request):
    """The size this visitor chose, or the standard one (a cookie holding anything else
    counts as none)."""
    size = request.COOKIES.get(COOKIE, STANDARD)
    return size if size in VALUES else STANDARD


def back_to(request):
    """Where to go after the choice: the page it was made on, when that is on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@same_origin
@require_POST
@rate_limited("action")
def set_text_size(request):
    response = HttpResponseRedirect(back_to(request))
    size = request.POST.get("size", STANDARD)
    if size not in VALUES or size == STANDARD:
        response.delete_cookie(COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            COOKIE,
            size,
            max_age=MAX_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response
