import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.text import (
    normalise,
    normalise_email,
    normalise_multiline,
    normalise_phone,
    to_hiragana,
)

KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb ー]+$")
PHONE = re.compile(r"^\+?[\d-]{10,15}$")


class LanguageSelect(forms.Select):
    """A choice among settings.LANGUAGES, whose names are written in their own language: each
    option says which language it is in ("English" on a Japanese page), so that a screen
    reader reads it in that language (WCAG 3.1.2, language of parts)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class NormalisedFormMixin:
    """Normalise what is typed into a form (NFKC, spaces) before validation, so that
    full-width input validates and is stored in one form: text, and numbers and dates too
    (１２, ２０２６／０４／０１ on a Japanese keyboard); the visitor sees the normalised value
    if the form comes back with errors."""

    def full_clean(self):
        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if key not in data or isinstance(field, forms.FileField):
                    continue
                values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
                if isinstance(field, forms.EmailField):
                    clean = normalise_email
                elif isinstance(field.widget, forms.Textarea):
                    clean = normalise_multiline
                else:
                    clean = normalise
                cleaned = [clean(v) if isinstance(v, str) else v for v in values]
                if hasattr(data, "setlist"):
                    data.setlist(key, cleaned)
                else:
                    data[key] = cleaned[0]
            self.data = data
        return super().full_clean()


class ContactFieldsMixin:
    """How every form that takes a person's contact details (public or staff) checks the
    reading of the name and the phone number: kana stored as hiragana, phone numbers typed in
    any width kept as digits and hyphens."""

    def clean_name_kana(self):
        kana = self.cleaned_data["name_kana"]
        if kana and not KANA.match(kana):
            raise forms.ValidationError(_("Write the reading in hiragana or katakana."))
        return to_hiragana(kana)

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a phone number with 10 or 11 digits."))
        return phone
