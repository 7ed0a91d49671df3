import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.core.forms import NormalisedFormMixin, PrivacyConsentField
from cms.core.honeypot import PublicFormMixin
from cms.core.models import Topic
from cms.directory.members.kana import normalise_kana
from cms.directory.members.models import MemberOrganisationPage

_KANA = re.compile(r"^[\u3041-\u309f\u30fc ・　]+$")


class MembershipApplicationForm(PublicFormMixin, NormalisedFormMixin, forms.Form):
    """参画申込: what the secretariat needs to decide, and no more. The only person in it is
    the contact person."""

    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200)
    organisation_name_kana = forms.CharField(
        label=_("Organisation name in kana"),
        max_length=200,
        help_text=_("The reading in hiragana or katakana, e.g. いいやまこどもしょくどうのかい."),
    )
    organisation_type = forms.ChoiceField(
        label=_("Organisation type"),
        choices=[("", "---------"), *MemberOrganisationPage.OrganisationType.choices],
    )
    representative_role = forms.CharField(
        label=_("Representative's role"),
        max_length=100,
        help_text=_("The role only, e.g. 理事長 or 会長; no name is needed."),
    )
    contact_name = forms.CharField(label=_("Contact person's name"), max_length=100)
    contact_name_kana = forms.CharField(
        label=_("Contact person's name in kana"), max_length=100, required=False
    )
    contact_email = forms.EmailField(label=_("Contact person's e-mail"), max_length=254)
    topics = forms.ModelMultipleChoiceField(
        label=_("Fields and target groups"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("What your organisation does"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Up to 400 characters."),
    )
    agree = PrivacyConsentField(
        label=_("I agree to the platform's rules and its privacy notice."),
        error_messages={"required": _("Please agree to the rules and the privacy notice.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(locale=Locale.get_active())

    def clean_organisation_name_kana(self):
        value = normalise_kana(self.cleaned_data["organisation_name_kana"])
        if not _KANA.match(value):
            raise forms.ValidationError(_("Please write the reading in hiragana or katakana."))
        return value

    def clean_contact_name_kana(self):
        value = normalise_kana(self.cleaned_data["contact_name_kana"])
        if value and not _KANA.match(value):
            raise forms.ValidationError(_("Please write the reading in hiragana or katakana."))
        return value
