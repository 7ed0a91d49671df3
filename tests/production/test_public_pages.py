"""Every public page of the demo answers under production settings: DEBUG off and the manifest
static storage, whose {% static %} fails on a name that collectstatic did not hash.

A crawler starts from /ja/, /en/ and /calendar.ics and follows every same-site link of every
HTML page (<a>, <link>, GET forms), so that each page type, list, feed, PDF and form is
reached in both languages the way a visitor or a calendar app reaches it; each public POST
form is then sent back empty, with its CSRF token, and must answer with its errors or a
redirect."""

import re
import time
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from cms.core.private import SECRET_ARGUMENT

START = ["/ja/", "/en/", "/calendar.ics"]
# Public pages that no page links to: the shift list is reached from the shift feed and the
# volunteer mails, certificate verification from the QR code printed on a certificate.
START += [f"/{language}/volunteers/" for language in ("ja", "en")]
START += [f"/{language}/certificates/verify/" for language in ("ja", "en")]
SAME_SITE_HOSTS = {"", "testserver", "localhost"}
# Served by nginx or object storage in production, never by Django; the manifest storage is
# exercised by the pages that name these files.
NOT_FETCHED = ("/admin/", "/static/", "/media/")
# Month and page navigation make endless chains of query strings: a few of each path suffice.
QUERIES_PER_PATH = 3
# Every page is fetched, but of the documents under them (/ja/events/<event>/flyer/,
# /en/ibasho/<place>/calendar/) two of a kind per language show the kind works: a flyer PDF
# takes seconds to typeset.
DOCUMENTS_PER_KIND = 2
FORM_ERROR_MARKERS = ('role="alert"', "errorlist", 'aria-invalid="true"')

# The crawl runs in the module's demo transaction; pytest-django creates the test database only
# when a test asks for it.
pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    """The links a visitor's browser or a feed reader would follow, and the POST forms."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.post_forms = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href") and attrs.get("rel") != "stylesheet":
            self.links.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            if method == "get":
                self.links.append(attrs.get("action") or "")
            else:
                self._form = {"action": attrs.get("action") or "", "fields": {}}
        elif tag in ("input", "select", "textarea") and self._form is not None:
            name = attrs.get("name")
            # Hidden fields (CSRF token, submission key, the page's own ids) are sent as the page
            # gave them; everything a visitor types or chooses is left empty.
            if name and attrs.get("type") == "hidden":
                self._form["fields"][name] = attrs.get("value") or ""
            elif name:
                self._form["fields"].setdefault(name, "")

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.post_forms.append(self._form)
            self._form = None


def private(path):
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return any(SECRET_ARGUMENT.search(name) for name in match.kwargs)


# An inline script (one without src that a browser would run), a style element or attribute.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>|<style[\s>]|\sstyle=\""
)


class Crawl:
    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)
        self.fetched = {}  # url -> status, or the exception it raised
        self.failures = []
        self.forms = {}  # action path -> (page it was on, fields)
        self.queries = Counter()
        self.documents = Counter()

    def run(self):
        queue = list(START)
        while queue:
            url = queue.pop(0)
            if url in self.fetched:
                continue
            self.fetched[url] = status = self.fetch(url, queue)
            if not isinstance(status, int) or not 200 <= status < 400:
                self.failures.append(f"GET {url}: {status}")

    def fetch(self, url, queue):
        try:
            response = self.client.get(url)
        except Exception as exc:
            return repr(exc)
        if response.streaming:
            b"".join(response.streaming_content)
        elif 300 <= response.status_code < 400:
            self.follow(url, response["Location"], queue)
        elif response["Content-Type"].startswith("text/html"):
            self.check_security(url, response)
            links = Links()
            links.feed(response.content.decode())
            for href in links.links:
                self.follow(url, href, queue)
            for form in links.post_forms:
                action = urlsplit(urljoin(url, form["action"])).path
                self.forms.setdefault(action, (url, form["fields"]))
        return response.status_code

    def check_security(self, url, response):
        """The public policy (no inline script or style allowed) is on the page, and the page
        needs no more: no inline script, <style> or style attribute."""
        policy = response.get("Content-Security-Policy", "")
        if "script-src 'self';" not in policy or "unsafe-inline" in policy:
            self.failures.append(f"GET {url}: Content-Security-Policy {policy!r}")
        if "camera=()" not in response.get("Permissions-Policy", ""):
            self.failures.append(f"GET {url}: no Permissions-Policy")
        inline = INLINE.search(response.content.decode())
        if inline:
            self.failures.append(f"GET {url}: inline {inline[0]!r}, which the policy blocks")

    def follow(self, page, href, queue):
        target = urlsplit(urljoin(page, href))
        if target.scheme not in ("", "http", "https") or target.netloc not in SAME_SITE_HOSTS:
            return  # mailto:, tel:, webcal:, other sites
        path = target.path
        if path.startswith(NOT_FETCHED):
            return
        if private(path):
            self.failures.append(f"{page} links to a private token: {path}")
            return
        url = f"{path}?{target.query}" if target.query else path
        if url in self.fetched or url in queue:
            return
        if target.query:
            self.queries[path] += 1
            if self.queries[path] > QUERIES_PER_PATH:
                return
        segments = path.strip("/").split("/")
        if len(segments) > 3:
            kind = (segments[0], segments[1], *segments[3:])  # language, section, document
            self.documents[kind] += 1
            if self.documents[kind] > DOCUMENTS_PER_KIND:
                return
        queue.append(url)

    def submit_forms(self):
        for action, (page, fields) in sorted(self.forms.items()):
            try:
                response = self.client.post(action, fields)
            except Exception as exc:
                self.failures.append(f"POST {action} (form on {page}): {exc!r}")
                continue
            self.fetched[f"POST {action}"] = response.status_code
            body = response.content.decode() if not response.streaming else ""
            answered_with_errors = response.status_code == 200 and any(
                marker in body for marker in FORM_ERROR_MARKERS
            )
            if not (answered_with_errors or 300 <= response.status_code < 400):
                self.failures.append(
                    f"POST {action} (form on {page}): {response.status_code}, "
                    "neither its errors nor a redirect"
                )


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """collectstatic once, into a folder of the module, with the storage production uses."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    root = tmp_path_factory.mktemp("static")
    with override_settings(STORAGES=storages, STATIC_ROOT=root, DEBUG=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield root


@pytest.fixture(scope="module")
def crawl(production_static, module_demo, django_db_blocker):
    started = time.monotonic()
    cache.clear()  # pages cached by earlier modules name static files without their hash
    crawl = Crawl()
    with django_db_blocker.unblock():
        crawl.run()
        crawl.submit_forms()
    crawl.seconds = time.monotonic() - started
    print(f"\nfetched {len(crawl.fetched)} URLs in {crawl.seconds:.0f} s")
    return crawl


def test_every_public_page_feed_pdf_and_form_answers(crawl):
    assert not crawl.failures, "\n".join(crawl.failures)


def test_the_crawl_reached_every_kind_of_public_document(crawl):
    """A crawl that stopped at the home page would pass the test above: this one says it went
    everywhere a visitor can go, in both languages."""
    for language in ("ja", "en"):
        for part in ("/news/", "/ibasho/", "/navigator/", "/search/", "/volunteers/", "/flyer/"):
            assert any(url.startswith(f"/{language}/") and part in url for url in crawl.fetched), (
                language,
                part,
            )
    for kind in (".ics", "/feed/rss/", "/feed/atom/", "/handbook.pdf", "POST "):
        assert any(kind in url for url in crawl.fetched), kind
