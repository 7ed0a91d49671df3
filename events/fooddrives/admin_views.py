"""Staff views of a food drive in the Wagtail admin: where each item stands, the pledges
(filter, find, export), the drop-off desk (receive a pledge, record food that came without
one, hand food over) and pledges taken by phone; the yearly report.

Whoever may edit a drive's page may manage it; members' and trainers' accounts may not. Every
change goes through `events.fooddrives.services`, so the desk cannot overshoot a target or
hand over food that is not in stock; a refusal comes back as an error on the form, with what
was typed kept."""

import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from cms.core.exports import export_response, yearly_table_download, yearly_table_page
from cms.core.forms import ContactFieldsMixin, NormalisedFormMixin
from cms.core.text import normalise, to_hiragana
from cms.directory.models import MemberOrganisationPage
from events.fooddrives import reports, services
from events.fooddrives.models import (
    Distribution,
    FoodDriveIndexPage,
    FoodDrivePage,
    Intake,
    Pledge,
    PledgeExportLog,
    PledgeLine,
)

PER_PAGE = 100
RECENT = 20
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]


def _drive_for(request, drive_id):
    """The drive's original-language page (pledges and stock belong to it), if the user may
    edit the page they asked for."""
    drive = get_object_or_404(FoodDrivePage, pk=drive_id).source
    if not drive.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return drive


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class StaffFormMixin(NormalisedFormMixin):
    """Input normalised as on the public forms (staff type 「１２」 on a Japanese keyboard too),
    and refusals from the services put next to the field they are about."""

    #: The form field a PledgeError is about (the message names it either way).
    error_fields = {}

    def add_pledge_error(self, error):
        field = self.error_fields.get(error.reason)
        self.add_error(field if field in self.fields else None, error.message)


def _next_url(request, drive):
    """Back to the pledge list as the desk left it (its filters), never to another site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return _list_url(drive)


def _list_url(drive):
    return reverse("fooddrives_admin:drive", args=[drive.pk])


# The drive: where each item stands, and the pledges ----------------------------------------


class PledgeFilterForm(StaffFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All")), *Pledge.Status.choices],
        required=False,
    )
    day = _date_field(gettext_lazy("Drop-off day"), required=False)
    point = forms.TypedChoiceField(
        label=gettext_lazy("Drop-off point"), coerce=int, required=False, empty_value=None
    )
    q = forms.CharField(label=gettext_lazy("Name, kana or phone"), max_length=100, required=False)

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [
            ("", _("All")),
            *((point.pk, point.name) for point in drive.points.all()),
        ]


def _lines():
    return Prefetch(
        "lines",
        queryset=PledgeLine.objects.select_related("item").order_by("item__sort_order", "pk"),
    )


def _pledges(drive, filters=None):
    """The drive's pledges with the person, point and lines: three queries however many."""
    pledges = (
        Pledge.objects.filter(drive=drive)
        .select_related("person", "point")
        .prefetch_related(_lines())
        .order_by("drop_off_on", "point__sort_order", "created_at", "pk")
    )
    filters = filters or {}
    if filters.get("status"):
        pledges = pledges.filter(status=filters["status"])
    if filters.get("day"):
        pledges = pledges.filter(drop_off_on=filters["day"])
    if filters.get("point"):
        pledges = pledges.filter(point_id=filters["point"])
    query = normalise(filters.get("q") or "")
    if query:
        pledges = pledges.filter(
            Q(person__name__icontains=query)
            | Q(person__name_kana__icontains=to_hiragana(query))
            | Q(person__phone__icontains=query)
            | Q(person__email__icontains=query)
        )
    return pledges


