"""Suggested readings (furigana) for Japanese text, from SudachiPy's dictionary.

A suggestion is only that: the editor sees it in place and accepts or corrects it (the ruby
control of the rich text editor, static/tsunagu/js/ruby.js, asks the admin view in
admin_views.py). Words are cut in SudachiPy's middle unit (窓口, 相談, not 相談窓口), which is
the size of word a reader looks up, and each reading covers the kanji only: 食《た》べる,
子《こ》ども, 取《と》り組《く》み, so the kana the word already shows are not repeated above it.
"""

import re
import threading

from sudachipy import Dictionary, SplitMode

from cms.core.ruby import HAS_KANJI, KANJI, MARKUP, to_markup
from cms.core.text import to_hiragana

_lock = threading.Lock()
_tokenizer = None


def tokenizer():
    """SudachiPy's tokenizer, its dictionary loaded once per process and only when asked."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = Dictionary(dict="core").tokenizer()
    return _tokenizer


def readings(text, keep=()):
    """(start, end, reading) for each run of kanji in the text, in code points; none inside
    the ranges of `keep` (start, end), which already carry the editor's ruby."""
    found = []
    for morpheme in tokenizer().tokenize(text, SplitMode.B):
        surface = morpheme.surface()
        if not HAS_KANJI.search(surface):
            continue
        begin, end = morpheme.begin(), morpheme.end()
        if any(begin < kept_end and kept_start < end for kept_start, kept_end in keep):
            continue
        reading = to_hiragana(morpheme.reading_form())
        found += [
            (begin + start, begin + stop, part) for start, stop, part in _align(surface, reading)
        ]
    return found


def annotate(text):
    """Plain text with the ruby markup of ruby.py for every word that has none yet."""
    spans = readings(text, keep=[m.span() for m in MARKUP.finditer(text)])
    out, position = [], 0
    for start, end, reading in spans:
        out += [text[position:start], to_markup(text[start:end], reading)]
        position = end
    return "".join([*out, text[position:]])


_RUNS = re.compile(f"[{KANJI}]+|[^{KANJI}]+")


def _align(surface, reading):
    """The reading of each kanji run of a word, the word's kana matched in its reading
    (取り組み, とりくみ → 取: と, 組: く); the whole word's reading over the whole word when the
    kana do not match (an irregular reading, a number)."""
    runs = [(m.start(), m.end(), m.group()) for m in _RUNS.finditer(surface)]
    pattern = "".join(
        "(.+?)" if HAS_KANJI.match(part) else re.escape(to_hiragana(part)) for _s, _e, part in runs
    )
    match = re.fullmatch(pattern, reading)
    if match is None:
        return [(0, len(surface), reading)] if reading != surface else []
    kanji_runs = [(start, end) for start, end, part in runs if HAS_KANJI.match(part)]
    return [(start, end, match[i + 1]) for i, (start, end) in enumerate(kanji_runs)]


def reading_of(text):
    """The reading of a whole text in hiragana, kana and all (窓口へ → まどぐちへ): what a
    selection of the editor's is suggested to read as."""
    return "".join(to_hiragana(m.reading_form()) for m in tokenizer().tokenize(text, SplitMode.B))
