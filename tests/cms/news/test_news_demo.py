from wagtail.models import Locale

from cms.news.models import NewsCategory, NewsPage


def test_demo_has_ten_news_items_in_four_categories_with_english(client, demo):
    assert NewsPage.objects.filter(locale__language_code="ja").live().count() >= 10
    en = Locale.objects.get(language_code="en")
    assert set(NewsCategory.objects.filter(locale=en).values_list("name", flat=True)) == {
        "Notices",
        "Event reports",
        "Calls for participation",
        "In the media",
    }
    html = client.get("/en/news/").content.decode()
    assert "Spring food drive: please donate" in html
    assert "Event reports" in html
    for url in ["/ja/news/", "/ja/news/kickoff-event/", "/ja/news/feed/rss/", "/en/news/"]:
        assert client.get(url).status_code == 200, url