def drive_view(request, drive_id):
    drive = _drive_for(request, drive_id)
    form = PledgeFilterForm(request.GET or None, drive=drive)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(_pledges(drive, filters), PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "fooddrives/admin/drive.html",
        {
            "drive": drive,
            "totals": services.item_totals(drive),
            "form": form,
            "pledges": page,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "intakes": Intake.objects.filter(drive=drive)
            .select_related("item", "pledge")
            .order_by("-received_on", "-pk")[:RECENT],
            "distributions": Distribution.objects.filter(drive=drive)
            .select_related("item", "recipient")
            .order_by("-distributed_on", "-pk")[:RECENT],
            "state": drive.pledge_state(),
        },
    )


# The drop-off desk ---------------------------------------------------------------------------


class ReceiveForm(StaffFormMixin, forms.Form):
    """What came of each pledged line, prefilled with the pledged amounts."""

    received_on = _date_field(gettext_lazy("Received on"))

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(pledge.lines.all())
        self.fields["received_on"].initial = timezone.localdate()
        for line in self.lines:
            help_text = _("Pledged: %(quantity)s %(unit)s") % {
                "quantity": line.quantity,
                "unit": line.item.unit,
            }
            if line.best_before:
                help_text += " · " + _("best before %(date)s") % {
                    "date": line.best_before.isoformat()
                }
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.item.name} ({line.item.unit})",
                min_value=0,
                max_value=services.MAX_QUANTITY,
                initial=line.quantity,
                help_text=help_text,
            )

    def quantities(self):
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


def receive(request, drive_id, pledge_id):
    """The person brought their food: record what came, line by line (0: not brought)."""
    drive = _drive_for(request, drive_id)
    pledge = get_object_or_404(
        Pledge.objects.select_related("person", "point").prefetch_related(_lines()),
        pk=pledge_id,
        drive=drive,
    )
    form = ReceiveForm(request.POST or None, pledge=pledge)
    if request.method == "POST" and form.is_valid():
        if pledge.status == Pledge.Status.RECEIVED:
            messages.info(request, _("This pledge was already received; nothing changed."))
            return redirect(_next_url(request, drive))
        try:
            pledge = services.receive_pledge(
                pledge,
                form.quantities(),
                staff_user=request.user,
                received_on=form.cleaned_data["received_on"],
            )
        except services.PledgeError as error:
            form.add_pledge_error(error)
        else:
            if pledge.status == Pledge.Status.RECEIVED:
                messages.success(
                    request,
                    _("The food of %(name)s is received.") % {"name": pledge.person.name},
                )
            else:
                messages.warning(
                    request,
                    _("Nothing was received: the pledge of %(name)s is marked as not brought.")
                    % {"name": pledge.person.name},
                )
            return redirect(_next_url(request, drive))
    return TemplateResponse(
        request,
        "fooddrives/admin/receive.html",
        {"drive": drive, "pledge": pledge, "form": form, "next": _next_url(request, drive)},
    )


@require_POST
def cancel(request, drive_id, pledge_id):
    """The person called to say they will not bring it: their pledge frees its part of the
    target, and they get the same mail as when they cancel themselves."""
    drive = _drive_for(request, drive_id)
    pledge = get_object_or_404(Pledge.objects.select_related("person"), pk=pledge_id, drive=drive)
    try:
        services.cancel_pledge(pledge)
    except services.PledgeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The pledge of %(name)s is cancelled.") % {"name": pledge.person.name}
        )
    return redirect(_next_url(request, drive))


def _item_choices(drive, totals=None, *, stock=False):
    totals = totals if totals is not None else services.item_totals(drive)
    if not stock:
        return [(t.item.pk, f"{t.item.name} ({t.item.unit})") for t in totals]
    return [
        (
            t.item.pk,
            _("%(item)s (%(unit)s), in stock: %(stock)s")
            % {"item": t.item.name, "unit": t.item.unit, "stock": t.stock},
        )
        for t in totals
    ]


