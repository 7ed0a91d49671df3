import io

from django.core.management import call_command
from wagtail.models import Locale, Page, Revision, Site

from cms.core.models import PlatformSettings


def snapshot():
    return {
        "pages": sorted(
            Page.objects.values_list("locale__language_code", "url_path", "title", "live")
        ),
        "revisions": Revision.objects.count(),
        "settings": list(PlatformSettings.objects.values()),
    }


def test_load_demo_twice_gives_the_same_content(shared_demo):
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first


def test_demo_is_a_japanese_platform_with_english_translations(shared_demo):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert home.title == "飯山市孤独・孤立対策官民連携プラットフォーム"
    assert home.locale.language_code == "ja"
    english = Locale.objects.get(language_code="en")
    for page in [home, *home.get_children().live()]:
        translation = page.get_translation(english)
        assert translation.live
        assert translation.title != page.title
    settings = PlatformSettings.for_site(site)
    assert settings.privacy_page is not None
    assert settings.email.endswith("example.jp")


def test_demo_content_is_served(client, shared_demo):
    for url in ["/ja/", "/ja/about/", "/ja/privacy/", "/en/", "/en/accessibility/"]:
        assert client.get(url).status_code == 200, url


def test_load_demo_rebuilds_the_page_tree_of_an_emptied_database(db):
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    call_command("load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.title == "飯山市孤独・孤立対策官民連携プラットフォーム"
    assert site.root_page.get_translation(Locale.objects.get(language_code="en")).live
