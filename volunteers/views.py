"""Public pages of volunteering: the list of shifts, signing up as a volunteer, confirming the
address, and "my page" behind a private link. Every change goes through `services`."""

from django.contrib import messages
from django.db.models import F, Max, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Site

from cms.core.ical import Occurrence, calendar_response, uid
from cms.core.pdf import pdf_response
from cms.people.services import (
    issue_token,
    privacy_notice_version,
    resolve_token,
    revoke_tokens,
)
from events.capacity import HOLDING, LIVE, Status
from volunteers import services
from volunteers.certificates import hours_certificate_pdf
from volunteers.forms import LinkRequestForm, ShiftFilterForm, VolunteerForm
from volunteers.models import (
    Role,
    Shift,
    ShiftSignup,
    Volunteer,
    VolunteerOpportunity,
    translated,
)

MAX_SHIFTS = 100


def _invalid_link(request):
    return TemplateResponse(request, "volunteers/link_invalid.html", status=404)


def _volunteer_for(token, purpose=services.MY_PAGE):
    access = resolve_token(token, purpose)
    if access is None:
        return None
    return Volunteer.objects.filter(person=access.person).select_related("person").first()


def shift_listing(request, volunteer=None, now=None):
    """The open shifts, filtered, each with why one can or cannot sign up: a fixed number of
    queries however many shifts there are."""
    now = now or timezone.now()
    default = Locale.get_default()
    roles = list(Role.objects.filter(locale=default).order_by("name"))
    role_names = translated(Role, roles)
    form = ShiftFilterForm(
        request.GET or None, roles=[(r.pk, role_names[r.pk].name) for r in roles]
    )
    shifts = services.annotate_places(
        Shift.objects.filter(starts_at__gt=now, cancelled_at__isnull=True)
    ).select_related("opportunity", "role__qualification")
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("date"):
        shifts = shifts.filter(starts_at__date=filters["date"])
    if filters.get("place"):
        place = filters["place"]
        shifts = shifts.filter(
            Q(place__icontains=place)
            | Q(opportunity__place__icontains=place)
            | Q(opportunity__area__icontains=place)
        )
    if filters.get("role"):
        shifts = shifts.filter(role_id=filters["role"])
    if filters.get("needs"):
        shifts = shifts.filter(held__lt=F("min_people"))
    shifts = list(shifts.order_by("starts_at", "pk")[:MAX_SHIFTS])
    opportunities = translated(VolunteerOpportunity, {s.opportunity for s in shifts})
    commitments = services.Commitments.load(volunteer) if volunteer else None
    rows = []
    for shift in shifts:
        refusal = services.shift_refusal(shift, held=shift.held, waiting=shift.waiting, now=now)
        if refusal is None and commitments is not None:
            refusal = commitments.refusal(volunteer, shift)
        full = shift.capacity is not None and (shift.held >= shift.capacity or shift.waiting)
        rows.append(
            {
                "shift": shift,
                "opportunity": opportunities[shift.opportunity_id],
                "role": role_names.get(shift.role_id, shift.role),
                "refusal": refusal,
                "waitlist": refusal is None and full,
                "short": shift.held < shift.min_people,
                "places_left": None
                if shift.capacity is None
                else max(shift.capacity - shift.held, 0),
            }
        )
    return {"form": form, "rows": rows, "volunteer": volunteer, "limit": MAX_SHIFTS}


def shift_list(request):
    return TemplateResponse(request, "volunteers/shift_list.html", shift_listing(request))


def join(request):
    """Sign up as a volunteer (no password); a confirmation mail follows."""
    form = VolunteerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = Site.find_for_request(request)
        services.register_volunteer(
            name=data["name"],
            name_kana=data["name_kana"],
            email=data["email"],
            phone=data["phone"],
            language=data["language"],
            languages=data["languages"],
            skills=data["skills"],
            consent_version=privacy_notice_version(site),
        )
        return redirect("volunteers:joined")
    return TemplateResponse(request, "volunteers/join.html", {"form": form})


def joined(request):
    return TemplateResponse(request, "volunteers/joined.html")


def confirm(request, token):
    """The link in the confirmation mail. A GET only asks (mail scanners follow links); the
    button confirms, and the volunteer lands on their page."""
    volunteer = _volunteer_for(token, services.CONFIRM)
    if volunteer is None:
        return _invalid_link(request)
    if request.method == "POST":
        services.confirm_email(volunteer)
        revoke_tokens(volunteer.person, services.CONFIRM)
        raw = issue_token(volunteer.person, services.MY_PAGE)
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
        return redirect("volunteers:my_page", token=raw)
    return TemplateResponse(request, "volunteers/confirm.html", {"volunteer": volunteer})


def request_link(request):
    """Send the link to my page again. The answer is the same whether or not the address is
    known, so the form tells nobody who volunteers."""
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_link(form.cleaned_data["email"])
        messages.success(
            request,
            _("If this address belongs to a volunteer, we have sent the link to it."),
        )
        return redirect("volunteers:request_link")
    return TemplateResponse(request, "volunteers/request_link.html", {"form": form})


