from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.forms import NormalisedFormMixin
from cms.core.honeypot import PublicFormMixin


class MyPageLinkForm(PublicFormMixin, NormalisedFormMixin, forms.Form):
    """The address to send my page's link to (full-width letters are made half-width)."""

    email = forms.EmailField(
        label=_("E-mail address you signed up with"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
