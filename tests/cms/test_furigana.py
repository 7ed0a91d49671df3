"""Furigana: the ruby markup of plain fields (cms/core/ruby.py), ruby in rich text and through
wagtail-localize's segments, readings suggested by SudachiPy (cms/core/furigana.py) and the
visitor's choice to show or hide them (cms/core/preferences.py)."""

import html
import json
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import strip_tags
from hypothesis import given
from hypothesis import strategies as st
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Locale
from wagtail_localize.strings import extract_strings, restore_strings

from cms.core import furigana, ruby
from cms.core.models import PlatformSettings
from cms.core.pagecache import HEADER
from cms.home.models import StandardPage
from cms.home.services import ensure_site
from tests.pagecache import warm

# Text with everything the markup and HTML care about, and kanji to read.
MARKUP_ALPHABET = st.sampled_from(list("｜|《》<>&\"'\n 窓口相談ひらがなカナabc々"))
ANY_TEXT = st.text(alphabet=st.one_of(MARKUP_ALPHABET, st.characters()), max_size=60)


class Tags(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


# The markup of plain fields and the `ruby` filter.


def test_the_markup_becomes_ruby_with_fallback_brackets():
    assert ruby.to_html("｜相談窓口《そうだんまどぐち》へ") == (
        "<ruby>相談窓口<rp>(</rp><rt>そうだんまどぐち</rt><rp>)</rp></ruby>へ"
    )
    assert ruby.to_html("相談できる窓口《まどぐち》") == (
        "相談できる<ruby>窓口<rp>(</rp><rt>まどぐち</rt><rp>)</rp></ruby>"
    )
    assert ruby.to_text("｜相談窓口《そうだんまどぐち》へ、窓口《まどぐち》") == "相談窓口へ、窓口"


def test_what_is_not_the_markup_stays_as_typed_and_escaped():
    # Chinese book titles: without the bar, the reading must be kana.
    assert ruby.to_html("阅读《雪国》") == "阅读《雪国》"
    assert ruby.to_html("漢字《カンジ》") == "<ruby>漢字<rp>(</rp><rt>カンジ</rt><rp>)</rp></ruby>"
    assert ruby.to_html("A | B《C》") == "A <ruby> B<rp>(</rp><rt>C</rt><rp>)</rp></ruby>"
    assert ruby.to_html("A | B") == "A | B"
    assert ruby.to_html("<b>《》") == "&lt;b&gt;《》"
    assert ruby.to_html('｜<i>《"x"》') == (
        "<ruby>&lt;i&gt;<rp>(</rp><rt>&quot;x&quot;</rt><rp>)</rp></ruby>"
    )


@given(ANY_TEXT)
def test_any_text_renders_as_escaped_html_with_ruby_tags_only(text):
    rendered = ruby.to_html(text)
    assert set(Tags(rendered).tags) <= {"ruby", "rt", "rp"}
    # Without the readings, the HTML says the same as the text without the markup.
    assert html.unescape(strip_tags(ruby.without_readings(rendered))) == ruby.to_text(text)


@given(st.text(min_size=1, max_size=20).filter(lambda t: not set(t) & set("|｜《》\n")))
def test_stripping_gives_the_base_text(base):
    assert ruby.to_text(ruby.to_markup(base, "よみ")) == base
    assert ruby.to_text(base) == base


def test_titles_show_ruby_in_the_page_and_plain_text_in_the_head(client, db):
    page = StandardPage(title="｜相談窓口《そうだんまどぐち》のご案内", slug="windows", summary="")
    ensure_site().add_child(instance=page)
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    assert (
        "<h1><ruby>相談窓口<rp>(</rp><rt>そうだんまどぐち</rt><rp>)</rp></ruby>のご案内</h1>"
        in content
    )
    assert "<title>相談窓口のご案内 |" in content
    assert 'property="og:title" content="相談窓口のご案内"' in content


def test_the_title_field_documents_the_markup(db):
    def panels(panel):
        yield panel
        for child in getattr(panel, "children", ()):
            yield from panels(child)

    handler = StandardPage.get_edit_handler()
    title = next(p for p in panels(handler) if getattr(p, "field_name", None) == "title")
    assert "｜漢字《かんじ》" in str(title.help_text)


# Ruby in rich text.

PARAGRAPH = '<p data-block-key="a1">相談できる<ruby>窓口<rt>まどぐち</rt></ruby>へ <b>ぜひ</b></p>'


def test_the_editor_reads_ruby_as_an_entity_and_saves_it_back():
    converter = ContentstateConverter(features=["bold", "link", "ruby"])
    state = json.loads(converter.from_database_format(PARAGRAPH))
    block = state["blocks"][0]
    assert block["text"] == "相談できる窓口へ ぜひ"  # the reading is not text to edit
    assert block["entityRanges"] == [{"key": 0, "offset": 5, "length": 2}]
    assert state["entityMap"]["0"]["data"] == {"reading": "まどぐち"}
    assert converter.to_database_format(json.dumps(state)) == PARAGRAPH


def test_ruby_with_fallback_brackets_is_read_without_them():
    converter = ContentstateConverter(features=["ruby"])
    state = converter.from_database_format(
        "<p>x<ruby>窓口<rp>(</rp><rt>まどぐち</rt><rp>)</rp></ruby>y</p>"
    )
    assert "x<ruby>窓口<rt>まどぐち</rt></ruby>y</p>" in converter.to_database_format(state)


def test_ruby_in_a_page_body_reaches_the_visitor(client, db):
    page = StandardPage(title="ご案内", slug="guide", summary="")
    page.body = [("paragraph", PARAGRAPH)]
    ensure_site().add_child(instance=page)
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    assert "相談できる<ruby>窓口<rt>まどぐち</rt></ruby>へ" in content


def test_a_translator_gets_the_sentence_with_its_ruby_as_one_segment():
    template, strings = extract_strings(PARAGRAPH)
    assert [string.data for string, _attrs in strings] == [
        "相談できる<ruby>窓口<rt>まどぐち</rt></ruby>へ <b>ぜひ</b>"
    ]
    assert restore_strings(template, strings) == PARAGRAPH


def test_search_and_calendars_have_the_words_without_their_readings(db):
    from cms.core import ical
    from cms.search.services import search
    from tests.cms.navigator.factories import ibasho, ja

    both = "<p><ruby>相談<rt>そうだん</rt></ruby><ruby>窓口<rt>まどぐち</rt></ruby>です</p>"
    ibasho("｜秋津《あきつ》サロン", description=both)
    page = StandardPage(title="ご案内", slug="guide", summary="", body=[("paragraph", both)])
    ensure_site().add_child(instance=page)
    page.save_revision().publish()
    entries, _variants = search("秋津サロン", ja())
    assert [entry.title for entry in entries] == ["秋津サロン"]
    entries, _variants = search("相談窓口", ja())
    assert {entry.title for entry in entries} == {"秋津サロン", "ご案内"}
    occurrence = ical.Occurrence(uid="u", start=None, end=None, summary="｜秋津《あきつ》サロン")
    assert occurrence.summary == "秋津サロン"


def test_mail_and_pdf_show_the_words_without_the_markup(
    client, db, django_capture_on_commit_callbacks
):
    from django.core import mail

    from cms.core.pdf import Document
    from tests.events.conftest import make_event
    from tests.events.test_registration_views import form_data

    event = make_event(title="｜秋津《あきつ》の集い")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, form_data(event))
    message = mail.outbox[0]
    assert "秋津の集い" in message.subject
    assert "秋津の集い" in message.body
    assert "《" not in message.subject + message.body

    document = Document("｜秋津《あきつ》サロン")
    assert document.title == "秋津サロン"
    assert document.normalize_text("｜秋津《あきつ》の会") == "秋津の会"


