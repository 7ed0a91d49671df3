"""Search that works for Japanese: inside sentences, across kana and widths, with synonyms,
title matches first, highlighted; the same on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from wagtail.models import Locale

from cms.directory.windows.models import ConsultationWindow
from cms.search import index
from cms.search.models import SearchEntry, Synonym
from cms.search.services import search
from cms.search.text import highlight, normalise_for_search
from tests.cms.navigator.factories import ibasho, ja, window
from tests.conftest import on_postgres

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    Synonym.objects.create(terms="子供, 子ども, こども")
    ibasho("木島こども食堂", summary="毎週水曜の夕方、みんなでごはん。")
    ibasho("秋津ふれあいサロン", summary="地域の子ども食堂を毎月開催しています。")
    ibasho("常盤オレンジカフェ", summary="介護する家族のためのカフェ。")
    window("24時間子供SOSダイヤル", summary="いじめや学校の悩み。")
    window("チャイルドライン", summary="18歳までの子どものための電話。")


def titles(query, locale=None):
    entries, _variants = search(query, locale or ja())
    return [entry.title for entry in entries]


def test_finds_a_word_inside_a_japanese_sentence(content):
    assert "秋津ふれあいサロン" in titles("子ども食堂")


def test_hiragana_katakana_and_widths_are_alike(content):
    expected = set(titles("こども"))
    assert expected >= {"木島こども食堂", "秋津ふれあいサロン", "チャイルドライン"}
    for typed in ["コドモ", "ｺﾄﾞﾓ", "こども", "子ども", "子供", "　こども　"]:
        assert set(titles(typed)) == expected, typed


def test_synonyms_are_editable(content):
    assert "常盤オレンジカフェ" not in titles("認知症カフェ")
    Synonym.objects.create(terms="認知症カフェ, オレンジカフェ")
    assert "常盤オレンジカフェ" in titles("認知症カフェ")


def test_title_matches_come_first(content):
    found = titles("子ども食堂")
    assert found[0] == "木島こども食堂"
    assert found.index("木島こども食堂") < found.index("秋津ふれあいサロン")


def test_every_word_must_match(content):
    assert titles("こども 水曜") == ["木島こども食堂"]
    assert titles("こども 金曜") == []


def test_latin_letters_ignore_case_and_width(content):
    window("SOS Line", summary="Talk to us")
    assert "SOS Line" in titles("ｓｏｓ")
    assert "SOS Line" in titles("sos")


def test_results_are_in_the_visitors_language(content):
    en = Locale.objects.get_or_create(language_code="en")[0]
    assert titles("こども", locale=en) == []


def test_unpublished_and_deleted_things_leave_the_index(content):
    page = ibasho("期間限定こども食堂")
    assert "期間限定こども食堂" in titles("期間限定")
    page.unpublish()
    assert titles("期間限定") == []
    item = ConsultationWindow.objects.get(name="チャイルドライン")
    item.delete()
    assert "チャイルドライン" not in titles("チャイルド")


def test_private_fields_are_not_indexed(content):
    ibasho("外様サロン", internal_note="秘密のメモ")
    assert titles("秘密のメモ") == []
    assert not SearchEntry.objects.filter(body__contains="秘密").exists()


def test_rebuild_gives_the_same_entries(content):
    before = sorted(SearchEntry.objects.values_list("title", "body", "url"))
    assert index.rebuild() == len(before)
    assert sorted(SearchEntry.objects.values_list("title", "body", "url")) == before


def test_highlight_marks_matches_in_the_original_spelling_and_escapes_the_rest():
    variants = [normalise_for_search("こども")]
    assert highlight("<b>ｺﾄﾞﾓ</b>とコドモ", variants) == (
        "&lt;b&gt;<mark>ｺﾄﾞﾓ</mark>&lt;/b&gt;と<mark>コドモ</mark>"
    )
    excerpt = highlight("あ" * 200 + "こども" + "い" * 200, variants, length=60)
    assert excerpt.startswith("…") and excerpt.endswith("…") and "<mark>こども</mark>" in excerpt


def test_the_search_page_highlights_and_survives_any_input(client, content):
    response = client.get("/ja/search/", {"q": "子供"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>子供</mark>" in html and "木島<mark>こども</mark>食堂" in html
    for odd in ["%", "_", "'; drop table", "\x00", "𠮷" * 200]:
        assert client.get("/ja/search/", {"q": odd}).status_code == 200


def test_percent_and_underscore_are_literal(content):
    window("100%相談", summary="")
    assert titles("100%") == ["100%相談"]
    assert titles("_") == []


@pytest.mark.postgres
def test_postgres_has_trigram_indexes_on_the_normalised_text(content):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'site_search_searchentry'"
        )
        indexes = dict(cursor.fetchall())
    assert "gin_trgm_ops" in indexes["site_search_title_trgm"]
    assert "gin_trgm_ops" in indexes["site_search_body_trgm"]


def test_same_results_on_either_database(content):
    # The cases above run on SQLite and, in CI, on PostgreSQL; this one names the database so a
    # failure says which one differs.
    assert titles("ｺﾄﾞﾓ食堂") == ["木島こども食堂", "秋津ふれあいサロン"], (
        "postgres" if on_postgres() else "sqlite"
    )


def test_a_moved_page_is_found_at_its_new_address(content):
    from cms.directory.models import IbashoIndexPage, IbashoPage

    home = IbashoIndexPage.objects.get().get_parent()
    other = IbashoIndexPage(title="オンラインの居場所", slug="online")
    home.add_child(instance=other)
    other.save_revision().publish()
    page = IbashoPage.objects.get(title="木島こども食堂")
    page.move(other, pos="last-child")
    entry = SearchEntry.objects.get(title="木島こども食堂")
    assert entry.url.startswith("/ja/online/")


def test_a_page_restricted_after_publishing_leaves_the_results_and_returns_when_lifted(content):
    from wagtail.models import PageViewRestriction

    page = ibasho("会員限定サロン", summary="会員だけの集まり。")
    assert titles("会員") == ["会員限定サロン"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    assert titles("会員") == []
    restriction.delete()
    assert titles("会員") == ["会員限定サロン"]


def test_a_restriction_or_unpublishing_on_a_section_takes_its_pages_out(content):
    from wagtail.models import PageViewRestriction

    from tests.cms.navigator.factories import ibasho_index

    assert "木島こども食堂" in titles("こども食堂")
    section = ibasho_index()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    assert titles("こども食堂") == []
    restriction.delete()
    assert "木島こども食堂" in titles("こども食堂")
    section.unpublish()
    assert titles("こども食堂") == []
    index.rebuild()
    assert titles("こども食堂") == []
