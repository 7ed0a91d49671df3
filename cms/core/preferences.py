"""How a visitor wants pages shown (furigana on or off, and later the text size), chosen without
an account and without JavaScript.

Each preference is a cookie of a few known values, set by one view from a small POST form
(`set_preference`, which sends the visitor back where they were) and read when a page is
rendered: the template puts `display_classes` on <html>, and the stylesheet does the rest. A
cookie holding anything but a known value counts as the default.

Pages with a preference are still cached (pagecache.py): each combination of values is its own
entry (`cache_key_part`), so one visitor's choice is never served to another.

Furigana are shown unless the visitor turns them off: ruby is only where an editor put it (on
やさしい日本語 pages nearly everywhere; on Japanese pages for a hard name or word) so showing it
is what the page means; a reader who knows the words can hide it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cms.core.origin import same_origin
from cms.core.ratelimit import rate_limited


@dataclass(frozen=True)
class Preference:
    name: str
    choices: tuple
    default: str

    @property
    def cookie(self):
        return f"tsunagu_{self.name}"


PREFERENCES = {
    preference.name: preference for preference in [Preference("furigana", ("on", "off"), "on")]
}
COOKIE_AGE = timedelta(days=365)


def value(request, name):
    """The visitor's choice for a preference, or its default."""
    preference = PREFERENCES[name]
    chosen = request.COOKIES.get(preference.cookie)
    return chosen if chosen in preference.choices else preference.default


def display_classes(request):
    """The classes of <html> that say how the page is shown: `furigana-off`…"""
    return " ".join(f"{name}-{value(request, name)}" for name in PREFERENCES)


def cache_key_part(request):
    """What the page cache must tell apart: the value of each preference."""
    return ";".join(f"{name}={value(request, name)}" for name in PREFERENCES)


@same_origin
@require_POST
@rate_limited("action")
def set_preference(request, name):
    """Remember a choice for a year and go back to the page it was made on (an address of this
    site only). No CSRF token: the form is on cached public pages, and a forged choice would
    only change how pages look in one browser; cross-site POSTs are refused all the same."""
    preference = PREFERENCES.get(name)
    chosen = request.POST.get("value")
    if preference is None or chosen not in preference.choices:
        return HttpResponseBadRequest()
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"/{translation.get_language()}/"
    response = HttpResponseRedirect(target, status=303)
    response.set_cookie(
        preference.cookie,
        chosen,
        max_age=COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response