# Suggested readings.


def test_readings_are_suggested_for_the_words_with_kanji():
    assert furigana.readings("相談できる窓口") == [(0, 2, "そうだん"), (5, 7, "まどぐち")]
    assert furigana.annotate("相談できる窓口") == "｜相談《そうだん》できる｜窓口《まどぐち》"


def test_a_reading_covers_the_kanji_not_the_kana_the_word_shows():
    assert furigana.annotate("食べる子ども") == "｜食《た》べる｜子《こ》ども"
    assert furigana.annotate("取り組み") == "｜取《と》り｜組《く》み"


def test_text_without_kanji_is_left_alone():
    assert furigana.readings("ひらがなと カタカナ、abc 123") == []
    assert furigana.annotate("ひらがなと カタカナ") == "ひらがなと カタカナ"


def test_the_editors_own_ruby_is_kept():
    assert (
        furigana.annotate("｜相談《そうだんX》できる窓口")
        == "｜相談《そうだんX》できる｜窓口《まどぐち》"
    )
    assert furigana.readings("相談できる窓口", keep=[(0, 2)]) == [(5, 7, "まどぐち")]


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.jp", "pw")


def suggest(client, texts):
    return client.post(
        "/admin/furigana/suggestions/", {"texts": texts}, content_type="application/json"
    )


