"""What people type into contact fields, for the forms' fuzz tests, and what a stored contact
record may hold whatever they typed (issue 16): no control or format character (a bidi
override, a zero-width space, a NUL) and a phone number that can be called, in its one
stored form."""

import unicodedata

from hypothesis import strategies as st

from cms.core.text import parse_phone

INVISIBLE = ["\u202e", "\u202d", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff", "\x00"]
INVISIBLE += ["\x1b", "\x7f", "\x85", "\u180e"]
TYPED = ["山田 花子", "ﾔﾏﾀﾞ ﾊﾅｺ", "やまだ はなこ", "090-1234-5678", "０９０ー１２３４ー５６７８"]
TYPED += [
    "+1 415 555 2671",
    "٠٩٠١٢٣٤٥٦٧٨",
    "----------",
    "hanako@example.jp",
    "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ",
]


def typed(max_size=40):
    """Text as typed or pasted: any characters, plausible values, invisible characters."""
    piece = st.one_of(
        st.text(max_size=max_size), st.sampled_from(INVISIBLE), st.sampled_from(TYPED)
    )
    return st.lists(piece, max_size=4).map("".join)


def invisible_in(value):
    return [char for char in value if unicodedata.category(char) in ("Cc", "Cf")]


def assert_clean_contact(*texts, phone=""):
    """The stored name, reading, address…, and the phone number, of one record."""
    for text in texts:
        assert not invisible_in(text), repr(text)
    assert phone == "" or parse_phone(phone) == phone, repr(phone)


def assert_people_clean():
    from cms.people.models import Person

    for person in Person.objects.all():
        assert_clean_contact(person.name, person.name_kana, person.email, phone=person.phone)
