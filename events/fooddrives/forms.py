"""The forms of food drives: the public pledge form, and the staff's forms (the pledge list's
filters, the drop-off desk's, a pledge taken by phone). Built per drive from its wanted items
(on the original-language page, which pledges point at). Input is normalised as on every
form of the site (「１２」 typed on a Japanese keyboard is 12), and a refusal from the services
is put next to the field it is about (`RefusalMixin`, `cms.core.errors.attach`)."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.core.errors import attach
from cms.core.forms import (
    ContactForm,
    MessageLanguageField,
    NormalisedFormMixin,
    PrivacyConsentField,
)
from cms.core.submissions import SubmissionKeyField
from cms.core.text import normalise
from cms.directory.models import MemberOrganisationPage
from events.fooddrives.models import Distribution, Intake, Pledge
from events.fooddrives.queries import item_totals
from events.fooddrives.services import MAX_DELIVERY, MAX_QUANTITY, Line, PledgeError

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]


def day_label(day):
    """「12/8(火)」"""
    return gettext("%(month)s/%(day)s (%(weekday)s)") % {
        "month": day.month,
        "day": day.day,
        "weekday": WEEKDAYS_ABBR[day.weekday()],
    }


def _date_input(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def _date_field(label, **kwargs):
    return forms.DateField(label=label, input_formats=DATE_FORMATS, widget=_date_input(), **kwargs)


class RefusalMixin:
    """Puts a PledgeError next to the field it is about (`refusal_fields`, or the item's own
    field for a refusal about one item), or at the top of the form."""

    #: The form field each refusal is about.
    refusal_fields = {}
    #: The prefix of an item's quantity field, for a target reached ("target_reached").
    quantity_prefix = "quantity"

    def add_refusal(self, error):
        field = None
        if error.code in ("target_reached", "over_limit", "best_before"):
            prefix = "best_before" if error.code == "best_before" else self.quantity_prefix
            name = error.params.get("item")
            field = next(
                (f"{prefix}_{item.pk}" for item in self.wanted_items() if item.name == name),
                None,
            )
        attach(self, error, field)

    def wanted_items(self):
        return []


class PledgeForm(RefusalMixin, ContactForm):
    """Pledging food without an account. An item whose target is reached is not offered."""

    field_order = ["point", "drop_off_on"]
    help_texts = {"email": _("We send the confirmation of your pledge and your private link here.")}

    point = forms.TypedChoiceField(label=_("Drop-off point"), coerce=int, widget=forms.RadioSelect)
    drop_off_on = forms.DateField(
        label=_("Drop-off day"),
        input_formats=DATE_FORMATS,
        help_text=_(
            "The day you will bring the food, within the collection period, on a day the "
            "drop-off point is open."
        ),
    )
    language = MessageLanguageField()
    consent = PrivacyConsentField(
        label=_("I agree to the privacy notice."),
        error_messages={"required": _("Please agree to the privacy notice to pledge.")},
    )
    submission_key = SubmissionKeyField()

    refusal_fields = {
        "wrong_point": "point",
        "day_outside": "drop_off_on",
        "day_past": "drop_off_on",
        "point_closed": "drop_off_on",
        "point_closed_date": "drop_off_on",
        "point_closed_today": "drop_off_on",
        "too_many": "email",
    }
    quantity_prefix = "item"

    def __init__(self, *args, drive, totals, points=None, today=None, **kwargs):
        """drive: the original-language page; totals: queries.item_totals(drive); points:
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
            item_fields[key] = self.quantity_field(row, drive.max_per_item)
            item_fields[f"best_before_{item.pk}"] = self.best_before_field(item, drive, today)
        points = list(drive.points.all()) if points is None else points
        self.points = {point.pk: point for point in points}
        self.fields["point"].choices = [(p.pk, self.point_label(p, today)) for p in points if p.pk]
        if len(points) == 1:
            self.fields["point"].initial = points[0].pk
        first_day = max(drive.collection_starts_on, today)
        self.fields["drop_off_on"].widget = _date_input(
            min=first_day.isoformat(), max=drive.collection_ends_on.isoformat()
        )
        if first_day == drive.collection_ends_on:
            self.fields["drop_off_on"].initial = first_day
        self.fields = {**item_fields, **self.fields}

    def _typed(self, key):
        return normalise(self.data.get(self.add_prefix(key), "")) not in ("", "0")

    @staticmethod
    def quantity_field(row, most):
        item = row.item
        help_parts = [item.note] if item.note else []
        if row.left is not None:
            help_parts.append(
                _("Up to %(left)s %(unit)s more are wanted.")
                % {"left": row.left, "unit": item.unit}
            )
        help_parts.append(
            _("At most %(most)s %(unit)s in one pledge.") % {"most": most, "unit": item.unit}
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

    def point_label(self, point, today):
        """Its name, address and openings; for a point with openings or closed dates, its
        next open days (the day field is a date input: this says which days it takes)."""
        parts = [point.name, point.address, point.opening_hours]
        if point.open_weekdays or point.closed_dates:
            first = max(self.drive.collection_starts_on, today)
            days = [
                day
                for day in point.open_days(first, self.drive.collection_ends_on, limit=6)
                if not point.has_closed_on(day, timezone.now())
            ][:5]
            parts.append(
                gettext("next open days: %(days)s") % {"days": ", ".join(map(day_label, days))}
                if days
                else gettext("no open day left in the collection period")
            )
        return " / ".join(str(part) for part in parts if part)

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

    def wanted_items(self):
        return self.items.values()


# Staff forms ---------------------------------------------------------------------------------


class StaffFormMixin(RefusalMixin, NormalisedFormMixin):
    """Staff type on a Japanese keyboard too; refusals go next to their field."""


class PledgeFilterForm(StaffFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Pledge.Status.choices],
        required=False,
    )
    day = _date_field(_("Drop-off day"), required=False)
    point = forms.TypedChoiceField(
        label=_("Drop-off point"), coerce=int, required=False, empty_value=None
    )
    q = forms.CharField(label=_("Name, kana or phone"), max_length=100, required=False)

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [
            ("", gettext("All")),
            *((point.pk, point.name) for point in drive.points.all()),
        ]