def test_the_editor_control_gets_readings_in_the_editors_offsets(client, editor):
    client.force_login(editor)
    response = suggest(client, [{"text": "😀相談できる窓口", "keep": [[2, 4]]}, {"text": "窓口へ"}])
    assert response.status_code == 200
    first, second = response.json()["results"]
    # JavaScript counts the emoji as two: the word after it starts at 7, as the editor has it.
    assert first["spans"] == [[7, 9, "まどぐち"]]
    assert second == {
        "reading": "まどぐちへ",
        "spans": [[0, 2, "まどぐち"]],
        "markup": "｜窓口《まどぐち》へ",
    }


def test_readings_are_for_staff_and_bounded(client, editor):
    assert suggest(client, [{"text": "窓口"}]).status_code == 302  # to the login
    client.force_login(editor)
    assert suggest(client, [{"text": "窓" * 50_001}]).status_code == 400
    assert (
        client.post(
            "/admin/furigana/suggestions/", "{", content_type="application/json"
        ).status_code
        == 400
    )


# The visitor's choice.


@pytest.fixture
def easy_page(db):
    """A page in やさしい日本語 with furigana in its title."""
    easy, _ = Locale.objects.get_or_create(language_code="ja-x-easy")
    home = ensure_site()
    PlatformSettings.objects.update_or_create(
        site=home.get_site(), defaults={"languages": ["ja", "en", "ja-x-easy"]}
    )
    page = StandardPage(title="｜窓口《まどぐち》", slug="guide", summary="")
    home.add_child(instance=page)
    page.save_revision().publish()
    easy_home = home.copy_for_translation(easy)
    easy_home.slug = "home-easy"
    easy_home.save_revision().publish()
    translated = page.copy_for_translation(easy)
    translated.save_revision().publish()
    return translated


def toggle(client, value, next_url, **headers):
    return client.post("/ja/_preferences/furigana/", {"value": value, "next": next_url}, **headers)


def test_furigana_are_shown_until_the_visitor_turns_them_off(client, easy_page):
    url = easy_page.url
    assert url.startswith("/ja-x-easy/")
    content = client.get(url).content.decode()
    assert 'class="furigana-on"' in content
    assert 'name="value" value="off"' in content
    response = toggle(client, "off", url)
    assert response.status_code == 303
    assert response["Location"] == url
    assert response.cookies["tsunagu_furigana"].value == "off"
    assert response.cookies["tsunagu_furigana"]["httponly"]
    content = client.get(url).content.decode()
    assert 'class="furigana-off"' in content
    assert 'name="value" value="on"' in content


def test_the_toggle_is_offered_on_japanese_pages_only(client, easy_page):
    ensure_site()
    assert "preference--furigana" in client.get("/ja/").content.decode()
    assert "preference--furigana" not in client.get("/en/").content.decode()


def test_one_visitors_choice_is_not_served_to_another(client, easy_page):
    url = easy_page.url
    warm(client, url)
    hides = type(client)()
    hides.cookies["tsunagu_furigana"] = "off"
    first = hides.get(url)
    assert first[HEADER] == "miss"
    assert 'class="furigana-off"' in first.content.decode()
    assert 'class="furigana-off"' in warm(hides, url).content.decode()
    assert 'class="furigana-on"' in client.get(url).content.decode()
    # A cookie of no known value is the default, and the default's entry.
    odd = type(client)()
    odd.cookies["tsunagu_furigana"] = "sideways"
    assert odd.get(url)[HEADER] == "hit"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_the_toggle_only_goes_back_to_this_site(client, db, next_url):
    assert toggle(client, "off", next_url)["Location"] == "/ja/"


def test_the_toggle_refuses_other_values_other_sites_and_gets(client, db):
    assert toggle(client, "sideways", "/ja/").status_code == 400
    # sent without a button: back to the page, nothing changed
    unchosen = client.post("/ja/_preferences/furigana/", {"next": "/ja/about/"})
    assert unchosen.status_code == 303 and unchosen["Location"] == "/ja/about/"
    assert "tsunagu_furigana" not in unchosen.cookies
    assert client.post("/ja/_preferences/nothing/", {"value": "on"}).status_code == 400
    assert toggle(client, "off", "/ja/", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert client.get("/ja/_preferences/furigana/").status_code == 405
