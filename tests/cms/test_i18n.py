"""Everyone can read it (issue 20): locale-prefixed URLs, / sends visitors to their language,
each platform offers the languages its administrators chose (Japanese always), the switcher
keeps you on the same page, and a page not translated yet is shown in Japanese with a notice
in the visitor's language, never a 404."""

import polib
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Locale

from cms.core import roles
from cms.core.catalogs import catalog_path
from cms.core.models import Platform, PlatformSettings
from cms.home.models import HomePage, StandardPage
from cms.home.platforms import PlatformError, create_platform
from cms.home.services import ensure_site
from tests.platforms import other_platform, staff_of

NAGANO = {"HTTP_HOST": "nagano.localhost:8000"}
NAMES = dict(settings.LANGUAGES)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def switcher(response):
    nav = soup_of(response).find("nav", class_="language-switcher")
    return {a["hreflang"]: a["href"] for a in nav.find_all("a")}


def alternates(response):
    links = soup_of(response).find_all("link", rel="alternate", hreflang=True)
    return {link["hreflang"]: link["href"] for link in links}


def untranslated_page():
    """A Japanese page of the default platform with no translation."""
    home = ensure_site()
    return home.add_child(instance=StandardPage(title="ゆるサポ養成講座", slug="yurusapo"))


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


# 1. Languages per platform


def test_a_platform_nobody_chose_languages_for_offers_japanese_and_english(client, db):
    ensure_site()
    assert PlatformSettings().languages == ["ja", "en"]
    assert list(switcher(client.get("/ja/"))) == ["ja", "en"]


def test_saved_languages_keep_japanese_and_the_settings_order_and_get_their_locales(db):
    site = ensure_site().get_site()
    assert not Locale.objects.filter(language_code="vi").exists()
    row = PlatformSettings.objects.create(site=site, languages=["vi", "en"])
    assert row.languages == ["ja", "en", "vi"]
    assert Locale.objects.filter(language_code="vi").exists()
    row.save()  # again: nothing new
    assert Locale.objects.filter(language_code="vi").count() == 1


def test_the_secretariat_ticks_the_platforms_languages_in_its_settings(client, db):
    nagano = other_platform()
    client.force_login(staff_of(nagano, roles.SECRETARIAT, "nagano-secretariat"))
    own = f"/admin/settings/core/platformsettings/{nagano.site_id}/"
    form = soup_of(client.get(own))
    boxes = form.find_all("input", attrs={"name": "languages", "type": "checkbox"})
    assert [box["value"] for box in boxes] == list(NAMES)
    assert [box["value"] for box in boxes if box.has_attr("checked")] == ["ja", "en"]
    response = client.post(own, {"languages": ["en", "pt-br"]})
    assert response.status_code == 302
    assert PlatformSettings.objects.get(site=nagano.site).languages == ["ja", "en", "pt-br"]
    assert Locale.objects.filter(language_code="pt-br").exists()
    client.logout()
    host = nagano.site.hostname + (f":{nagano.site.port}" if nagano.site.port != 80 else "")
    assert list(switcher(client.get("/ja/", HTTP_HOST=host))) == ["ja", "en", "pt-br"]


def test_create_platform_takes_the_languages_and_keeps_them_when_run_again(db):
    call_command(
        "create_platform",
        "ueda",
        hostname="ueda.example.jp",
        name="上田市",
        languages="en,ja-x-easy,ne",
    )
    platform = Platform.objects.get(slug="ueda")
    languages = PlatformSettings.objects.get(site=platform.site).languages
    assert languages == ["ja", "en", "ja-x-easy", "ne"]
    assert Locale.objects.filter(language_code__in=languages).count() == 4
    create_platform("ueda", hostname="ueda.example.jp", name="上田市")
    assert PlatformSettings.objects.get(site=platform.site).languages == languages
    with pytest.raises(PlatformError):
        create_platform("ueda", hostname="ueda.example.jp", name="上田市", languages=["fr"])


def test_the_demo_city_offers_every_language_and_the_prefecture_three(shared_demo):
    iiyama = Platform.objects.get(site__is_default_site=True)
    nagano = Platform.objects.get(slug="nagano")
    assert PlatformSettings.objects.get(site=iiyama.site).languages == list(NAMES)
    assert PlatformSettings.objects.get(site=nagano.site).languages == ["ja", "en", "ja-x-easy"]
    assert set(Locale.objects.values_list("language_code", flat=True)) == set(NAMES)