class ReceiveForm(StaffFormMixin, forms.Form):
    """What came of each pledged line, prefilled with the pledged amounts."""

    received_on = _date_field(_("Received on"))

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(pledge.lines.all())
        self.fields["received_on"].initial = timezone.localdate()
        for line in self.lines:
            help_text = gettext("Pledged: %(quantity)s %(unit)s") % {
                "quantity": line.quantity,
                "unit": line.item.unit,
            }
            if line.best_before:
                help_text += " · " + gettext("best before %(date)s") % {
                    "date": line.best_before.isoformat()
                }
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.item.name} ({line.item.unit})",
                min_value=0,
                max_value=MAX_QUANTITY,
                initial=line.quantity,
                help_text=help_text,
            )

    def quantities(self):
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class StockFormMixin(StaffFormMixin):
    """A movement of one food at the desk: which food (with its stock, for a hand-over) and
    how much."""

    show_stock = False

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in drive.items.all()}
        self.fields["item"].choices = [
            (totals.item.pk, self.item_label(totals)) for totals in item_totals(drive)
        ]

    def item_label(self, totals):
        item = totals.item
        if not self.show_stock:
            return f"{item.name} ({item.unit})"
        return gettext("%(item)s (%(unit)s), in stock: %(stock)s") % {
            "item": item.name,
            "unit": item.unit,
            "stock": totals.stock,
        }


def _item_field():
    return forms.TypedChoiceField(label=_("Food"), coerce=int)


def _quantity_field():
    return forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_DELIVERY)


