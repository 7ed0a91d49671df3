"""Search that understands worries (issue 21): a worry word shows the navigator's answers and,
for an urgent worry, the crisis lines with their numbers above the pages, even when no page
matches; an English word on the Japanese site finds the English translation's pages."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from tests.cms.navigator.factories import ibasho, topic, window, worry

pytestmark = pytest.mark.django_db


@pytest.fixture
def worries():
    topic("suicide-prevention", "field")
    topic("consultation", "field")
    topic("ibasho", "field")
    die = worry("want-to-die", "死にたい・消えたい", topics=["suicide-prevention"], is_urgent=True)
    die.keywords = "自殺, 生きるのがつらい"
    die.save()
    lonely = worry("lonely", "ひとりぼっちでさみしい", topics=["ibasho"])
    lonely.keywords = "寂しい、さびしい, 孤独"
    lonely.save()
    sleep = worry("cannot-sleep", "眠れない", topics=["consultation"])
    crisis = {
        "sos": window(
            "#いのちSOS",
            topics=["suicide-prevention"],
            phone_numbers="0120-061-338",
            nationwide=True,
            area_level="national",
        ),
        "yorisoi": window(
            "よりそいホットライン",
            topics=["suicide-prevention", "consultation"],
            phone_numbers="0120-279-338",
            is_24h=True,
            nationwide=True,
            area_level="national",
        ),
        "inochi": window(
            "いのちの電話",
            topics=["suicide-prevention"],
            phone_numbers="0570-783-556（ナビダイヤル 10:00〜22:00）",
            nationwide=True,
            area_level="national",
        ),
    }
    window("フードバンク", topics=["consultation"], phone_numbers="0269-00-1001")
    return {"die": die, "lonely": lonely, "sleep": sleep, "crisis": crisis}


def page(client, query, language="ja"):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200, query
    return BeautifulSoup(response.content, "html.parser")


def answers(soup):
    return [a.get_text(strip=True) for a in soup.select(".worry-answers__list a")]


def crisis_lines(soup):
    return [h3.get_text(strip=True) for h3 in soup.select(".crisis-lines .card h3")]


def test_a_worry_word_shows_the_crisis_lines_first_even_when_no_page_matches(client, worries):
    soup = page(client, "死にたい")
    assert crisis_lines(soup) == ["よりそいホットライン", "#いのちSOS", "いのちの電話"]
    # each with its number as a call button
    crisis = soup.select_one(".crisis-lines")
    assert crisis.find("a", href="tel:0120061338")
    assert crisis.find("a", href="tel:0120279338")
    assert crisis.find("a", href="tel:05707835565") is None  # the number only, not the hours
    assert crisis.find("a", href="tel:0570783556")
    # the navigator's answer for the worry, linked
    link = soup.select_one(".worry-answers__list a")
    assert link.get_text(strip=True) == "死にたい・消えたい"
    assert link["href"].startswith("/ja/navigator/?worry=want-to-die")
    # above the results, which found nothing
    headings = [h2.get("id") for h2 in soup.find_all("h2")]
    assert headings.index("crisis-heading") < headings.index("results")
    assert "見つかりませんでした" in soup.select_one(".search-results").get_text()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("さみしい", ["ひとりぼっちでさみしい"]),
        ("寂しい", ["ひとりぼっちでさみしい"]),
        ("ｻﾐｼｲ", ["ひとりぼっちでさみしい"]),
        ("サビシイ", ["ひとりぼっちでさみしい"]),
        ("毎日とても寂しいです", ["ひとりぼっちでさみしい"]),
        ("孤独", ["ひとりぼっちでさみしい"]),
        ("眠れない", ["眠れない"]),
        ("ねむれない", []),  # kana and kanji differ: an editor gives both in the keywords
        ("自殺", ["死にたい・消えたい"]),
        ("死にたい　眠れない", ["死にたい・消えたい", "眠れない"]),
        ("死", []),  # one character is in too many phrases to mean a worry
        ("子ども食堂", []),
    ],
)
def test_worry_words_in_kana_kanji_and_any_width(client, worries, typed, expected):
    soup = page(client, typed)
    assert answers(soup) == expected
    urgent = "死にたい・消えたい" in expected
    assert bool(crisis_lines(soup)) == urgent


def test_a_worry_not_urgent_shows_no_crisis_lines(client, worries):
    soup = page(client, "さみしい")
    assert soup.select_one(".worry-answers") and not soup.select_one(".crisis-lines")


def test_another_platforms_worries_are_not_found(client, worries):
    from tests.platforms import OTHER_HOST, other_platform

    other_platform()
    response = client.get("/ja/search/", {"q": "死にたい"}, HTTP_HOST=OTHER_HOST)
    assert response.status_code == 200
    assert not answers(BeautifulSoup(response.content, "html.parser"))


def test_in_english_the_english_words_and_the_japanese_ones_find_the_worry(client, worries):
    en = Locale.objects.get_or_create(language_code="en")[0]
    english = worries["lonely"].copy_for_translation(en)
    english.phrase = "I feel lonely"
    english.keywords = "loneliness, alone"
    english.save()
    assert answers(page(client, "Lonely", "en")) == ["I feel lonely"]
    assert answers(page(client, "寂しい", "en")) == ["I feel lonely"]
    # a worry not translated is shown in Japanese, marked as such
    soup = page(client, "死にたい", "en")
    link = soup.select_one(".worry-answers__list a")
    assert link.get_text(strip=True) == "死にたい・消えたい" and link["lang"] == "ja"
    assert "#いのちSOS" in crisis_lines(soup)
    # a short English word inside a phrase is not a worry
    assert answers(page(client, "fee", "en")) == []


def count(client, query):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/ja/search/", {"q": query}).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_worries_or_windows(client, worries, settings):
    settings.PAGE_CACHE = False
    client.get("/ja/search/")  # the frame, cached once
    before = [count(client, "死にたい"), count(client, "さみしい"), count(client, "公園")]
    assert max(before) <= 14, before
    for number in range(15):
        worry(f"w{number}", f"悩み{number}", topics=["suicide-prevention"], is_urgent=True)
        window(f"窓口{number}", topics=["suicide-prevention"], phone_numbers=f"0269-00-{number}11")
    client.get("/ja/search/")
    assert [count(client, "死にたい"), count(client, "さみしい"), count(client, "公園")] == before


def test_an_english_word_on_the_japanese_site_finds_the_english_pages(client, worries):
    en = Locale.objects.get_or_create(language_code="en")[0]
    salon = ibasho("ふれあいサロン", summary="地区のみなさんのサロン。")
    english = salon.copy_for_translation(en, copy_parents=True)
    english.title = "Salon for lonely people"
    english.summary = "A food drive and tea every week."
    english.save_revision().publish()
    for query in ("lonely", "ＬＯＮＥＬＹ", "food drive"):
        soup = page(client, query)
        found = soup.select("#results-elsewhere + ol .card")
        assert len(found) == 1, query
        link = found[0].find("h3").find("a")
        assert link.get_text() == "Salon for lonely people"
        assert link["lang"] == "en" and link["href"].startswith("/en/")
        assert "English" in found[0].select_one(".card__meta").get_text()
    # a Japanese word finds the Japanese page only
    soup = page(client, "地区のみなさん")
    assert [h3.get_text(strip=True) for h3 in soup.select("#results + ol h3")] == ["ふれあいサロン"]
    assert not soup.select("#results-elsewhere")
