"""The page frame every resident sees: landmarks, skip link, nothing loaded from elsewhere."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

PAGES = ["/ja/", "/en/", "/ja/about/", "/en/privacy/", "/ja/certificates/verify/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_landmarks_and_a_skip_link(client, shared_demo, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    skip = soup.find("a", class_="skip-link")
    assert skip is not None and skip["href"] == "#main"
    assert soup.find("main", id="main") is not None
    assert soup.find("header") is not None and soup.find("footer") is not None
    assert soup.find("nav", attrs={"aria-label": True}) is not None
    assert len(soup.find_all("h1")) == 1
    assert soup.find("meta", attrs={"name": "viewport"}) is not None


@pytest.mark.parametrize("url", PAGES)
def test_nothing_is_loaded_from_another_server(client, shared_demo, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    for tag, attribute in [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")]:
        for element in soup.find_all(tag):
            value = element.get(attribute, "")
            if tag == "link" and "alternate" in element.get("rel", []):
                continue  # links to this page in other languages, not loaded
            assert not value.startswith(("http://", "https://", "//")), f"{tag} {value}"


def test_the_footer_gives_the_secretariat_and_the_privacy_notice(client, shared_demo):
    soup = BeautifulSoup(client.get("/ja/").content, "html.parser")
    footer = soup.find("footer")
    assert "飯山市 民生部保健福祉課" in footer.get_text()
    assert footer.find("a", href="/ja/privacy/") is not None


def test_the_frame_of_a_plain_page_costs_a_fixed_handful_of_queries(client, shared_demo):
    """Routing, the localized root, the language links (once, for the head and the header),
    the menu and the footer's settings, most of it from the cache: a few queries, whatever
    the content."""
    client.get("/ja/about/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ja/about/").status_code == 200
    assert len(queries) <= 8, [q["sql"][:80] for q in queries]


def test_the_frame_shows_a_change_at_once_though_it_is_cached(client, shared_demo):
    """The menu and the footer are kept in the cache (cms/core/frame.py): a page published
    under a new title, a page taken out of the menu and the secretariat's new phone number
    show on the next request."""
    from wagtail.models import Page, Site

    from cms.core.models import PlatformSettings

    client.get("/ja/")  # the frame is cached
    about = Page.objects.get(url_path="/home/about/").specific
    about.title = "私たちについて"
    about.save_revision().publish()
    news = Page.objects.get(url_path="/home/news/").specific
    news.show_in_menus = False
    news.save_revision().publish()
    settings = PlatformSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "0269-00-0000"
    settings.save()

    soup = BeautifulSoup(client.get("/ja/").content, "html.parser")
    menu = soup.find("nav", class_="main-nav").get_text()
    assert "私たちについて" in menu and "お知らせ" not in menu
    assert "0269-00-0000" in soup.find("footer").get_text()


def test_a_warm_frame_costs_the_site_lookup_only(client, shared_demo):
    """A page with nothing but the frame (the search page without a query), in each
    language: the menu, the footer and the language switcher come from the cache."""
    for url in ["/ja/search/", "/en/search/"]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= 1, [q["sql"][:80] for q in queries]