def my_page(request, token):
    volunteer = _volunteer_for(token)
    if volunteer is None:
        return _invalid_link(request)
    now = timezone.now()
    signups = list(
        ShiftSignup.objects.filter(volunteer=volunteer)
        .exclude(status__in=[Status.DECLINED, Status.EXPIRED])
        .select_related("shift__opportunity", "shift__role")
        .order_by("shift__starts_at", "pk")
    )
    upcoming = [
        {"signup": s, "refusal": services.cancel_refusal(s, now=now)}
        for s in signups
        if s.shift.ends_at > now and s.status in LIVE
    ]
    past = [s for s in signups if s.shift.ends_at <= now and s.status in HOLDING and not s.no_show]
    context = {
        "volunteer": volunteer,
        "token": token,
        "upcoming": upcoming,
        "past": past,
        "total_hours": sum((s.hours or 0) for s in past),
        "calendar_url": request.session.pop("volunteer_calendar_url", None),
    }
    return TemplateResponse(request, "volunteers/my_page.html", context)


def my_shifts(request, token):
    volunteer = _volunteer_for(token)
    if volunteer is None:
        return _invalid_link(request)
    context = shift_listing(request, volunteer)
    context["token"] = token
    return TemplateResponse(request, "volunteers/shift_list.html", context)


def hours_certificate(request, token):
    """The volunteer-hours certificate (PDF) of the volunteer whose page this is."""
    volunteer = _volunteer_for(token)
    if volunteer is None:
        return _invalid_link(request)
    return pdf_response(
        hours_certificate_pdf(volunteer), "volunteer-hours.pdf", download=True, private=True
    )


@require_POST
def sign_up(request, token, shift):
    volunteer = _volunteer_for(token)
    shift = Shift.objects.filter(pk=shift).first()
    if volunteer is None or shift is None:
        return _invalid_link(request)
    try:
        signup = services.sign_up(volunteer, shift)
    except services.SignupError as error:
        messages.error(request, error.message)
        return redirect("volunteers:my_shifts", token=token)
    if signup.status == Status.WAITLISTED:
        messages.success(request, _("The shift is full: you are on the waitlist."))
    else:
        messages.success(request, _("You are signed up. Thank you!"))
    return redirect("volunteers:my_page", token=token)


@require_POST
def cancel(request, token, signup):
    volunteer = _volunteer_for(token)
    signup = ShiftSignup.objects.filter(pk=signup, volunteer=volunteer).first()
    if volunteer is None or signup is None:
        return _invalid_link(request)
    try:
        services.cancel_signup(signup)
        messages.success(request, _("Your sign-up is cancelled."))
    except services.SignupError as error:
        messages.error(request, error.message)
    return redirect("volunteers:my_page", token=token)


@require_POST
def new_link(request, token):
    """Replace my page's link (e.g. after forwarding a mail by mistake): the old one stops."""
    volunteer = _volunteer_for(token)
    if volunteer is None:
        return _invalid_link(request)
    revoke_tokens(volunteer.person, services.MY_PAGE)
    raw = issue_token(volunteer.person, services.MY_PAGE)
    messages.success(request, _("Your page has a new link; the old one no longer works."))
    return redirect("volunteers:my_page", token=raw)


@require_POST
def calendar_link(request, token):
    """Make a new calendar link (stopping the old one), or only stop it."""
    volunteer = _volunteer_for(token)
    if volunteer is None:
        return _invalid_link(request)
    revoke_tokens(volunteer.person, services.CALENDAR)
    if request.POST.get("action") == "revoke":
        messages.success(request, _("Your calendar link no longer works."))
    else:
        raw = issue_token(volunteer.person, services.CALENDAR)
        # Shown once on the next page: the token itself is never stored.
        request.session["volunteer_calendar_url"] = request.build_absolute_uri(
            reverse("volunteers:calendar", kwargs={"token": raw})
        )
        messages.success(request, _("Your calendar link is ready."))
    return redirect("volunteers:my_page", token=token)


def calendar(request, token):
    """The volunteer's own shifts as a private, subscribable iCalendar feed."""
    volunteer = _volunteer_for(token, services.CALENDAR)
    if volunteer is None:
        return _invalid_link(request)
    signups = ShiftSignup.objects.filter(volunteer=volunteer, status__in=HOLDING)
    summary = signups.aggregate(latest=Max("status_changed_at"), shifts=Max("shift__updated_at"))
    version = (signups.count(), summary["latest"], summary["shifts"])

    def build():
        for signup in signups.select_related("shift__opportunity", "shift__role"):
            shift = signup.shift
            yield Occurrence(
                uid=uid(shift.reference, "volunteer-shift"),
                start=shift.starts_at,
                end=shift.ends_at,
                summary=f"{shift.role.localized.name} – {shift.opportunity.localized.title}",
                location=shift.where,
                status="CANCELLED" if shift.cancelled_at else "CONFIRMED",
                last_modified=shift.updated_at,
            )

    return calendar_response(
        request,
        version=version,
        build=build,
        name=_("My volunteer shifts"),
        filename="shifts.ics",
        private=True,
    )
