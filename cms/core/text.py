"""Normalising what the public types: full-width letters and digits, odd spaces, kana,
invisible characters, phone numbers."""

import re
import unicodedata

import phonenumbers

_SPACES = re.compile(r"\s+")
_KATAKANA = {chr(code): chr(code - 0x60) for code in range(0x30A1, 0x30F7)}
_HIRAGANA = {chr(code): chr(code + 0x60) for code in range(0x3041, 0x3097)}


def strip_invisible(value):
    """Without control characters (Unicode category Cc: NUL, escape…, line breaks and tabs
    kept for `normalise` to make spaces of) and format characters (Cf: the bidi overrides that
    show a name backwards, zero-width spaces and joiners, the BOM), which nobody types on
    purpose into a name or a number and which make two equal names differ."""
    if value is None:
        return None
    return "".join(
        char
        for char in str(value)
        if char in "\t\n\r" or unicodedata.category(char) not in ("Cc", "Cf")
    )


def clean_text(value):
    """A one-line text a person gives (a name, a reading, an organisation): without invisible
    characters, NFKC, spaces collapsed. None stays None."""
    return normalise(strip_invisible(value))


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


_DIALABLE = re.compile(r"\+?[0-9][0-9-]{1,29}")


def parse_phone(value):
    """A phone number in the one form it is stored, shown and exported in: a Japanese number
    in the national format staff dial and write (0269-22-3111, 090-1234-5678), another
    country's in the international format (+1 415-555-2671). None when it is no number that
    can be called in Japan or abroad (----------, 123, digits of another script)."""
    text = normalise_phone(value)
    if not text or not _DIALABLE.fullmatch(text):
        return None
    try:
        number = phonenumbers.parse(text, "JP")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    japanese = number.country_code == phonenumbers.country_code_for_region("JP")
    style = phonenumbers.PhoneNumberFormat.NATIONAL if japanese else None
    return phonenumbers.format_number(number, style or phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def to_hiragana(value):
    """Katakana to hiragana, so that コドモ and こども compare equal."""
    return (value or "").translate(str.maketrans(_KATAKANA))


def to_katakana(value):
    return (value or "").translate(str.maketrans(_HIRAGANA))
