"""Text made comparable for search, and matches found again in the original text to highlight."""

import unicodedata

from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe

from cms.core.text import normalise, to_hiragana


def normalise_for_search(text):
    """ＫＯＤＯＭＯ・ｺﾄﾞﾓ・コドモ → こども-comparable text: NFKC, case-folded, katakana as hiragana,
    spaces collapsed."""
    return to_hiragana(normalise(strip_tags(text or "")).casefold())


def _normalised_with_offsets(text):
    """The text normalised one character at a time, with the original (start, end) of every
    normalised character, so that a match in normalised text maps back to the original.
    A half-width voiced mark (ｺﾞ) joins the character before it, as NFKC does."""
    out, offsets = [], []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char).casefold()
        if piece in _VOICED_MARKS and out:
            joined = unicodedata.normalize("NFC", out[-1] + piece)
            if len(joined) == 1:
                out[-1] = to_hiragana(joined)
                offsets[-1] = (offsets[-1][0], index + 1)
                continue
        piece = to_hiragana(piece)
        if piece.isspace():
            piece = " "
        for normalised_char in piece:
            out.append(normalised_char)
            offsets.append((index, index + 1))
    return "".join(out), offsets


_VOICED_MARKS = {"\u3099", "\u309a"}


def find_spans(text, variants):
    """(start, end) spans in the original text where any of the normalised variants occur."""
    normalised, offsets = _normalised_with_offsets(text)
    spans = []
    for variant in variants:
        start = normalised.find(variant)
        while variant and start != -1:
            end = start + len(variant)
            spans.append((offsets[start][0], offsets[end - 1][1]))
            start = normalised.find(variant, end)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, variants, length=None):
    """The text (or an excerpt of `length` characters around the first match) with matches
    in <mark>, everything else escaped."""
    text = text or ""
    spans = find_spans(text, variants)
    begin, finish = 0, len(text)
    if length and len(text) > length:
        first = spans[0][0] if spans else 0
        begin = max(0, first - length // 3)
        finish = min(len(text), begin + length)
        spans = [(s, e) for s, e in spans if s >= begin and e <= finish]
    parts = ["…" if begin else ""]
    position = begin
    for start, end in spans:
        parts.append(conditional_escape(text[position:start]))
        parts.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        position = end
    parts.append(conditional_escape(text[position:finish]))
    parts.append("…" if finish < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text above is escaped)
