"""The one map of the platforms (cms/core/platform_map.py): read in two queries, kept in the
cache, read by `platform.of_page`/`home_paths`, freshness and the fallback at no query, and
dropped by one rule: a site, a platform or a home saved or deleted, a page moved; and again
when the change's transaction commits."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale, Page

from cms.core import fallback, freshness, platform_map
from cms.core import platform as platforms
from cms.home.models import StandardPage
from tests.platforms import OTHER_HOST, default_platform, other_platform

pytestmark = pytest.mark.django_db


def make_page(home, title="案内", slug="guide"):
    page = StandardPage(title=title, slug=slug, summary="地域の居場所")
    home.add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


@pytest.fixture
def two(db):
    iiyama, nagano = default_platform(), other_platform()
    return iiyama, nagano


def kept():
    return cache.get(platform_map.CACHE_KEY) is not None


def test_the_map_is_read_in_two_queries_and_then_answers_every_reader_without_one(
    two, rf, django_assert_num_queries
):
    iiyama, nagano = two
    page = make_page(nagano.site.root_page)
    english = nagano.site.root_page.get_translation(Locale.objects.get(language_code="en"))
    cache.clear()
    with django_assert_num_queries(2):
        infos = platform_map.platform_map()
    info = infos[nagano.pk]
    assert info.paths == tuple(sorted([nagano.site.root_page.path, english.path]))
    assert info.names == {"ja": "長野県", "en": "Nagano"}
    assert info.homes == {"ja": nagano.site.root_page.path, "en": english.path}
    assert (info.page_sites, info.record_sites) == ((nagano.site_id,), (nagano.site_id,))
    request = rf.get("/ja/", HTTP_HOST=OTHER_HOST)
    request._wagtail_site = nagano.site
    root = Page.get_first_root_node()
    with django_assert_num_queries(0):
        assert platforms.of_page(page) == nagano
        assert platforms.of_page(page).site == nagano.site  # the row with its site
        assert platforms.of_path(page.path, platforms.home_paths()) == nagano
        assert platforms.of_page(root) is None
        assert freshness._sites(page=page) == (nagano.site_id,)
        assert freshness._sites(platform=iiyama) == (iiyama.site_id,)
        with translation.override("en"):
            fallback.under_home(StandardPage.objects.all(), request, english.locale_id)


def test_a_prefectures_sites_are_those_of_its_municipalities_too(two):
    iiyama, nagano = two
    other_platform(prefecture_of=iiyama)
    infos = platform_map.platform_map()
    assert infos[iiyama.pk].page_sites == tuple(sorted([iiyama.site_id, nagano.site_id]))
    assert infos[nagano.pk].page_sites == (nagano.site_id,)
    assert infos[nagano.pk].record_sites == tuple(sorted([iiyama.site_id, nagano.site_id]))
    assert platform_map.municipalities(infos[nagano.pk]) == [infos[iiyama.pk]]


def test_a_site_a_platform_or_a_home_saved_drops_the_map_and_another_page_does_not(two):
    iiyama, nagano = two
    page = make_page(iiyama.site.root_page)
    platform_map.platform_map()
    page.title = "新しい案内"
    page.save_revision().publish()
    assert kept()

    home = nagano.site.root_page.specific
    home.title = "長野県 つながり"
    home.save_revision().publish()
    assert platform_map.platform_map()[nagano.pk].names["ja"] == "長野県 つながり"

    nagano.slug = "nagano-ken"
    nagano.save()
    assert not kept()
    assert platform_map.platform_map()[nagano.pk].slug == "nagano-ken"

    nagano.site.port = 8080
    nagano.site.save()
    assert not kept()
    assert platform_map.platform_map()[nagano.pk].base_url.endswith(":8080")


def test_a_home_translated_or_deleted_and_a_page_moved_change_the_paths(two):
    iiyama, nagano = two
    home = iiyama.site.root_page
    paths = set(platform_map.platform_map()[iiyama.pk].paths)
    assert home.path in paths
    korean = home.copy_for_translation(Locale.objects.get_or_create(language_code="ko")[0])
    assert set(platform_map.platform_map()[iiyama.pk].paths) == paths | {korean.path}
    assert platforms.of_page(korean) == iiyama

    page = make_page(nagano.site.root_page)
    assert platforms.of_page(page) == nagano
    page.move(home, pos="last-child")
    assert platforms.of_page(StandardPage.objects.get(pk=page.pk)) == iiyama

    korean.delete()
    assert set(platform_map.platform_map()[iiyama.pk].paths) == paths


def test_a_change_in_a_transaction_drops_the_map_again_when_it_commits(
    two, django_capture_on_commit_callbacks
):
    _iiyama, nagano = two
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        nagano.slug = "nagano-ken"
        nagano.save()
        # A request that reads the map before the commit keeps what it read...
        platform_map.platform_map()
        assert kept()
    # ... until the commit drops it.
    assert not kept()


def test_the_fallback_reads_the_visitors_home_and_the_japanese_one(two):
    iiyama, nagano = two
    ja_home = nagano.site.root_page
    en_home = ja_home.get_translation(Locale.objects.get(language_code="en"))
    japanese = make_page(ja_home, "日本語だけの案内", "only-ja")
    english = make_page(en_home, "English guide", "en-guide")
    ours = make_page(iiyama.site.root_page, "飯山の案内", "iiyama-guide")
    request = RequestFactory().get("/en/", HTTP_HOST=OTHER_HOST)
    with translation.override("en"):
        shown = set(
            fallback.under_home(StandardPage.objects.all(), request, en_home.locale_id, depth=1)
        )
    assert {japanese, english} <= shown
    assert ours not in shown
    # A home not live in the visitor's language: the Japanese home's tree alone.
    en_home.unpublish()
    with translation.override("en"):
        assert platform_map.platform_map()[nagano.pk].home_paths() == [ja_home.path]
