import datetime
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(content):
    return ET.fromstring(content)  # noqa: S314 -- our own feed, not untrusted input


def test_rss_feed_is_valid_rss_2_newest_first(client, add_news, categories):
    add_news("古い", datetime.date(2025, 4, 1), categories["notice"], summary="前の年")
    add_news("新しい", datetime.date(2026, 5, 1), categories["call"], summary="今年")
    add_news("下書き", datetime.date(2026, 6, 1), live=False)
    response = client.get("/ja/news/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = parse(response.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") == "お知らせ"
    assert channel.findtext("link").endswith("/ja/news/")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["新しい", "古い"]
    first = items[0]
    assert "/ja/news/" in first.findtext("link")
    assert first.findtext("description") == "今年"
    assert first.findtext("category") == "募集"
    assert first.findtext("pubDate").startswith("Fri, 01 May 2026 00:00:00 +0900")
    assert first.findtext("guid")


def test_atom_feed_is_valid_atom(client, add_news, categories):
    add_news("記事", datetime.date(2026, 5, 1), categories["notice"], summary="要約")
    response = client.get("/ja/news/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated"]:
        assert feed.findtext(f"{ATOM}{required}"), required
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://testserver/ja/news/feed/atom/"
    )
    (entry,) = feed.findall(f"{ATOM}entry")
    for required in ["id", "title", "updated", "summary"]:
        assert entry.findtext(f"{ATOM}{required}"), required
    assert entry.find(f"{ATOM}category").get("term") == "お知らせ"


def test_category_feeds_hold_only_that_category(client, add_news, categories):
    add_news("報告", datetime.date(2026, 3, 1), categories["event-report"])
    add_news("募集", datetime.date(2026, 4, 1), categories["call"])
    rss = parse(client.get("/ja/news/category/call/feed/rss/").content)
    assert [i.findtext("title") for i in rss.iter("item")] == ["募集"]
    assert rss.find("channel").findtext("title") == "お知らせ: 募集"
    atom = parse(client.get("/ja/news/category/event-report/feed/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == ["報告"]
    assert client.get("/ja/news/category/unknown/feed/rss/").status_code == 404


def test_listing_links_its_feeds(client, news_index, categories):
    html = client.get("/ja/news/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/ja/news/feed/atom/"' in html
    assert 'href="/ja/newsletter/"' in html
    html = client.get("/ja/news/?category=call").content.decode()
    assert 'href="/ja/news/category/call/feed/rss/"' in html
