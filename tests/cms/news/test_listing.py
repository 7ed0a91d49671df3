import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.news.models import NewsPage


def titles(response):
    return [page.title for page in response.context["news_page"].object_list]


def test_news_are_listed_newest_first_without_drafts(client, add_news):
    add_news("古い", datetime.date(2025, 4, 1))
    add_news("新しい", datetime.date(2026, 5, 1))
    add_news("下書き", datetime.date(2026, 6, 1), live=False)
    response = client.get("/ja/news/")
    assert response.status_code == 200
    assert titles(response) == ["新しい", "古い"]


def test_listing_filters_by_category_tag_and_year(client, add_news, categories):
    add_news("報告2026", datetime.date(2026, 3, 1), categories["event-report"], ["食堂"])
    add_news("報告2025", datetime.date(2025, 3, 1), categories["event-report"])
    add_news("募集2026", datetime.date(2026, 4, 1), categories["call"], ["食堂", "募金"])
    assert titles(client.get("/ja/news/?category=event-report")) == ["報告2026", "報告2025"]
    assert titles(client.get("/ja/news/?tag=食堂")) == ["募集2026", "報告2026"]
    assert titles(client.get("/ja/news/?year=2025")) == ["報告2025"]
    assert titles(client.get("/ja/news/?category=event-report&year=2026")) == ["報告2026"]
    response = client.get("/ja/news/?category=media")
    assert titles(response) == []
    assert "No news matches these filters." in response.content.decode() or (
        "条件に合うお知らせはありません" in response.content.decode()
    )


def test_listing_offers_the_years_and_categories_to_filter_by(client, add_news, categories):
    add_news("a", datetime.date(2024, 3, 1))
    add_news("b", datetime.date(2026, 3, 1))
    response = client.get("/ja/news/")
    assert response.context["years"] == [2026, 2024]
    html = response.content.decode()
    assert 'value="event-report"' in html
    assert '<label for="filter-category">' in html


def test_listing_is_paginated_keeping_the_filters(client, add_news, categories):
    for day in range(1, 13):
        add_news(f"記事{day:02}", datetime.date(2026, 1, day), categories["notice"])
    first = client.get("/ja/news/?category=notice")
    assert titles(first) == [f"記事{day:02}" for day in range(12, 2, -1)]
    assert "?category=notice&amp;page=2" in first.content.decode()
    second = client.get("/ja/news/?category=notice&page=2")
    assert titles(second) == ["記事02", "記事01"]
    assert client.get("/ja/news/?page=999").status_code == 200
    assert client.get("/ja/news/?page=abc").status_code == 200


# It counts the queries of a render: from the page cache there would be none.
@override_settings(PAGE_CACHE=False)
def test_listing_runs_the_same_queries_whatever_the_number_of_news(
    client, add_news, categories, make_image
):
    def add_some(count, start):
        for n in range(count):
            add_news(
                f"記事{start + n}",
                datetime.date(2026, 2, 1 + start + n),
                categories["notice"] if n % 2 else categories["call"],
                ["タグ1", f"タグ{n}"],
                hero_image=make_image(f"写真{start + n}"),
                hero_alt="写真の説明",
            )

    def count_queries():
        client.get("/ja/news/")  # renditions are made on the first view
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/ja/news/")
        assert response.status_code == 200
        return len(queries)

    add_some(2, 0)
    few = count_queries()
    add_some(7, 2)
    assert NewsPage.objects.count() == 9
    assert count_queries() == few


def test_listing_shows_category_tags_and_webp_thumbnails(client, add_news, categories, make_image):
    add_news(
        "写真つき",
        datetime.date(2026, 2, 1),
        categories["event-report"],
        ["だれでも食堂"],
        hero_image=make_image(),
        hero_alt="食堂のようす",
    )
    html = client.get("/ja/news/").content.decode()
    assert "イベント報告" in html
    assert 'href="/ja/news/?tag=%E3%81%A0' in html
    assert 'type="image/webp"' in html


# It counts the queries of a render: from the page cache there would be none.
@override_settings(PAGE_CACHE=False)
def test_the_english_index_lists_every_news_item_in_english_where_translated(
    client, news_index, add_news, categories
):
    en = Locale.objects.get_or_create(language_code="en")[0]
    translated = add_news("交流会のお知らせ", datetime.date(2026, 3, 2), categories["notice"])
    add_news("ボランティア募集", datetime.date(2026, 3, 1), categories["call"])
    english_index = news_index.copy_for_translation(en, copy_parents=True)
    english_index.save_revision().publish()
    english = translated.copy_for_translation(en)
    english.title = "Get-together"
    english.save_revision().publish()

    def get():
        client.get("/en/news/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/news/")
        return response.content.decode(), len(queries)

    html, few = get()
    assert html.index("Get-together") < html.index("ボランティア募集")
    assert "交流会のお知らせ" not in html
    assert 'lang="ja">ボランティア募集</a>' in html
    assert "Some news has not been translated yet" in html
    assert "(in Japanese)" in html
    feed = client.get("/en/news/feed/rss/").content.decode()
    assert "Get-together" in feed and "ボランティア募集" in feed

    for n in range(4):
        add_news(f"記事{n}", datetime.date(2026, 2, 1 + n), categories["call"])
    html, many = get()
    assert many == few
    assert "記事3" in html
    # the Japanese index is untouched
    japanese = client.get("/ja/news/").content.decode()
    assert "交流会のお知らせ" in japanese and "Get-together" not in japanese
    assert "has not been translated" not in japanese
