from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.core.forms import (
    ContactForm,
    MessageLanguageField,
    NormalisedFormMixin,
    PrivacyConsentField,
)
from cms.core.honeypot import PublicFormMixin
from cms.core.params import parse_int
from volunteers.models import Role, Volunteer, translated


class OptionalIdField(forms.Field):
    """A hidden id carried from a link: a tampered value is dropped, never an error that the
    visitor cannot see or fix."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return parse_int(value)


class VolunteerForm(ContactForm):
    """Signing up as a volunteer, without a password: who you are, how to reach you, and what
    you can bring."""

    required_contact = ("name_kana", "email", "phone")
    help_texts = {
        "email": _("We send a confirmation and the link to your volunteer page here."),
        "phone": _("So that the coordinator can reach you on the day."),
    }
    language = MessageLanguageField()
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=Volunteer.Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    skills = forms.MultipleChoiceField(
        label=_("What you can bring"),
        choices=Volunteer.Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = PrivacyConsentField(
        label=_("I agree to the privacy notice."),
        error_messages={"required": _("Please agree to the privacy notice to sign up.")},
    )
    # Joined from an opportunity's kiosk page: the confirmation leads on to its shifts.
    opportunity = OptionalIdField()

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, staff=staff, **kwargs)
        if staff:
            del self.fields["consent"]
            del self.fields["opportunity"]


class LinkRequestForm(PublicFormMixin, NormalisedFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)


class ShiftFilterForm(NormalisedFormMixin, forms.Form):
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput({"type": "date"})
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    role = forms.TypedChoiceField(label=_("Role"), coerce=int, required=False, empty_value=None)
    needs = forms.BooleanField(label=_("Only shifts that need people"), required=False)
    # The shifts of one opportunity, where a mail from its kiosk page leads.
    opportunity = OptionalIdField()

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All")), *roles]

    @property
    def filters(self):
        """What to filter by (`queries.filter_shifts`): nothing while the form is invalid."""
        return self.cleaned_data if self.is_valid() else {}


def shift_filter_form(params, platforms):
    """The shift list's filter form (the roles of `platforms`: the request's), and {role pk:
    role in the visitor's language}."""
    roles = list(
        Role.objects.filter(platform__in=platforms, locale=Locale.get_default()).order_by("name")
    )
    role_names = translated(Role, roles)
    choices = [(r.pk, role_names[r.pk].name) for r in roles]
    return ShiftFilterForm(params or None, roles=choices), role_names
