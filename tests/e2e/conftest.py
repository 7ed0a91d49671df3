"""Browser tests: Playwright drives Debian's Chromium against a live test server.

Playwright's sync API runs an event loop in the test thread; Django's ORM calls made from the
test itself are synchronous and safe here, so the async-safety check is switched off.

When the suite runs in parallel, these tests run one after another on one worker (see
unit_key in tests/conftest.py), with one Chromium and a live server on a free port."""

import os
from urllib.parse import urlsplit

import pytest

from tests.conftest import CHROMIUM

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The same flags that make Chromium quiet on a machine without outside network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def javascript():
    """Whether the browser runs scripts: a test parametrized on `javascript` runs its flow both
    ways, as every public flow must also work without JavaScript."""
    return True


@pytest.fixture
def page(browser, javascript):
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_site(transactional_db, demo_copy):
    """The demo site, as `make run` loads it, for tests that drive a live server. Such tests
    are transactional: each one starts from the same demo, restored from its copy (demo_copy
    in tests/conftest.py), whatever the tests before it wrote."""
    from django.core.cache import cache

    demo_copy.restore()
    cache.clear()  # Wagtail's cached site root paths name the pages replaced


# A flow a resident completes both with JavaScript and without it (the `javascript` fixture).
with_and_without_javascript = pytest.mark.parametrize(
    "javascript", [False, True], ids=["without JavaScript", "with JavaScript"]
)


def requests_to_other_hosts(page, live_server):
    """The addresses the page asks of a host other than the live server, from now on: none is
    allowed (no web font, analytics or tile service learns who reads the site)."""
    own = urlsplit(live_server.url).netloc
    elsewhere = []

    def record(request):
        address = urlsplit(request.url)
        if address.scheme in ("http", "https") and address.netloc != own:
            elsewhere.append(request.url)

    page.on("request", record)
    return elsewhere