class IntakeForm(StockFormMixin, forms.Form):
    """Food that came without a pledge: a collection box, a company's delivery."""

    item = _item_field()
    quantity = _quantity_field()
    donor = forms.CharField(
        label=Intake._meta.get_field("donor").verbose_name,
        max_length=200,
        required=False,
        help_text=Intake._meta.get_field("donor").help_text,
    )
    received_on = _date_field(_("Received on"))
    submission_key = SubmissionKeyField()
    refusal_fields = {"wrong_item": "item", "bad_quantity": "quantity"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class HandOverForm(StockFormMixin, forms.Form):
    """Food that goes out: to a member organisation, or to another organisation by name."""

    show_stock = True
    item = _item_field()
    quantity = _quantity_field()
    recipient = forms.ModelChoiceField(
        label=_("Member organisation"),
        queryset=MemberOrganisationPage.objects.none(),
        required=False,
    )
    recipient_name = forms.CharField(
        label=_("Or another organisation"),
        max_length=200,
        required=False,
        help_text=Distribution._meta.get_field("recipient_name").help_text,
    )
    distributed_on = _date_field(_("Handed over on"))
    submission_key = SubmissionKeyField()
    refusal_fields = {
        "wrong_item": "item",
        "bad_quantity": "quantity",
        "not_enough_stock": "quantity",
        "no_recipient": "recipient_name",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = MemberOrganisationPage.objects.filter(
            locale=Locale.get_default()
        ).order_by("title")
        self.fields["distributed_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("recipient") and data.get("recipient_name"):
            self.add_error(
                "recipient_name",
                gettext("Choose a member organisation or type the name of another one, not both."),
            )
        elif not data.get("recipient") and not data.get("recipient_name"):
            attach(self, PledgeError("no_recipient"))
        return data


class StaffPledgeForm(RefusalMixin, ContactForm):
    """A pledge someone made by phone or at the counter: e-mail optional (no mail without
    one), and possible after pledging closed."""

    staff_only = True
    field_order = ["point", "drop_off_on", "name", "name_kana", "phone"]
    help_texts = {"email": _("Optional: the confirmation and the private link go here.")}

    point = forms.TypedChoiceField(label=_("Drop-off point"), coerce=int)
    drop_off_on = _date_field(_("Drop-off day"))
    language = forms.ChoiceField(
        label=_("Language for messages"), choices=settings.LANGUAGES, initial="ja"
    )
    submission_key = SubmissionKeyField()
    override_reason = forms.CharField(
        label=_("More than the most per pledge, because"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep to the drive's most of one kind of food per pledge."),
    )
    refusal_fields = {
        "wrong_point": "point",
        "day_outside": "drop_off_on",
        "day_past": "drop_off_on",
        "point_closed": "drop_off_on",
        "point_closed_date": "drop_off_on",
        "point_closed_today": "drop_off_on",
    }

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = {point.pk: point for point in drive.points.all()}
        self.fields["point"].choices = [(pk, point.name) for pk, point in self.points.items()]
        self.items = []
        for total in item_totals(drive):
            item = total.item
            help_text = ""
            if total.reached:
                help_text = gettext("The target is reached: no more can be pledged.")
            elif total.left is not None:
                help_text = gettext("%(left)s %(unit)s more can be pledged.") % {
                    "left": total.left,
                    "unit": item.unit,
                }
            self.fields[f"quantity_{item.pk}"] = forms.IntegerField(
                label=f"{item.name} ({item.unit})",
                min_value=1,
                max_value=MAX_QUANTITY,
                required=False,
                help_text=help_text,
            )
            self.fields[f"best_before_{item.pk}"] = _date_field(
                gettext("“%(item)s”: best before") % {"item": item.name}, required=False
            )
            self.items.append(item)

    def wanted_items(self):
        return self.items

    def item_fields(self):
        return [
            (self[f"quantity_{item.pk}"], self[f"best_before_{item.pk}"]) for item in self.items
        ]

    def details(self):
        """What staff typed, as the keyword arguments of services.pledge."""
        data = self.cleaned_data
        return {
            "point": self.points[data["point"]],
            "drop_off_on": data["drop_off_on"],
            "lines": [
                Line(item, data[f"quantity_{item.pk}"], data[f"best_before_{item.pk}"])
                for item in self.items
                if data.get(f"quantity_{item.pk}")
            ],
            "name": data["name"],
            "name_kana": data["name_kana"],
            "phone": data["phone"],
            "email": data["email"],
            "language": data["language"],
            "submission_key": data["submission_key"],
            "override_reason": data["override_reason"],
        }
