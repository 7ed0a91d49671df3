"""Japanese first, English too: locale-prefixed URLs, / sends visitors to their language, and
the language switcher keeps you on the same page."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from cms.home.models import HomePage, StandardPage
from cms.home.services import ensure_site


def switcher(response):
    soup = BeautifulSoup(response.content, "html.parser")
    nav = soup.find("nav", class_="language-switcher")
    return {a["hreflang"]: a["href"] for a in nav.find_all("a")}


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("en-GB,en;q=0.9", "/en/"), ("ja,en;q=0.5", "/ja/"), ("", "/ja/"), ("fr-FR", "/ja/")],
)
def test_root_redirects_to_the_visitors_language(client, db, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_japanese_and_english_locales_and_home_pages_exist_from_the_start(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"ja", "en"}
    assert HomePage.objects.filter(locale__language_code="ja").exists()
    assert HomePage.objects.filter(locale__language_code="en").exists()


def test_pages_are_served_in_their_language(client, shared_demo):
    ja = client.get("/ja/")
    en = client.get("/en/")
    assert ja.status_code == en.status_code == 200
    assert '<html lang="ja" ' in ja.text
    assert "飯山市孤独・孤立対策官民連携プラットフォーム" in ja.text
    assert '<html lang="en" ' in en.text
    assert "Iiyama City Public–Private Platform" in en.text


def test_interface_strings_come_from_the_compiled_japanese_catalog(client, shared_demo):
    assert "本文へスキップ" in client.get("/ja/").text
    assert "Skip to main content" in client.get("/en/").text


def test_switcher_links_to_the_same_pages_translation(client, shared_demo):
    links = switcher(client.get("/ja/about/"))
    assert links == {"ja": "/ja/about/", "en": "/en/about/"}
    assert client.get(links["en"]).status_code == 200


def test_switcher_marks_the_current_language(client, shared_demo):
    soup = BeautifulSoup(client.get("/en/about/").content, "html.parser")
    current = soup.select('nav.language-switcher a[aria-current="true"]')
    assert [a["hreflang"] for a in current] == ["en"]


def test_switcher_falls_back_to_the_home_page_when_a_page_is_not_translated(client, shared_demo):
    home = ensure_site()  # the default platform's Japanese home
    home.add_child(instance=StandardPage(title="ゆるサポ養成講座", slug="yurusapo"))
    links = switcher(client.get("/ja/yurusapo/"))
    assert links == {"ja": "/ja/yurusapo/", "en": "/en/"}


def test_alternate_language_links_are_absolute(client, shared_demo):
    soup = BeautifulSoup(client.get("/ja/about/").content, "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates == {
        "ja": "http://testserver/ja/about/",
        "en": "http://testserver/en/about/",
    }


def test_not_found_page_is_in_the_visitors_language_and_has_the_switcher(client, shared_demo):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert switcher(response) == {"ja": "/ja/no-such-page/", "en": "/en/no-such-page/"}
