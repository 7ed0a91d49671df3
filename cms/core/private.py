"""What makes a request private: a private link (a token, key, code or reference in its URL) or
a logged-in person. Private answers must never be kept by a browser's back-forward cache, a
proxy or a shared cache (a phone lent to someone, a library PC, a city's caching proxy)."""

import re

from django.utils.cache import add_never_cache_headers, patch_cache_control

# URL arguments that open one person's records: tokens, keys, codes, and the reference that
# names a registration or pledge in its private link.
SECRET_ARGUMENT = re.compile(r"token|key|code|reference", re.IGNORECASE)


def secret_values(request):
    """The values of the resolved URL's arguments that open someone's records."""
    match = request.resolver_match
    if match is None:
        return []
    return [str(v) for name, v in match.kwargs.items() if SECRET_ARGUMENT.search(name) and str(v)]


def is_private(request):
    user = getattr(request, "user", None)
    return bool(secret_values(request)) or bool(user is not None and user.is_authenticated)


class PrivateResponseMiddleware:
    """`Cache-Control: no-store, private` on every answer to a private request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response
