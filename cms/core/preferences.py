"""How a visitor wants pages shown (文字サイズ 標準・大・特大, furigana on or off), chosen without
an account and without JavaScript: one registry, one view, one form, one cookie-reading path.

Each preference is a cookie of a few known values, set by one view from a small POST form
(`set_preference`, which sends the visitor back where they were; the form is
core/includes/preference_form.html) and read when a page is rendered: the template puts
`display_classes` on <html>, and the stylesheet does the rest. A cookie holding anything but a
known value counts as the default; choosing the default forgets the cookie.

Pages with a preference are still cached (pagecache.py): each combination of values is its own
entry (`cache_key_part`), so one visitor's choice is never served to another, and every answer
rendered with one says `Vary: Cookie` (PreferenceVaryMiddleware) so that a proxy or CDN caching
HTML does the same (README, "Performance").

Furigana are shown unless the visitor turns them off: ruby is only where an editor put it (on
やさしい日本語 pages nearly everywhere; on Japanese pages for a hard name or word) so showing it
is what the page means; a reader who knows the words can hide it.

The forms carry no CSRF token (a token would make every page one visitor's and uncacheable):
like the public's anonymous forms they refuse a POST another site sends (cms/core/origin.py),
and a forged one could only change how pages look in one browser.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from cms.core.origin import same_origin
from cms.core.ratelimit import rate_limited


@dataclass(frozen=True)
class Preference:
    name: str
    #: (value, label) pairs; the label names the choice's button when the form shows them all.
    choices: tuple
    default: str
    #: The class on <html> is `<class_prefix>-<value>`…
    class_prefix: str
    #: …also for the default, or only for the other values.
    default_has_class: bool = True
    cookie_name: str = ""

    @property
    def cookie(self):
        return self.cookie_name or f"tsunagu_{self.name}"

    @property
    def values(self):
        return [value for value, _label in self.choices]

    def css_class(self, value):
        if value == self.default and not self.default_has_class:
            return ""
        return f"{self.class_prefix}-{value}"


PREFERENCES = {
    preference.name: preference
    for preference in [
        Preference(
            "furigana",
            # The toggle shows one button, labelled with what it does.
            (("on", gettext_lazy("Show furigana")), ("off", gettext_lazy("Hide furigana"))),
            "on",
            class_prefix="furigana",
        ),
        # 文字サイズ: the cookie keeps the name it had before it joined the registry.
        Preference(
            "text-size",
            (
                ("standard", pgettext_lazy("text size", "Standard")),
                ("large", pgettext_lazy("text size", "Large")),
                ("x-large", pgettext_lazy("text size", "Extra large")),
            ),
            "standard",
            class_prefix="text",
            default_has_class=False,
            cookie_name="tsunagu_text_size",
        ),
    ]
}
# A year: the choice of someone who needs large text does not expire with the session.
COOKIE_AGE = timedelta(days=365)
COOKIES = frozenset(preference.cookie for preference in PREFERENCES.values())


def chosen(request, name):
    """The visitor's choice for a preference, or its default."""
    preference = PREFERENCES[name]
    cookie = request.COOKIES.get(preference.cookie) if request is not None else None
    return cookie if cookie in preference.values else preference.default


def value(request, name):
    """The choice, read to render the answer: the answer then varies on the cookies
    (PreferenceVaryMiddleware)."""
    if request is not None:
        request.reads_display_preferences = True
    return chosen(request, name)


def display_classes(request):
    """The classes of <html> that say how the page is shown: `furigana-off text-large`…"""
    classes = (p.css_class(value(request, name)) for name, p in PREFERENCES.items())
    return " ".join(c for c in classes if c)


def cache_key_part(request):
    """What the page cache must tell apart: the value of each preference (read for the key
    only: that alone does not make an answer vary)."""
    return ";".join(f"{name}={chosen(request, name)}" for name in PREFERENCES)


class PreferenceVaryMiddleware:
    """`Vary: Cookie` on every answer rendered with a display preference, so that a proxy or
    CDN caching HTML keeps one copy per choice. HTTP has no header naming single cookies: a CDN
    must key on the cookies in COOKIES (README, "Performance"). Inside the page cache, so that
    its stored answers carry the header too (pagecache.VARY_KEPT keeps them cacheable)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "reads_display_preferences", False):
            patch_vary_headers(response, ["Cookie"])
        return response


def choices(request, name):
    """The form's buttons: each value, its label and whether it is the one chosen."""
    current = value(request, name)
    return [
        {"value": choice, "label": label, "is_current": choice == current}
        for choice, label in PREFERENCES[name].choices
    ]


@same_origin
@require_POST
@rate_limited("action")
def set_preference(request, name, field="value"):
    """Remember a choice for a year and go back to the page it was made on (an address of this
    site only). `field` names the POST field of the choice: the old 文字サイズ address
    (/text-size, pages cached before the registry) sends `size`."""
    preference = PREFERENCES.get(name)
    chosen = request.POST.get(field)
    if preference is None or (chosen is not None and chosen not in preference.values):
        return HttpResponseBadRequest()
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"/{translation.get_language()}/"
    response = HttpResponseRedirect(target, status=303)
    if chosen is None:
        # Sent without one of its buttons (a crawler, a form sent by Enter): nothing chosen,
        # back to the page as it was.
        return response
    if chosen == preference.default:
        response.delete_cookie(preference.cookie, samesite="Lax")
    else:
        response.set_cookie(
            preference.cookie,
            chosen,
            max_age=COOKIE_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response
