from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.forms import NormalisedFormMixin
from cms.directory.ibasho.models import WEEKDAYS, IbashoPage


class IbashoFilterForm(NormalisedFormMixin, forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *IbashoPage.Kind.choices]
    )
    group = forms.ChoiceField(label=_("For whom"), required=False)
    day = forms.TypedChoiceField(
        label=_("Day of the week"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), *WEEKDAYS],
    )
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    soon = forms.BooleanField(label=_("Open in the next 7 days"), required=False)

    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args, areas=(), groups=(), municipalities=(), **kwargs):
        # No colon after the labels (「無料のみ:」 beside its box), as the site's other forms.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Only a prefecture's platform lists several municipalities' ibasho.
        if municipalities:
            self.fields["municipality"].choices = [("", _("All"))] + [
                (info.slug, info.name()) for info in municipalities
            ]
        else:
            del self.fields["municipality"]
        self.fields["area"].choices = [("", _("Any"))] + [(a, a) for a in areas]
        self.fields["group"].choices = [("", _("Any"))] + [(t.slug, t.name) for t in groups]
