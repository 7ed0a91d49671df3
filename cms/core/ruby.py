"""Furigana (読み仮名) as ruby: the markup of plain text fields, the rich text feature, and the
text of both where HTML is not wanted.

Plain text fields (titles, short texts) carry readings in the markup Japanese editors know from
Aozora Bunko and novel sites: ｜相談窓口《そうだんまどぐち》, the bar marking where the base starts.
The bar may be left out when the base is a run of kanji just before 《: 窓口《まどぐち》. The
half-width | counts as the bar (NFKC makes one of the other). Anything else is left as typed.

Rich text keeps ruby as HTML, <ruby>漢字<rt>かんじ</rt></ruby>, made and read back by the Draftail
feature "ruby" (a RUBY entity whose data is the reading, registered in wagtail_hooks.py).
"""

import re

from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineEntityElementHandler

# Kanji, with the iteration and abbreviation marks and small ヶ/ヵ (3ヶ所) that read like one.
KANJI = "\u3005\u3006\u303b\u30f5\u30f6\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAS_KANJI = re.compile(f"[{KANJI}]")
MARKUP = re.compile(
    rf"(?:[|｜](?P<base>[^|｜《》\n]+)|(?P<kanji>[{KANJI}]+))《(?P<reading>[^《》\n]+)》"
)

HELP_TEXT = _(
    "For a reading (furigana), write ｜漢字《かんじ》; the ｜ may be left out when the word is all kanji."
)


def parts(text):
    """The text as (base, reading) pairs in order; reading is None for text without one."""
    text = str(text or "")
    position = 0
    for match in MARKUP.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], None
        yield match["base"] or match["kanji"], match["reading"]
        position = match.end()
    if position < len(text):
        yield text[position:], None


def to_html(text):
    """The text escaped, its readings as <ruby> with <rp> brackets for readers that show no
    ruby (and for copying: 窓口(まどぐち))."""
    return mark_safe(  # noqa: S308 (every part is escaped)
        "".join(
            format_html("<ruby>{}<rp>(</rp><rt>{}</rt><rp>)</rp></ruby>", base, reading)
            if reading
            else escape(base)
            for base, reading in parts(text)
        )
    )


def to_text(text):
    """The text without its readings: for <title>, meta tags, mail, calendars and search."""
    return "".join(base for base, _reading in parts(text))


def to_markup(base, reading):
    return f"｜{base}《{reading}》"


def html_to_text(html):
    """Rich text as plain text without its readings (strip_tags would run 窓口まどぐち together)."""
    return strip_tags(re.sub(r"<(rt|rp)\b[^>]*>.*?</\1>", "", str(html or ""), flags=re.S))


# Draftail: from the database's HTML to the editor's content and back.

ENTITY_TYPE = "RUBY"


class RubyElementHandler(InlineEntityElementHandler):
    """<ruby>: a RUBY entity over its base text; its <rt> fills the entity's reading."""

    mutability = "MUTABLE"

    def handle_starttag(self, name, attrs, state, contentstate):
        super().handle_starttag(name, attrs, state, contentstate)
        state.ruby_entity = contentstate.entity_map[state.current_entity_ranges[-1].key]

    def get_attribute_data(self, attrs):
        return {"reading": ""}


class ReadingElementHandler:
    """<rt> (the reading) and <rp> (its brackets): not text of the block, whose characters are
    the base's only; the reading goes to the entity of the <ruby> around it."""

    def handle_starttag(self, name, attrs, state, contentstate):
        state.ruby_text_start = len(state.current_block.text) if state.current_block else 0

    def handle_endtag(self, name, state, contentstate):
        block = state.current_block
        if block is None:
            return
        text = block.text[state.ruby_text_start :]
        block.text = block.text[: state.ruby_text_start]
        entity = getattr(state, "ruby_entity", None)
        if name == "rt" and entity is not None and state.current_entity_ranges:
            entity.data["reading"] += text.strip()


def ruby_decorator(props):
    """The RUBY entity as stored HTML."""
    return DOM.create_element(
        "ruby", {}, props["children"], DOM.create_element("rt", {}, props.get("reading", ""))
    )


CONVERTER_RULE = {
    "from_database_format": {
        "ruby": RubyElementHandler(ENTITY_TYPE),
        "rt": ReadingElementHandler(),
        "rp": ReadingElementHandler(),
    },
    "to_database_format": {"entity_decorators": {ENTITY_TYPE: ruby_decorator}},
}