# 2. A language the platform does not offer


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/vi/", "/ja/"), ("/ko/about/?page=2", "/ja/about/?page=2"), ("/ne/news/", "/ja/news/")],
)
def test_a_language_the_platform_does_not_offer_goes_to_the_same_address_in_japanese(
    client, shared_demo, path, expected
):
    response = client.get(path, **NAGANO)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_a_language_the_platform_offers_is_served(client, shared_demo):
    assert client.get("/ja-x-easy/", **NAGANO).status_code == 200
    assert client.get("/vi/").status_code == 200  # 飯山市 offers it


# 3. The switcher and the alternates


def test_the_switcher_names_each_offered_language_in_itself_on_the_same_page(client, shared_demo):
    nav = soup_of(client.get("/ja/about/")).find("nav", class_="language-switcher")
    entries = [(a["lang"], a["hreflang"], a.get_text(), a["href"]) for a in nav.find_all("a")]
    assert entries == [
        (code, code, name, "/ja/about/" if code == "ja" else f"/{code}/about/")
        for code, name in settings.LANGUAGES
    ]
    assert client.get("/en/about/").status_code == 200


def test_the_switcher_lists_only_the_platforms_languages(client, shared_demo):
    assert list(switcher(client.get("/ja/", **NAGANO))) == ["ja", "en", "ja-x-easy"]


def test_switcher_marks_the_current_language(client, shared_demo):
    soup = soup_of(client.get("/en/about/"))
    current = soup.select('nav.language-switcher a[aria-current="true"]')
    assert [a["hreflang"] for a in current] == ["en"]


def test_switcher_keeps_an_untranslated_page_under_each_prefix(client, shared_demo):
    untranslated_page()
    links = switcher(client.get("/ja/yurusapo/"))
    assert links["en"] == "/en/yurusapo/" and links["ne"] == "/ne/yurusapo/"
    assert client.get(links["en"]).status_code == 200


def test_switcher_from_a_translation_leads_to_its_own_translations_address(client, shared_demo):
    # The English page of 私たちについて answers at the English slug; the Japanese one at its
    # own, and a language with no translation at the Japanese page's address.
    links = switcher(client.get("/en/about/"))
    assert links["ja"] == "/ja/about/" and links["vi"] == "/vi/about/"


def test_alternates_are_absolute_and_only_where_the_page_exists(client, shared_demo):
    assert alternates(client.get("/ja/about/")) == {
        "ja": "http://testserver/ja/about/",
        "en": "http://testserver/en/about/",
        "x-default": "http://testserver/ja/about/",
    }
    untranslated_page()
    assert alternates(client.get("/en/yurusapo/")) == {
        "ja": "http://testserver/ja/yurusapo/",
        "x-default": "http://testserver/ja/yurusapo/",
    }


def test_not_found_page_is_in_the_visitors_language_and_has_the_switcher(client, shared_demo):
    response = client.get("/en/no-such-page/", **NAGANO)
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert switcher(response) == {
        "ja": "/ja/no-such-page/",
        "en": "/en/no-such-page/",
        "ja-x-easy": "/ja-x-easy/no-such-page/",
    }


# 4. A page without a translation is shown in Japanese with a notice


@pytest.mark.parametrize("code", ["en", "vi"])  # with a home in that language, and without
def test_an_untranslated_page_is_shown_in_japanese_with_a_notice(client, shared_demo, code):
    untranslated_page()
    response = client.get(f"/{code}/yurusapo/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.html["lang"] == code  # the interface stays in the visitor's language
    main = soup.find("main")
    assert main["lang"] == "ja" and "ゆるサポ養成講座" in main.get_text()
    notice = main.find(class_="notice--language")
    assert notice["lang"] == code and NAMES[code] in notice.get_text()
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/ja/yurusapo/"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_the_menu_keeps_the_visitors_language_where_the_platform_has_no_home_in_it(
    client, shared_demo
):
    # 飯山市 offers Tiếng Việt but has no Vietnamese home yet: its Japanese pages are shown.
    soup = soup_of(client.get("/vi/"))
    assert soup.find("a", class_="site-name")["href"] == "/vi/"
    links = [a["href"] for a in soup.select("nav.main-nav a")]
    assert links and all(link.startswith("/vi/") for link in links), links
    page = client.get(links[-1])
    assert page.status_code == 200 and soup_of(page).html["lang"] == "vi"


