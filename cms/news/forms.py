from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.core.forms import NormalisedFormMixin, PrivacyConsentField
from cms.core.honeypot import PublicFormMixin
from cms.news.models import NewsCategory


class SubscribeForm(PublicFormMixin, NormalisedFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    categories = forms.ModelMultipleChoiceField(
        label=_("What would you like to receive?"),
        queryset=NewsCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose none to receive everything."),
    )
    upcoming_events = forms.BooleanField(label=_("Upcoming events"), required=False)
    agree = PrivacyConsentField(
        label=_("I agree to the privacy notice."),
        error_messages={"required": _("Please agree to the privacy notice.")},
    )

    def __init__(self, *args, platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = NewsCategory.objects.filter(
            platform=platform, locale=Locale.get_active()
        )
