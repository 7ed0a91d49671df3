"""The 五十音 rows (あ行, か行…) that member organisations are grouped under by their reading."""

import unicodedata

from cms.core.text import normalise, to_hiragana

ROWS = [
    ("あ", "あいうえおぁぃぅぇぉゔ"),
    ("か", "かきくけこゕゖ"),
    ("さ", "さしすせそ"),
    ("た", "たちつてとっ"),
    ("な", "なにぬねの"),
    ("は", "はひふへほ"),
    ("ま", "まみむめも"),
    ("や", "やゆよゃゅょ"),
    ("ら", "らりるれろ"),
    ("わ", "わゐゑをんゎ"),
]
OTHER = "他"
LABELS = [row for row, _ in ROWS]
_ROW_OF = {kana: row for row, kanas in ROWS for kana in kanas}


def normalise_kana(value):
    """A reading as stored: NFKC (half-width カナ to full width) and in hiragana."""
    return to_hiragana(normalise(value) or "")


def kana_row(reading):
    """The row a reading is listed under: が → か, ぱ → は, ア → あ; anything else → 他."""
    reading = normalise_kana(reading)
    if not reading:
        return OTHER
    base = unicodedata.normalize("NFD", reading[0])[0]
    return _ROW_OF.get(base, OTHER)
