"""Asking for a public page as a visitor without a session, and telling a cached answer from a
render (cms/core/pagecache.py)."""

import re

from django.test import Client, override_settings

from cms.core.pagecache import HEADER


def warm(client, url):
    """Ask until the cache answers, and return that answer. The first render may write what
    it reads for the first time (a site's settings row), which moves the version once."""
    for _attempt in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response[HEADER] == "hit":
            return response
    raise AssertionError(f"{url} is not served from the cache")


def rendered(url):
    """The page as a render without the cache gives it now."""
    with override_settings(PAGE_CACHE=False):
        return Client().get(url)


# (request headers, status) of a public form's POST: other sites are refused, this site and
# clients that name no site are not (cms/core/origin.py); 302 is the form's success.
CROSS_ORIGIN_POSTS = [
    ({"HTTP_ORIGIN": "https://evil.example"}, 403),
    ({"HTTP_SEC_FETCH_SITE": "cross-site"}, 403),
    ({"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}, 302),
    ({"HTTP_ORIGIN": "http://testserver"}, 302),
    ({}, 302),
]


SUBMISSION_KEY = re.compile(rb'(name="submission_key"[^>]*value=")[^"]*"')


def without_keys(response):
    """The page without its forms' submission keys, which are new in every copy."""
    return SUBMISSION_KEY.sub(rb'\1"', response.content)


def submission_keys(response):
    return [m.group(0) for m in SUBMISSION_KEY.finditer(response.content)]


def assert_shows_the_change(client, url, before):
    """The next answer is not the cached one but exactly what a render gives now, and the
    change shows in it."""
    served = client.get(url)
    assert served[HEADER] == "miss"
    now = rendered(url)
    assert served.status_code == now.status_code
    assert without_keys(served) == without_keys(now)
    assert without_keys(served) != without_keys(before)
    return served
