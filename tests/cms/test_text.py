import datetime
import unicodedata

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from cms.core.forms import ContactFieldsMixin, NormalisedFormMixin
from cms.core.text import (
    clean_text,
    normalise,
    normalise_email,
    normalise_phone,
    parse_phone,
    strip_invisible,
    to_hiragana,
)


def test_full_width_letters_digits_and_spaces_become_half_width():
    assert normalise("　ｔａｒｏ　１２３　") == "taro 123"
    assert normalise("ｶﾀｶﾅ") == "カタカナ"


def test_a_full_width_email_address_is_usable():
    assert normalise_email("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ") == "taro@example.jp"
    assert normalise_email(" Taro@Example.JP ") == "Taro@example.jp"


def test_phone_numbers_keep_digits_and_hyphens():
    assert normalise_phone("０２６９ー２２ー３１１１") == "0269-22-3111"
    assert normalise_phone("(0269) 22 3111") == "0269223111"


def test_katakana_and_hiragana_compare_equal():
    assert to_hiragana("コドモ") == "こども"


@given(st.text())
def test_normalise_is_idempotent(value):
    assert normalise(normalise(value)) == normalise(value)


class ExampleForm(NormalisedFormMixin, forms.Form):
    name = forms.CharField(max_length=20)
    email = forms.EmailField()
    note = forms.CharField(widget=forms.Textarea, required=False)


def test_a_form_validates_full_width_input_and_returns_it_normalised():
    form = ExampleForm(
        data={
            "name": "山田　太郎",
            "email": "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
            "note": "１行目\r\n２行目",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "name": "山田 太郎",
        "email": "taro@example.jp",
        "note": "1行目\n2行目",
    }


def test_a_form_with_errors_keeps_what_was_typed_normalised():
    form = ExampleForm(data={"name": "山田", "email": "ｔａｒｏ＠"})
    assert not form.is_valid()
    assert "email" in form.errors
    assert form["name"].value() == "山田"
    assert form["email"].value() == "taro@"


class NumbersAndContactForm(ContactFieldsMixin, NormalisedFormMixin, forms.Form):
    quantity = forms.IntegerField()
    day = forms.DateField(input_formats=["%Y-%m-%d", "%Y/%m/%d"])
    topics = forms.MultipleChoiceField(choices=[("a", "a"), ("b", "b")], required=False)
    name_kana = forms.CharField(required=False)
    phone = forms.CharField(required=False)


def test_numbers_dates_kana_and_phones_typed_in_full_width_are_understood():
    form = NumbersAndContactForm(
        data={
            "quantity": "１２",
            "day": "２０２６／０４／０１",
            "topics": ["a", "b"],
            "name_kana": "ヤマダ　ハナコ",
            "phone": "０２６９ー２２ー３１１１",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "quantity": 12,
        "day": datetime.date(2026, 4, 1),
        "topics": ["a", "b"],
        "name_kana": "やまだ はなこ",
        "phone": "0269-22-3111",
    }


def test_a_reading_in_letters_and_a_short_phone_number_are_refused_with_their_reason():
    form = NumbersAndContactForm(
        data={"quantity": "1", "day": "2026-04-01", "name_kana": "yamada", "phone": "123"}
    )
    assert not form.is_valid()
    assert set(form.errors) == {"name_kana", "phone"}


def test_phone_numbers_are_stored_in_one_form_japanese_or_international():
    for typed in ("09012345678", "０９０ー１２３４ー５６７８", "090 1234 5678", "+81 90-1234-5678"):
        assert parse_phone(typed) == "090-1234-5678"
    assert parse_phone("(0269) 22 3111") == "0269-22-3111"
    assert parse_phone("+1 (415) 555-2671") == "+1 415-555-2671"


def test_what_cannot_be_called_is_no_phone_number():
    for junk in ("----------", "٠٩٠١٢٣٤٥٦٧٨", "123", "090-0000-0000", "+0 12", "9" * 40, "", None):
        assert parse_phone(junk) is None, junk


def test_bidi_overrides_zero_width_and_control_characters_leave_names():
    assert clean_text("\u202e山田\u200b 花子\u200d\x00\x1b") == "山田 花子"
    assert strip_invisible("行1\n行2\t\ufeff") == "行1\n行2\t"


@given(st.text())
def test_a_cleaned_text_holds_no_control_or_format_character(value):
    cleaned = clean_text(value)
    assert not [c for c in cleaned if unicodedata.category(c) in ("Cc", "Cf")]
    assert clean_text(cleaned) == cleaned


def test_a_form_drops_invisible_characters_from_every_field_and_refuses_junk_phones():
    form = NumbersAndContactForm(
        data={"quantity": "1", "day": "2026-04-01", "name_kana": "\u202eやまだ", "phone": "-" * 10}
    )
    assert not form.is_valid()
    assert set(form.errors) == {"phone"}
    assert form["name_kana"].value() == "やまだ"
    assert form["phone"].value() == "-" * 10
