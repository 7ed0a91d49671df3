"""Words in another language than the page's say which (WCAG 3.1.2), so that a screen reader
reads them in that language rather than spelling Japanese out with an English voice."""

import re

from bs4 import BeautifulSoup

from cms.core.forms import LanguageSelect

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_untranslated_news_on_the_english_home_page_is_marked_japanese(client, shared_demo):
    soup = BeautifulSoup(client.get("/en/").content, "html.parser")
    titles = soup.select(".news-card__title a")
    japanese = [title for title in titles if JAPANESE.search(title.text)]
    assert japanese, "the demo has news in Japanese only"
    assert all(title.get("lang") == "ja" for title in japanese)
    assert all(title.get("lang") is None for title in titles if title not in japanese)


def test_the_kana_index_of_the_english_member_list_is_marked_japanese(client, shared_demo):
    soup = BeautifulSoup(client.get("/en/members/").content, "html.parser")
    assert soup.select_one(".kana-index")["lang"] == "ja"
    rows = soup.select("section[aria-labelledby^=row-] h2")
    assert rows and all(row["lang"] == "ja" for row in rows)


def test_a_choice_of_language_marks_each_option_with_its_own_language():
    html = LanguageSelect(choices=[("ja", "日本語"), ("en", "English")]).render("language", "ja")
    options = BeautifulSoup(html, "html.parser").find_all("option")
    assert [(o["value"], o.get("lang")) for o in options] == [("ja", "ja"), ("en", "en")]
