import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from cms.news.models import NewsPage


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def test_a_news_page_shows_date_category_tags_and_a_responsive_webp_image(
    client, add_news, categories, make_image
):
    add_news(
        "食堂を開きました",
        datetime.date(2026, 3, 8),
        categories["event-report"],
        ["食支援"],
        summary="100食をお届けしました。",
        hero_image=make_image(),
        hero_alt="テーブルを囲む人たち",
        body=[{"type": "paragraph", "value": "<p>ありがとうございました。</p>"}],
    )
    page = NewsPage.objects.get(title="食堂を開きました")
    html = client.get(page.url).content.decode()
    assert '<time datetime="2026-03-08">' in html
    assert "イベント報告" in html
    assert "ありがとうございました。" in html
    assert 'type="image/webp"' in html
    assert 'alt="テーブルを囲む人たち"' in html
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "食堂を開きました"
    assert meta(html, "og:description") == "100食をお届けしました。"
    assert meta(html, "og:image").startswith("http://testserver/")
    assert meta(html, "og:image:alt") == "テーブルを囲む人たち"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "article:published_time").startswith("2026-03-08T00:00:00+09:00")


@pytest.mark.parametrize("url", ["/ja/", "/en/", "/ja/news/"])
def test_every_page_has_open_graph_and_twitter_meta(client, news_index, url):
    html = client.get(url).content.decode()
    assert meta(html, "og:title")
    assert meta(html, "og:url").startswith("http://testserver/")
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:locale") == ("en_US" if url.startswith("/en/") else "ja_JP")
    assert meta(html, "twitter:card") == "summary"


def test_a_main_image_needs_alternative_text(news_index, make_image):
    page = NewsPage(title="写真", slug="photo", hero_image=make_image(), hero_alt="  ")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "hero_alt" in error.value.message_dict


def test_the_body_offers_embeds_documents_and_calls_to_action():
    blocks = NewsPage.body.field.stream_block.child_blocks
    for name in ["paragraph", "image", "quote", "embed", "document", "call_to_action"]:
        assert name in blocks
