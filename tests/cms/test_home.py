"""The home page: the way to help first, then the latest news, then what other apps add."""

import datetime

from bs4 import BeautifulSoup
from django.db import connection
from django.template import Template
from django.test.utils import CaptureQueriesContext
from wagtail import hooks
from wagtail.models import Locale, PageViewRestriction

from cms.directory.windows.models import ConsultationWindow
from cms.home.services import ensure_site
from cms.news.models import NewsIndexPage, NewsPage
from tests.platforms import default_platform


def publish_news(index, title, date):
    page = NewsPage(title=title, date=date)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def news_index(home, slug="news", title="お知らせ"):
    index = NewsIndexPage(title=title, slug=slug)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def soup(client, url="/ja/"):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_way_to_help_comes_first_with_the_windows_open_day_and_night(client, db):
    ensure_site()
    ja = Locale.objects.get(language_code="ja")
    ConsultationWindow.objects.create(
        platform=default_platform(), locale=ja, name="よりそいホットライン", is_24h=True
    )
    ConsultationWindow.objects.create(
        platform=default_platform(), locale=ja, name="市役所の窓口", is_24h=False
    )
    page = soup(client)
    help_entry = page.find("section", class_="help-entry")
    assert help_entry is not None
    assert help_entry.find("a", href="/ja/navigator/") is not None
    text = help_entry.get_text()
    assert "よりそいホットライン" in text
    assert "市役所の窓口" not in text
    # It comes before the news and the introduction.
    assert page.find("main").find("section") is help_entry


def test_the_latest_public_news_are_shown_newest_first(client, db):
    home = ensure_site()
    index = news_index(home)
    for day in range(1, 7):
        publish_news(index, f"記事{day}", datetime.date(2026, 5, day))
    members = news_index(home, slug="members-only", title="会員向け")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    publish_news(members, "会員だけの記事", datetime.date(2026, 6, 1))

    titles = [h.get_text(strip=True) for h in soup(client).select(".news-card__title")]
    assert titles == ["記事6", "記事5", "記事4", "記事3"]
    assert "会員だけの記事" not in str(soup(client))


def test_the_home_page_runs_the_same_queries_whatever_the_number_of_news(client, db):
    home = ensure_site()
    index = news_index(home)
    publish_news(index, "一つ目", datetime.date(2026, 5, 1))
    client.get("/ja/")
    with CaptureQueriesContext(connection) as few:
        client.get("/ja/")
    for day in range(2, 9):
        publish_news(index, f"記事{day}", datetime.date(2026, 5, day))
    client.get("/ja/")  # a publication changes the frame, read again once (cms/core/frame.py)
    with CaptureQueriesContext(connection) as many:
        client.get("/ja/")
    assert len(many) == len(few)


def test_other_apps_add_sections_through_the_hook(client, db):
    ensure_site()

    def section(page, request):
        return {"template": Template('<p id="extra">{{ section.text }}</p>'), "text": "行事の欄"}

    def nothing(page, request):
        return None

    with hooks.register_temporarily(
        [("home_page_sections", section), ("home_page_sections", nothing)]
    ):
        page = soup(client)
    assert page.find("p", id="extra").get_text() == "行事の欄"
