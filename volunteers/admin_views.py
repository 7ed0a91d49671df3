"""Coordinators' views in the Wagtail admin: the roster of an opportunity, day by day, with
short-staffed shifts and places offered for swap marked, and who handed over to whom;
check-in and check-out with actual hours, no-shows, adding someone who phoned, cancelling;
the roster as CSV or Excel (logged); a volunteer's hours certificate; the QR poster for
sign-up at the venue.

Who may change shifts may run the roster; every change goes through `volunteers.services`."""

from itertools import groupby

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core import platform as platforms
from cms.core.exports import export_response, logged_export, logged_view
from cms.core.forms import ContactForm
from cms.core.guards import staff_may
from cms.core.params import parse_date, parse_int
from cms.core.pdf import pdf_response
from volunteers import queries, services
from volunteers.certificates import hours_certificate_pdf
from volunteers.models import Shift, ShiftSignup, Volunteer, VolunteerOpportunity

may_run_rosters = staff_may("volunteers.change_shift")


def _opportunity(request, pk):
    """The opportunity `pk` if it is of one of the coordinator's platforms; 404 otherwise."""
    return get_object_or_404(
        VolunteerOpportunity, pk=pk, platform__in=platforms.staff_platforms(request.user)
    )


class AttendanceForm(forms.Form):
    checked_in = forms.TimeField(label=gettext_lazy("In"))
    checked_out = forms.TimeField(label=gettext_lazy("Out"), required=False)


class AddVolunteerForm(ContactForm):
    """Someone who signed up on paper or by phone: found by e-mail, or added as new."""

    staff_only = True
    field_order = ["shift", "name", "name_kana", "phone"]
    shift = forms.IntegerField(widget=forms.HiddenInput)


class ShiftMessageForm(forms.Form):
    shift = forms.IntegerField(widget=forms.HiddenInput)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=100)
    body = forms.CharField(label=gettext_lazy("Message"), max_length=2000, widget=forms.Textarea)


def _message(request, opportunity):
    form = ShiftMessageForm(request.POST)
    if not form.is_valid():
        raise services.SignupError("not_allowed")
    shift = get_object_or_404(Shift, pk=form.cleaned_data["shift"], opportunity=opportunity)
    services.message_shift(
        shift,
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
        sent_by=request.user,
    )
    return _("The message is on its way to everyone on the shift.")


@may_run_rosters
def roster_index(request):
    return TemplateResponse(
        request,
        "volunteers/admin/roster_index.html",
        {"opportunities": queries.roster_opportunities(platforms.staff_platforms(request.user))},
    )


def _act(request, signup):
    action = request.POST.get("action")
    if action == "attendance":
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            raise services.SignupError("not_allowed")
        checked_in, checked_out = services.resolve_times(
            signup.shift, form.cleaned_data["checked_in"], form.cleaned_data["checked_out"]
        )
        services.record_attendance(signup, checked_in_at=checked_in, checked_out_at=checked_out)
        return _("Attendance recorded.")
    if action == "no_show":
        services.mark_no_show(signup)
        return _("Marked as a no-show.")
    if action == "cancel":
        services.cancel_signup(signup, staff_user=request.user)
        return _("Sign-up cancelled.")
    raise services.SignupError("not_allowed")


def _add(request, opportunity):
    form = AddVolunteerForm(request.POST)
    if not form.is_valid():
        raise services.SignupError("not_allowed")
    data = form.cleaned_data
    shift = get_object_or_404(Shift, pk=data["shift"], opportunity=opportunity)
    volunteer, _created = services.register_volunteer(
        opportunity.platform,
        name=data["name"],
        name_kana=data["name_kana"],
        phone=data["phone"],
        email=data["email"],
        staff_user=request.user,
    )
    signup = services.sign_up(volunteer, shift, staff_user=request.user)
    return _("%(name)s added: %(status)s.") % {
        "name": volunteer.person.name,
        "status": signup.get_status_display(),
    }


