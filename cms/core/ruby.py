"""Furigana (読み仮名) as ruby: the markup of plain text fields, the rich text feature, and the
text of both where HTML is not wanted.

Plain text fields (titles, short texts) carry readings in the markup Japanese editors know from
Aozora Bunko and novel sites: ｜相談窓口《そうだんまどぐち》, the bar marking where the base starts.
The bar may be left out when the base is a run of kanji just before 《 and the reading is kana:
窓口《まどぐち》 (so that Chinese book titles, 阅读《雪国》, stay as written). The half-width |
counts as the bar (NFKC makes one of the other). Anything else is left as typed.

Rich text keeps ruby as HTML, <ruby>漢字<rt>かんじ</rt></ruby>, made and read back by the Draftail
feature "ruby" (ruby_editor.py).
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# Kanji, with the iteration and abbreviation marks and small ヶ/ヵ (3ヶ所) that read like one.
KANJI = "\u3005\u3006\u303b\u30f5\u30f6\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAS_KANJI = re.compile(f"[{KANJI}]")
KANA = "\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe"
MARKUP = re.compile(
    rf"[|｜](?P<base>[^|｜《》\n]+)《(?P<reading>[^《》\n]+)》"
    rf"|(?P<kanji>[{KANJI}]+)《(?P<kana>[{KANA}]+)》"
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
        yield match["base"] or match["kanji"], match["reading"] or match["kana"]
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


_READINGS = re.compile(r"<(rt|rp)\b[^>]*>.*?</\1>", re.S)


def without_readings(html):
    """Rich text (or anything holding it, JSON of a stream) without its readings, ruby's
    base text kept."""
    return _READINGS.sub("", str(html or ""))
