"""Which languages a platform offers (its PlatformSettings.languages, read with the frame) and
what follows from it: an address under a language the platform does not offer goes to the same
address in Japanese, and the public forms' "language for messages" offers the platform's
languages, the page's own first.

The request being answered is kept for the length of the request (a context variable, like
cms.core.request_memo's), so that a form field can offer the platform's languages without
every view passing the request to its form."""

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation

from cms.core.frame import frame

_request = ContextVar("tsunagu_language_request", default=None)


def offered(request=None):
    """The codes of the languages the request's platform offers (settings.LANGUAGES order);
    every language outside a request."""
    request = request or _request.get()
    if request is None:
        return [code for code, _name in settings.LANGUAGES]
    return frame(request)["languages"]


def choices(request=None):
    """(code, name) of the languages offered, each named in itself."""
    codes = set(offered(request))
    return [(code, name) for code, name in settings.LANGUAGES if code in codes]


class OfferedLanguageMiddleware:
    """/vi/… on a platform that does not offer Tiếng Việt: a redirect (302) to /ja/…, the
    same address in Japanese, which every platform offers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            code = translation.get_language_from_path(request.path_info)
            if code and code != settings.LANGUAGE_CODE and code not in offered(request):
                script = request.path[: len(request.path) - len(request.path_info)]
                rest = request.path_info[len(f"/{code}") :] or "/"
                query = request.META.get("QUERY_STRING", "")
                address = f"{script}/{settings.LANGUAGE_CODE}{rest}"
                return HttpResponseRedirect(f"{address}?{query}" if query else address)
            return self.get_response(request)
        finally:
            _request.reset(token)