@may_run_rosters
def roster(request, opportunity_id):
    """The roster of one opportunity, or of one day of it (?date=YYYY-MM-DD)."""
    opportunity = _opportunity(request, opportunity_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add":
                messages.success(request, _add(request, opportunity))
            elif request.POST.get("action") == "message":
                messages.success(request, _message(request, opportunity))
            else:
                signup = get_object_or_404(
                    ShiftSignup.objects.select_related("shift"),
                    pk=parse_int(request.POST.get("signup")),
                    shift__opportunity=opportunity,
                )
                messages.success(request, _act(request, signup))
        except services.SignupError as error:
            messages.error(request, error.message)
        return redirect(request.get_full_path())
    day = parse_date(request.GET.get("date"))
    shifts = queries.roster_shifts(opportunity, day)
    logged_view(request, "roster", opportunity, sum(len(s.live_signups) for s in shifts))
    days = [
        (key, list(group))
        for key, group in groupby(shifts, key=lambda s: timezone.localtime(s.starts_at).date())
    ]
    return TemplateResponse(
        request,
        "volunteers/admin/roster.html",
        {
            "opportunity": opportunity,
            "days": days,
            "day": day,
            "add_form": AddVolunteerForm(),
            "short_count": sum(1 for s in shifts if s.short),
            "swap_count": sum(s.offered for s in shifts),
            "poster_url": _poster_url(opportunity, day),
        },
    )


def _poster_url(opportunity, day=None):
    url = reverse("volunteers_admin:poster", args=[opportunity.pk])
    return f"{url}?{urlencode({'date': day.isoformat()})}" if day else url


@may_run_rosters
def poster(request, opportunity_id):
    """A QR code to print or show on a screen at the venue: it opens the opportunity's shifts
    (of one day with ?date=) on a volunteer's phone, ready to sign up."""
    opportunity = _opportunity(request, opportunity_id)
    day = parse_date(request.GET.get("date"))
    # Without the language prefix: each phone is sent on to its own language (`/` does the
    # same), so a foreign resident scanning the poster reads the shifts in English.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("volunteers:kiosk", kwargs={"opportunity": opportunity.pk})
    path = path.removeprefix(f"/{settings.LANGUAGE_CODE}")
    if day:
        path += "?" + urlencode({"date": day.isoformat()})
    url = platforms.base_url(opportunity.platform) + path
    qr = segno.make(url, error="m")
    return TemplateResponse(
        request,
        "volunteers/admin/poster.html",
        {
            "opportunity": opportunity,
            "day": day,
            "url": url,
            "qr": qr.svg_data_uri(scale=10, border=2, omitsize=True),
        },
    )


@may_run_rosters
def hours_certificate(request, opportunity_id, volunteer_id):
    """A volunteer's hours certificate, for a coordinator to print or send. Logged like an
    export: a person's name and activities leave the system."""
    opportunity = _opportunity(request, opportunity_id)
    # Only someone on this roster: the address cannot reach any other volunteer.
    volunteer = get_object_or_404(
        Volunteer.objects.filter(signups__shift__opportunity=opportunity)
        .select_related("person")
        .distinct(),
        pk=volunteer_id,
    )
    data = hours_certificate_pdf(volunteer)
    logged_export(
        request,
        "hours certificate",
        opportunity,
        queries.confirmed_signups(volunteer).count(),
        "pdf",
    )
    return pdf_response(data, f"volunteer-hours-{volunteer.pk}.pdf", download=True, private=True)


EXPORT_COLUMNS = [
    (gettext_lazy("Date"), lambda s: timezone.localtime(s.shift.starts_at).date()),
    (gettext_lazy("Starts"), lambda s: timezone.localtime(s.shift.starts_at).time()),
    (gettext_lazy("Ends"), lambda s: timezone.localtime(s.shift.ends_at).time()),
    (gettext_lazy("Role"), lambda s: s.shift.role.name),
    (gettext_lazy("Status"), lambda s: s.get_status_display()),
    (gettext_lazy("Name"), lambda s: s.volunteer.person.name),
    (gettext_lazy("Name in kana"), lambda s: s.volunteer.person.name_kana),
    (gettext_lazy("Phone"), lambda s: s.volunteer.person.phone),
    (gettext_lazy("E-mail"), lambda s: s.volunteer.person.email),
    (gettext_lazy("Hours worked"), lambda s: s.hours),
    (gettext_lazy("No-show"), lambda s: s.no_show),
]


@may_run_rosters
def roster_export(request, opportunity_id, file_format):
    """The roster as CSV or Excel (`cms.core.exports`). Each export is logged: personal data
    leaves the system."""
    opportunity = _opportunity(request, opportunity_id)
    signups = queries.roster_signups(opportunity)
    logged_export(request, "roster", opportunity, len(signups), file_format)
    return export_response(
        [label for label, _get in EXPORT_COLUMNS],
        ([get(signup) for _label, get in EXPORT_COLUMNS] for signup in signups),
        f"roster-{opportunity.pk}",
        file_format,
        title=opportunity.title,
    )
