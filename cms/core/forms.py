import re

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cms.core import languages
from cms.core.honeypot import HONEYPOT, PublicFormMixin
from cms.core.text import (
    clean_text,
    normalise_email,
    normalise_multiline,
    parse_phone,
    strip_invisible,
    to_hiragana,
)

KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb ー]+$")


class LanguageSelect(forms.Select):
    """A choice among settings.LANGUAGES, whose names are written in their own language: each
    option says which language it is in ("English" on a Japanese page), so that a screen
    reader reads it in that language (WCAG 3.1.2, language of parts)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class MessageLanguageField(forms.ChoiceField):
    """The language a person's mails and PDFs are written in: one of the languages the
    platform offers (cms.core.languages, read when the form is shown and checked), the page's
    own chosen at first, so that nobody who fills a form in English is written to in Japanese
    unasked."""

    widget = LanguageSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Language for messages"))
        super().__init__(choices=languages.choices, initial=translation.get_language, **kwargs)


class TelInput(forms.TextInput):
    """A phone number field: a phone shows its dial pad and offers the number it knows."""

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "tel", "inputmode": "tel", **(attrs or {})})


class PrivacyConsentField(forms.BooleanField):
    """The box "I agree to the privacy notice": the form's template links the platform's
    notice beside it (templates/core/includes/form_fields.html)."""

    privacy_notice = True


class NormalisedFormMixin:
    """Normalise what is typed into a form (NFKC, spaces) before validation, so that
    full-width input validates and is stored in one form: text, and numbers and dates too
    (１２, ２０２６／０４／０１ on a Japanese keyboard); the visitor sees the normalised value
    if the form comes back with errors. Control and format characters (a bidi override that
    shows a name backwards, a zero-width space) go, in every field: nobody types them."""

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
                    clean = clean_text
                cleaned = [clean(strip_invisible(v)) if isinstance(v, str) else v for v in values]
                if hasattr(data, "setlist"):
                    data.setlist(key, cleaned)
                else:
                    data[key] = cleaned[0]
            self.data = data
        return super().full_clean()


class ContactFieldsMixin:
    """How contact details are checked: kana stored as hiragana, phone numbers typed in any
    width checked as Japanese or international numbers and kept in one form
    (`cms.core.text.parse_phone`)."""

    def clean_name_kana(self):
        kana = self.cleaned_data["name_kana"]
        if kana and not KANA.match(kana):
            raise forms.ValidationError(_("Write the reading in hiragana or katakana."))
        return to_hiragana(kana)

    def clean_phone(self):
        typed = self.cleaned_data["phone"]
        if not typed:
            return ""
        phone = parse_phone(typed)
        if phone is None:
            raise forms.ValidationError(
                _(
                    "Enter a phone number that can be called: a Japanese one such as "
                    "090-1234-5678, or one from abroad beginning with + and the country code."
                )
            )
        return phone


class ContactForm(PublicFormMixin, ContactFieldsMixin, NormalisedFormMixin, forms.Form):
    """Every form that takes a person's contact details, public or staff: the name, its
    reading, the e-mail address and the phone number, declared and checked once.

    A visitor gives the details in `required_contact`; staff (`staff=True`, or a form only
    staff use: `staff_only`) type what someone told them on the phone or at the counter, so
    only the name is needed. `help_texts` says, per form, what an address or number is for."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    name_kana = forms.CharField(
        label=_("Name in kana"),
        max_length=100,
        required=False,
        help_text=_("In hiragana or katakana, e.g. やまだ はなこ"),
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False, widget=TelInput)

    #: Which of name_kana, email and phone a visitor must give.
    required_contact = ("email",)
    #: Help under a contact field, by field name, for what this form uses it for.
    help_texts = {}
    staff_only = False

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff or self.staff_only
        for name in ("name_kana", "email", "phone"):
            self.fields[name].required = name in self.required_contact and not self.staff
        for name, help_text in self.help_texts.items():
            self.fields[name].help_text = help_text
        if self.staff:
            self.fields["name"].label = _("Name")
            del self.fields[HONEYPOT]
