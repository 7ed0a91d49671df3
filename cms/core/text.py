"""Normalising what the public types: full-width letters and digits, odd spaces, kana."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_KATAKANA = {chr(code): chr(code - 0x60) for code in range(0x30A1, 0x30F7)}
_HIRAGANA = {chr(code): chr(code + 0x60) for code in range(0x3041, 0x3097)}


def normalise(value):
    """NFKC (ｔａｒｏ１２３ → taro123, ｶﾀｶﾅ → カタカナ, the ideographic space → a space), spaces
    collapsed and trimmed. None stays None."""
    if value is None:
        return None
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", str(value))).strip()


def normalise_multiline(value):
    """NFKC per line, keeping line breaks (for addresses and longer answers)."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def normalise_email(value):
    """An e-mail address as typed on a Japanese keyboard (ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ), made
    comparable: NFKC, no spaces, the domain in lower case."""
    value = normalise(value)
    if not value:
        return value
    value = value.replace(" ", "")
    local, at, domain = value.rpartition("@")
    return f"{local}{at}{domain.lower()}" if at else value


def normalise_phone(value):
    """Digits, and the hyphens people write, from a phone number typed in any width."""
    value = normalise(value)
    if not value:
        return value
    value = re.sub(r"[‐‑‒–—―−ーｰ]", "-", value)
    return re.sub(r"[^\d+\-]", "", value)


def to_hiragana(value):
    """Katakana to hiragana, so that コドモ and こども compare equal."""
    return (value or "").translate(str.maketrans(_KATAKANA))


def to_katakana(value):
    return (value or "").translate(str.maketrans(_HIRAGANA))