class IntakeForm(StaffFormMixin, forms.Form):
    """Food that came without a pledge: a collection box, a company's delivery."""

    item = forms.TypedChoiceField(label=gettext_lazy("Food"), coerce=int)
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), min_value=1, max_value=services.MAX_QUANTITY * 10
    )
    donor = forms.CharField(
        label=Intake._meta.get_field("donor").verbose_name,
        max_length=200,
        required=False,
        help_text=Intake._meta.get_field("donor").help_text,
    )
    received_on = _date_field(gettext_lazy("Received on"))
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    error_fields = {"wrong_item": "item", "bad_quantity": "quantity"}

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = secrets.token_urlsafe(24)
        self.items = {item.pk: item for item in drive.items.all()}
        self.fields["item"].choices = _item_choices(drive, services.item_totals(drive))
        self.fields["received_on"].initial = timezone.localdate()


def record_intake(request, drive_id):
    drive = _drive_for(request, drive_id)
    form = IntakeForm(request.POST or None, drive=drive)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intake = services.record_intake(
                drive,
                item=form.items[data["item"]],
                quantity=data["quantity"],
                donor=data["donor"],
                received_on=data["received_on"],
                staff_user=request.user,
                submission_key=data["submission_key"],
            )
        except services.PledgeError as error:
            form.add_pledge_error(error)
        else:
            messages.success(
                request,
                _("Recorded: %(quantity)s %(unit)s of “%(item)s” received.")
                % {"quantity": intake.quantity, "unit": intake.item.unit, "item": intake.item},
            )
            return redirect(_next_url(request, drive))
    return TemplateResponse(
        request,
        "fooddrives/admin/form.html",
        {
            "drive": drive,
            "form": form,
            "title": _("Food received without a pledge"),
            "submit": _("Record"),
            "next": _next_url(request, drive),
        },
    )


