"""The public pledge form: what food, where and when, and how to reach the person. Built per
drive from its wanted items (on the original-language page, which pledges point at)."""

import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.forms import ContactFieldsMixin, LanguageSelect, NormalisedFormMixin
from cms.core.text import normalise
from events.fooddrives.services import MAX_QUANTITY, Line, PledgeError

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]

# Which field a refusal from the services belongs to; the rest go to the top of the form.
FIELD_OF_REFUSAL = {
    "wrong_point": "point",
    "day_outside": "drop_off_on",
    "day_past": "drop_off_on",
    "too_many": "email",
}


def _date_input(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


class PledgeForm(ContactFieldsMixin, NormalisedFormMixin, forms.Form):
    """Pledging food without an account. An item whose target is reached is not offered."""

    point = forms.TypedChoiceField(label=_("Drop-off point"), coerce=int, widget=forms.RadioSelect)
    drop_off_on = forms.DateField(
        label=_("Drop-off day"),
        input_formats=DATE_FORMATS,
        help_text=_("The day you will bring the food, within the collection period."),
    )
    name = forms.CharField(label=_("Your name"), max_length=100)
    name_kana = forms.CharField(
        label=_("Name in kana"),
        max_length=100,
        required=False,
        help_text=_("In hiragana or katakana, e.g. やまだ はなこ"),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the confirmation of your pledge and your private link here."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    language = forms.ChoiceField(
        label=_("Language for messages"),
        choices=settings.LANGUAGES,
        initial="ja",
        widget=LanguageSelect,
    )
    consent = forms.BooleanField(
        label=_("I agree to the privacy notice."),
        error_messages={"required": _("Please agree to the privacy notice to pledge.")},
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, drive, totals, points=None, today=None, **kwargs):
        """drive: the original-language page; totals: services.item_totals(drive); points:
        its drop-off points, when the caller has them already."""
        super().__init__(*args, **kwargs)
        self.drive = drive
        self.totals = totals
        today = today or timezone.localdate()
        self.items = {}
        item_fields = {}
        for row in totals:
            item = row.item
            key = f"item_{item.pk}"
            # A bound form keeps an item that was reached while the visitor was typing, so
            # that its amount is refused with a message rather than silently dropped.
            if item.pk is None:
                continue  # typed in the admin and shown in its preview, not saved yet
            if row.reached and not (self.is_bound and self._typed(key)):
                continue
            self.items[item.pk] = item
            item_fields[key] = self.quantity_field(row)
            item_fields[f"best_before_{item.pk}"] = self.best_before_field(item, drive, today)
        points = list(drive.points.all()) if points is None else points
        self.points = {point.pk: point for point in points}
        self.fields["point"].choices = [(p.pk, self.point_label(p)) for p in points if p.pk]
        if len(points) == 1:
            self.fields["point"].initial = points[0].pk
        first_day = max(drive.collection_starts_on, today)
        self.fields["drop_off_on"].widget = _date_input(
            min=first_day.isoformat(), max=drive.collection_ends_on.isoformat()
        )
        if first_day == drive.collection_ends_on:
            self.fields["drop_off_on"].initial = first_day
        self.fields["submission_key"].initial = secrets.token_urlsafe(24)
        self.fields = {**item_fields, **self.fields}

    def _typed(self, key):
        return normalise(self.data.get(self.add_prefix(key), "")) not in ("", "0")

    @staticmethod
    def quantity_field(row):
        item = row.item
        help_parts = [item.note] if item.note else []
        if row.left is not None:
            help_parts.append(
                _("Up to %(left)s %(unit)s more are wanted.")
                % {"left": row.left, "unit": item.unit}
            )
        return forms.IntegerField(
            label=_("%(item)s (%(unit)s)") % {"item": item.name, "unit": item.unit},
            min_value=0,
            max_value=MAX_QUANTITY,
            required=False,
            initial=0,
            help_text=" ".join(str(part) for part in help_parts),
            # Text, not a number input: full-width digits typed on a Japanese keyboard are
            # accepted here and normalised on the server.
            widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        )

    @staticmethod
    def best_before_field(item, drive, today):
        earliest = max(drive.collection_starts_on, today) + timedelta(
            days=drive.min_days_to_best_before
        )
        return forms.DateField(
            label=_("Best-before date of “%(item)s”") % {"item": item.name},
            required=False,
            input_formats=DATE_FORMATS,
            help_text=_(
                "Optional (the earliest, if several): at least %(days)s days after the "
                "drop-off day."
            )
            % {"days": drive.min_days_to_best_before},
            widget=_date_input(min=earliest.isoformat()),
        )

    @staticmethod
    def point_label(point):
        parts = [point.name, point.address, point.hours]
        return " / ".join(part for part in parts if part)

    def clean(self):
        data = super().clean()
        lines = []
        for pk, item in self.items.items():
            quantity = data.get(f"item_{pk}") or 0
            best_before = data.get(f"best_before_{pk}")
            if quantity:
                lines.append(Line(item, quantity, best_before))
            elif best_before:
                self.add_error(
                    f"best_before_{pk}",
                    _("Give the quantity of “%(item)s” too, or leave its date empty.")
                    % {"item": item.name},
                )
        quantities_valid = not any(f"item_{pk}" in self.errors for pk in self.items)
        if not lines and quantities_valid:
            raise forms.ValidationError(PledgeError("no_lines").message)
        self.lines = lines
        return data

    def pledge_arguments(self):
        """What the visitor typed, as the keyword arguments of services.pledge."""
        data = self.cleaned_data
        return {
            "point": self.points[data["point"]],
            "drop_off_on": data["drop_off_on"],
            "lines": self.lines,
            "name": data["name"],
            "name_kana": data["name_kana"],
            "email": data["email"],
            "phone": data["phone"],
            "language": data["language"],
            "submission_key": data["submission_key"],
        }

    def add_refusal(self, error):
        """Show a PledgeError next to the field it is about (an item's quantity or date, the
        point, the day, the address) or at the top of the form."""
        field = FIELD_OF_REFUSAL.get(error.reason)
        if error.reason in ("target_reached", "best_before"):
            prefix = "item" if error.reason == "target_reached" else "best_before"
            name = error.params.get("item")
            field = next(
                (f"{prefix}_{pk}" for pk, item in self.items.items() if item.name == name), None
            )
        self.add_error(field, error.message)
