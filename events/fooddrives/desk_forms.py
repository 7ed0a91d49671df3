"""The desk's forms beside food in and out: a correction of the stock, and the name to put on
a receipt. Input is normalised as on every form (「－３」 typed on a Japanese keyboard is -3);
a refusal from the services goes next to its field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.submissions import SubmissionKeyField
from events.fooddrives.forms import StaffFormMixin, StockFormMixin, _date_field, _item_field
from events.fooddrives.models import Receipt, StockCorrection
from events.fooddrives.services import MAX_DELIVERY


class CorrectionForm(StockFormMixin, forms.Form):
    """A correction of one food's stock, with its reason: more (+) or less (-)."""

    show_stock = True
    item = _item_field()
    change = forms.IntegerField(
        label=_("Change"),
        min_value=-MAX_DELIVERY,
        max_value=MAX_DELIVERY,
        help_text=_("More than recorded: a positive number; less (damaged, expired): negative."),
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=StockCorrection.Reason.choices)
    note = forms.CharField(
        label=StockCorrection._meta.get_field("note").verbose_name,
        max_length=200,
        required=False,
    )
    corrected_on = _date_field(_("Corrected on"))
    submission_key = SubmissionKeyField()
    refusal_fields = {
        "wrong_item": "item",
        "bad_change": "change",
        "below_zero": "change",
        "no_reason": "reason",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrected_on"].initial = timezone.localdate()

    def clean_change(self):
        change = self.cleaned_data["change"]
        if change == 0:
            raise forms.ValidationError(_("A correction of 0 changes nothing."))
        return change


class ReceiptForm(StaffFormMixin, forms.Form):
    """The name printed on a receipt issued for the first time: a company's, say."""

    addressee = forms.CharField(
        label=Receipt._meta.get_field("addressee").verbose_name,
        max_length=200,
        required=False,
        help_text=_("E.g. a company's name. Empty: the donor's name as recorded."),
    )
    refusal_fields = {"no_addressee": "addressee"}