class HandOverForm(StaffFormMixin, forms.Form):
    """Food that goes out: to a member organisation, or to another organisation by name."""

    item = forms.TypedChoiceField(label=gettext_lazy("Food"), coerce=int)
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), min_value=1, max_value=services.MAX_QUANTITY * 10
    )
    recipient = forms.ModelChoiceField(
        label=gettext_lazy("Member organisation"),
        queryset=MemberOrganisationPage.objects.none(),
        required=False,
    )
    recipient_name = forms.CharField(
        label=gettext_lazy("Or another organisation"),
        max_length=200,
        required=False,
        help_text=Distribution._meta.get_field("recipient_name").help_text,
    )
    distributed_on = _date_field(gettext_lazy("Handed over on"))
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    error_fields = {
        "wrong_item": "item",
        "bad_quantity": "quantity",
        "not_enough_stock": "quantity",
        "no_recipient": "recipient_name",
    }

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = secrets.token_urlsafe(24)
        self.items = {item.pk: item for item in drive.items.all()}
        self.fields["item"].choices = _item_choices(drive, services.item_totals(drive), stock=True)
        self.fields["recipient"].queryset = MemberOrganisationPage.objects.filter(
            locale=Locale.get_default()
        ).order_by("title")
        self.fields["distributed_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("recipient") and data.get("recipient_name"):
            self.add_error(
                "recipient_name",
                _("Choose a member organisation or type the name of another one, not both."),
            )
        elif not data.get("recipient") and not data.get("recipient_name"):
            self.add_error("recipient_name", services.PledgeError("no_recipient").message)
        return data


def hand_over(request, drive_id):
    drive = _drive_for(request, drive_id)
    form = HandOverForm(request.POST or None, drive=drive)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            distribution = services.distribute(
                drive,
                item=form.items[data["item"]],
                quantity=data["quantity"],
                recipient=data["recipient"],
                recipient_name=data["recipient_name"],
                distributed_on=data["distributed_on"],
                staff_user=request.user,
                submission_key=data["submission_key"],
            )
        except services.PledgeError as error:
            form.add_pledge_error(error)
        else:
            messages.success(
                request,
                _("Recorded: %(quantity)s %(unit)s of “%(item)s” handed over to %(recipient)s.")
                % {
                    "quantity": distribution.quantity,
                    "unit": distribution.item.unit,
                    "item": distribution.item,
                    "recipient": distribution.recipient_label,
                },
            )
            return redirect(_next_url(request, drive))
    return TemplateResponse(
        request,
        "fooddrives/admin/form.html",
        {
            "drive": drive,
            "form": form,
            "title": _("Hand food over"),
            "submit": _("Record the hand-over"),
            "next": _next_url(request, drive),
        },
    )


# A pledge taken by phone -------------------------------------------------------------------


class StaffPledgeForm(ContactFieldsMixin, StaffFormMixin, forms.Form):
    """A pledge someone made by phone or at the counter: e-mail optional (no mail without
    one), and possible after pledging closed."""

    point = forms.TypedChoiceField(label=gettext_lazy("Drop-off point"), coerce=int)
    drop_off_on = _date_field(gettext_lazy("Drop-off day"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    name_kana = forms.CharField(label=gettext_lazy("Name in kana"), max_length=100, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        required=False,
        help_text=gettext_lazy("Optional: the confirmation and the private link go here."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language for messages"), choices=settings.LANGUAGES, initial="ja"
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    error_fields = {
        "wrong_point": "point",
        "day_outside": "drop_off_on",
        "day_past": "drop_off_on",
    }

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = {point.pk: point for point in drive.points.all()}
        self.fields["point"].choices = [(pk, point.name) for pk, point in self.points.items()]
        self.fields["submission_key"].initial = secrets.token_urlsafe(24)
        self.items = []
        for total in services.item_totals(drive):
            item = total.item
            help_text = ""
            if total.reached:
                help_text = _("The target is reached: no more can be pledged.")
            elif total.left is not None:
                help_text = _("%(left)s %(unit)s more can be pledged.") % {
                    "left": total.left,
                    "unit": item.unit,
                }
            self.fields[f"quantity_{item.pk}"] = forms.IntegerField(
                label=f"{item.name} ({item.unit})",
                min_value=1,
                max_value=services.MAX_QUANTITY,
                required=False,
                help_text=help_text,
            )
            self.fields[f"best_before_{item.pk}"] = _date_field(
                _("“%(item)s”: best before") % {"item": item.name}, required=False
            )
            self.items.append(item)

    def item_fields(self):
        return [
            (self[f"quantity_{item.pk}"], self[f"best_before_{item.pk}"]) for item in self.items
        ]

    def details(self):
        data = self.cleaned_data
        return {
            "point": self.points[data["point"]],
            "drop_off_on": data["drop_off_on"],
            "lines": [
                services.Line(item, data[f"quantity_{item.pk}"], data[f"best_before_{item.pk}"])
                for item in self.items
                if data.get(f"quantity_{item.pk}")
            ],
            "name": data["name"],
            "name_kana": data["name_kana"],
            "phone": data["phone"],
            "email": data["email"],
            "language": data["language"],
            "submission_key": data["submission_key"],
        }

    def add_pledge_error(self, error):
        if error.reason in ("target_reached", "best_before"):
            for item in self.items:
                if item.name == error.params.get("item"):
                    field = "quantity" if error.reason == "target_reached" else "best_before"
                    self.add_error(f"{field}_{item.pk}", error.message)
                    return
        super().add_pledge_error(error)


def add_pledge(request, drive_id):
    drive = _drive_for(request, drive_id)
    form = StaffPledgeForm(request.POST or None, drive=drive)
    if request.method == "POST" and form.is_valid():
        try:
            pledge, created = services.pledge(drive, **form.details(), staff_user=request.user)
        except services.PledgeError as error:
            form.add_pledge_error(error)
        else:
            if created:
                messages.success(
                    request, _("The pledge of %(name)s is recorded.") % {"name": pledge.person.name}
                )
            else:
                messages.warning(request, _("This pledge was already recorded."))
            return redirect(_next_url(request, drive))
    return TemplateResponse(
        request,
        "fooddrives/admin/add_pledge.html",
        {"drive": drive, "form": form, "next": _next_url(request, drive)},
    )


# Exports -------------------------------------------------------------------------------------

PLEDGE_COLUMNS = [
    (gettext_lazy("Status"), lambda p: p.get_status_display()),
    (gettext_lazy("Name"), lambda p: p.person.name),
    (gettext_lazy("Name in kana"), lambda p: p.person.name_kana),
    (gettext_lazy("Phone"), lambda p: p.person.phone),
    (gettext_lazy("E-mail"), lambda p: p.person.email),
    (gettext_lazy("Drop-off point"), lambda p: p.point.name),
    (gettext_lazy("Drop-off day"), lambda p: p.drop_off_on),
    (gettext_lazy("Date of the pledge"), lambda p: p.created_at),
    (gettext_lazy("Taken by staff"), lambda p: p.created_by_id is not None),
]


def pledge_export(request, drive_id, file_format):
    """The pledges, one column per wanted item, as CSV or Excel. Each export is logged:
    names and phone numbers leave the system."""
    drive = _drive_for(request, drive_id)
    items = list(drive.items.all())
    pledges = list(_pledges(drive))
    rows = []
    for pledge in pledges:
        lines = {line.item_id: line for line in pledge.lines.all()}
        row = [get(pledge) for _label, get in PLEDGE_COLUMNS]
        row += [lines[item.pk].quantity if item.pk in lines else None for item in items]
        row.append(
            "、".join(
                f"{line.item.name} {line.best_before.isoformat()}"
                for line in lines.values()
                if line.best_before
            )
        )
        rows.append(row)
    PledgeExportLog.objects.create(drive=drive, user=request.user, rows=len(rows))
    header = [label for label, _get in PLEDGE_COLUMNS]
    header += [f"{item.name} ({item.unit})" for item in items]
    header.append(_("Best before"))
    return export_response(header, rows, f"pledges-{drive.pk}", file_format, title=drive.title)


def stock_export(request, drive_id, file_format):
    """Food in and out, line by line: amounts and organisations only, no person's name (a
    pledge's intake says "pledge"), so the export is not logged."""
    drive = _drive_for(request, drive_id)
    header = [
        _("Date"),
        _("Movement"),
        _("Food"),
        _("Quantity"),
        _("Unit"),
        _("From or to"),
    ]
    rows = [
        (
            intake.received_on,
            _("Came in"),
            intake.item.name,
            intake.quantity,
            intake.item.unit,
            _("Pledge") if intake.pledge_id else intake.donor,
        )
        for intake in Intake.objects.filter(drive=drive).select_related("item")
    ]
    rows += [
        (
            distribution.distributed_on,
            _("Went out"),
            distribution.item.name,
            distribution.quantity,
            distribution.item.unit,
            distribution.recipient_label,
        )
        for distribution in Distribution.objects.filter(drive=drive).select_related(
            "item", "recipient"
        )
    ]
    rows.sort(key=lambda row: row[0])
    return export_response(header, rows, f"food-{drive.pk}", file_format, title=drive.title)


# The yearly report ---------------------------------------------------------------------------


def _require_food_drive_staff(request):
    """Whoever may edit a food drive index may see the figures of all drives."""
    if not any(
        index.permissions_for_user(request.user).can_edit()
        for index in FoodDriveIndexPage.objects.all()
    ):
        raise PermissionDenied


def yearly_report(request):
    _require_food_drive_staff(request)
    return yearly_table_page(
        request,
        title=_("Food drives: yearly report"),
        table=reports.yearly_report_table,
        csv_url=reverse("fooddrives_admin:yearly_report_export"),
        xlsx_url=reverse("fooddrives_admin:yearly_report_export_xlsx"),
    )


def yearly_report_export(request, file_format):
    """Figures and organisations only (no personal data), so the export is not logged."""
    _require_food_drive_staff(request)
    return yearly_table_download(
        request, table=reports.yearly_report_table, name="food-drives", file_format=file_format
    )
