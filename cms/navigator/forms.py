from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.forms import NormalisedFormMixin


class NavigatorForm(NormalisedFormMixin, forms.Form):
    """The guided finder's questions, all optional: sent by GET, so the answers live only in the
    address the visitor can bookmark or share, never on our side."""

    who = forms.ChoiceField(
        label=_("Who is worried?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("self", _("Myself")), ("family", _("My family")), ("friend", _("A friend"))],
    )
    age = forms.ChoiceField(
        label=_("Age of the person who is worried"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("child", _("Child (up to 15)")),
            ("young", _("Young person (16–29)")),
            ("adult", _("Adult (30–64)")),
            ("older", _("Older person (65 and over)")),
        ],
    )
    worry = forms.MultipleChoiceField(
        label=_("What is on your mind?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ChoiceField(label=_("Where do you live?"), required=False)
    channel = forms.ChoiceField(
        label=_("How would you like to talk?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", _("Any way")),
            ("phone", _("Phone")),
            ("line", _("LINE")),
            ("chat", _("Chat")),
            ("mail", _("E-mail")),
            ("visit", _("In person")),
        ],
    )

    def __init__(self, *args, worries=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worry"].choices = [(w.slug, w.phrase) for w in worries]
        self.fields["area"].choices = [("", _("Anywhere"))] + [(a, a) for a in areas]