def test_the_notice_is_in_the_visitors_language(client, shared_demo):
    untranslated_page()
    notice = soup_of(client.get("/en/yurusapo/")).find(class_="notice--language")
    assert notice.get_text() == (
        "This page is not yet available in English; it is shown in Japanese."
    )


def test_a_translated_page_has_no_notice_canonical_or_noindex(client, shared_demo):
    soup = soup_of(client.get("/en/about/"))
    assert soup.find(class_="notice--language") is None
    assert not soup.find("main").has_attr("lang")
    assert soup.find("link", rel="canonical") is None
    assert soup.find("meta", attrs={"name": "robots"}) is None


def test_a_path_in_no_language_is_still_not_found(client, shared_demo):
    assert client.get("/vi/no-such-page/").status_code == 404
    assert client.get("/en/no-such-page/").status_code == 404


def test_a_draft_translation_is_not_shown_the_japanese_page_is(client, shared_demo):
    page = untranslated_page()
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Draft in English"
    english.save_revision()  # never published
    response = client.get("/en/yurusapo/")
    assert response.status_code == 200
    assert "ゆるサポ養成講座" in response.text and "Draft in English" not in response.text


# 5. やさしい日本語 falls back to Japanese


def easy_untranslated():
    po = polib.pofile(str(catalog_path("ja-x-easy")))
    return [e.msgid for e in po.untranslated_entries() if not e.msgid_plural and not e.msgctxt]


def test_easy_japanese_strings_fall_back_to_the_japanese_catalog(db):
    untranslated = easy_untranslated()[:200]
    if not untranslated:
        pytest.skip("the easy Japanese catalog is complete")
    with translation.override("ja"):
        japanese = {msgid: translation.gettext(msgid) for msgid in untranslated}
    with translation.override("ja-x-easy"):
        easy = {msgid: translation.gettext(msgid) for msgid in untranslated}
    assert easy == japanese
    assert any(easy[msgid] != msgid for msgid in untranslated)


# Strings Django's or Wagtail's own Japanese says otherwise (their ja catalogs): ours wins.
OURS_NOT_DJANGOS = {"Summary": "総括", "Created": "作成日", "session": "開催回", "name": "名称"}


def test_easy_japanese_reads_the_projects_japanese_before_django_and_wagtails(db):
    shared = [msgid for msgid in OURS_NOT_DJANGOS if msgid in easy_untranslated()]
    if not shared:
        pytest.skip("the easy Japanese catalog translates all of them itself")
    with translation.override("ja-x-easy"):
        for msgid in shared:
            assert translation.gettext(msgid) == OURS_NOT_DJANGOS[msgid]


def test_other_languages_fall_back_to_the_english_source_not_to_japanese(db):
    po = polib.pofile(str(catalog_path("ko")))
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.msgid_plural][:200]
    if not untranslated:
        pytest.skip("the Korean catalog is complete")
    with translation.override("ja"):
        japanese = {msgid: translation.gettext(msgid) for msgid in untranslated}
    with translation.override("ko"):
        korean = {msgid: translation.gettext(msgid) for msgid in untranslated}
    assert "Find where to ask" not in untranslated or korean["Find where to ask"] == (
        "Find where to ask"
    )
    assert [m for m in untranslated if korean[m] == japanese[m] != m] == []


def test_an_easy_japanese_page_not_written_yet_shows_the_japanese_one(client, shared_demo):
    response = client.get("/ja-x-easy/about/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.html["lang"] == "ja-x-easy" and soup.find("main")["lang"] == "ja"
    assert soup.find(class_="notice--language")["lang"] == "ja-x-easy"


def test_interface_strings_come_from_the_compiled_japanese_catalog(client, shared_demo):
    assert "本文へスキップ" in client.get("/ja/").text
    assert "Skip to main content" in client.get("/en/").text


def test_pages_are_served_in_their_language(client, shared_demo):
    ja = client.get("/ja/")
    en = client.get("/en/")
    assert ja.status_code == en.status_code == 200
    assert '<html lang="ja" ' in ja.text
    assert "飯山市孤独・孤立対策官民連携プラットフォーム" in ja.text
    assert '<html lang="en" ' in en.text
    assert "Iiyama City Public–Private Platform" in en.text
