"""Public pages of volunteering: the list of shifts, signing up as a volunteer, confirming the
address, and "my page" behind a private link. Every change goes through `services`; the
lists and figures come from `queries`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Site

from cms.core import platform as platforms
from cms.core.origin import same_origin
from cms.core.params import parse_date, parse_int
from cms.core.pdf import pdf_response
from cms.core.ratelimit import rate_limited
from cms.people.erasure import erasure_path
from cms.people.services import (
    privacy_notice_version,
    resolve_remembered,
    resolve_token,
    revoke_tokens,
    rotate_token,
)
from events import capacity
from events.capacity import Status
from volunteers import links, queries, services
from volunteers.certificates import hours_certificate_pdf
from volunteers.forms import LinkRequestForm, VolunteerForm, shift_filter_form
from volunteers.models import Shift, ShiftSignup, VolunteerOpportunity, translated


def shift_listing(request, volunteer=None, *, opportunity=None, sign_up_url=None, now=None):
    """The open shifts, filtered (to one opportunity for its kiosk page), each with why one
    can or cannot sign up and where the sign-up button posts (`sign_up_url(shift)`): a fixed
    number of queries however many shifts there are."""
    now = now or timezone.now()
    here = platforms.in_request(request)
    form, role_names = shift_filter_form(request.GET, here)
    shifts = queries.open_shifts(here, form.filters, opportunity, now=now)
    opportunities = translated(VolunteerOpportunity, {s.opportunity for s in shifts})
    part_of = queries.part_of(opportunities.values())
    commitments = services.Commitments.load(volunteer) if volunteer else None
    rows = []
    for shift in shifts:
        refusal = services.shift_refusal(
            shift, held=shift.held, waiting=shift.waiting, offered=shift.offered, now=now
        )
        if refusal is None and commitments is not None:
            refusal = commitments.refusal(volunteer, shift)
        full = capacity.is_full(shift.capacity, shift.held, shift.waiting)
        take_over = services.takes_over(shift)
        rows.append(
            {
                "shift": shift,
                "opportunity": opportunities[shift.opportunity_id],
                "part_of": part_of.get(opportunities[shift.opportunity_id].pk, []),
                "role": role_names.get(shift.role_id, shift.role),
                "refusal": refusal,
                "take_over": refusal is None and take_over,
                "waitlist": refusal is None and full and not take_over,
                "offered": shift.offered,
                "short": queries.is_short(shift),
                "places_left": capacity.seats_left(shift.capacity, shift.held),
                "sign_up_url": sign_up_url(shift) if volunteer and sign_up_url else None,
            }
        )
    return {"form": form, "rows": rows, "volunteer": volunteer, "limit": queries.MAX_SHIFTS}


def food_drive_section(page, request, now=None):
    """For a food drive's page (the `food_drive_page_slots` hook): the volunteer
    opportunities for this drive that have shifts ahead, each linking to its shifts, in the
    visitor's language; empty when there are none."""
    shown = translated(VolunteerOpportunity, queries.food_drive_opportunities(page, now=now))
    if not shown:
        return ""
    rows = [{"opportunity": shown[pk], "pk": pk} for pk in shown]
    return render_to_string(
        "volunteers/includes/food_drive_section.html", {"rows": rows}, request=request
    )


FEED_FILTERS = ("date", "place", "role", "needs", "opportunity")


def shift_list(request):
    context = shift_listing(request)
    query = urlencode({k: request.GET[k] for k in FEED_FILTERS if request.GET.get(k)})
    feed = reverse("volunteers:shifts_calendar")
    context["calendar_url"] = f"{feed}?{query}" if query else feed
    return TemplateResponse(request, "volunteers/shift_list.html", context)


def _with_opportunity(url, opportunity):
    return f"{url}?{urlencode({'opportunity': opportunity.pk})}" if opportunity else url


@rate_limited("form")
@same_origin
def join(request):
    """Sign up as a volunteer (no password); a confirmation mail follows. Coming from a
    kiosk page (?opportunity=), the mail's link leads on to that opportunity's shifts."""
    initial = {"opportunity": parse_int(request.GET.get("opportunity"))}
    form = VolunteerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = Site.find_for_request(request)
        platform = platforms.of_request(request)
        services.register_volunteer(
            platform,
            name=data["name"],
            name_kana=data["name_kana"],
            email=data["email"],
            phone=data["phone"],
            language=data["language"],
            languages=data["languages"],
            skills=data["skills"],
            consent_version=privacy_notice_version(site),
            opportunity=queries.default_opportunity(data["opportunity"], platform),
        )
        return redirect("volunteers:joined")
    return TemplateResponse(request, "volunteers/join.html", {"form": form})


def joined(request):
    return TemplateResponse(request, "volunteers/joined.html")


@rate_limited("action")
def confirm(request, token):
    """The link in the confirmation mail. A GET only asks (mail scanners follow links); the
    button confirms, and the volunteer lands on their page."""
    volunteer = links.volunteer_for(token, links.CONFIRM)
    if volunteer is None:
        return links.invalid_link(request)
    if request.method == "POST":
        raw = services.confirm_email(volunteer)
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
        opportunity = queries.default_opportunity(
            parse_int(request.GET.get("opportunity")), volunteer.person.platform
        )
        if opportunity is not None:
            url = reverse("volunteers:my_shifts", kwargs={"token": raw})
            return redirect(_with_opportunity(url, opportunity))
        return redirect("volunteers:my_page", token=raw)
    return TemplateResponse(request, "volunteers/confirm.html", {"volunteer": volunteer})


@rate_limited("mail")
@same_origin
def request_link(request):
    """Send the link to my page again. The answer is the same whether or not the address is
    known, so the form tells nobody who volunteers."""
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_link(platforms.of_request(request), form.cleaned_data["email"])
        messages.success(
            request,
            _("If this address belongs to a volunteer, we have sent the link to it."),
        )
        return redirect("volunteers:request_link")
    return TemplateResponse(request, "volunteers/request_link.html", {"form": form})


def my_page(request, token):
    volunteer = links.volunteer_for(token)
    if volunteer is None:
        return links.invalid_link(request)
    now = timezone.now()
    signups, past = queries.volunteer_shifts(volunteer, now=now)
    upcoming = []
    for s in signups:
        refusal = services.cancel_refusal(s, now=now)
        can_cancel = refusal is None
        if s.swap_pending and not can_cancel and refusal.code == "cancel_closed":
            refusal = None  # who has offered their place has done what that message asks
        upcoming.append(
            {
                "signup": s,
                "can_cancel": can_cancel,
                "refusal": refusal,
                "can_offer": services.swap_refusal(s, now=now) is None,
            }
        )
    context = {
        "volunteer": volunteer,
        "token": token,
        "upcoming": upcoming,
        "past": past,
        "total_hours": queries.total_hours(past),
        "calendar_url": request.session.pop("volunteer_calendar_url", None),
        "remembered": _remembered_volunteer(request) == volunteer,
    }
    return TemplateResponse(request, "volunteers/my_page.html", context)


def my_shifts(request, token):
    volunteer = links.volunteer_for(token)
    if volunteer is None:
        return links.invalid_link(request)
    context = shift_listing(
        request,
        volunteer,
        sign_up_url=lambda shift: reverse(
            "volunteers:sign_up", kwargs={"token": token, "shift": shift.pk}
        ),
    )
    context["token"] = token
    return TemplateResponse(request, "volunteers/shift_list.html", context)


def hours_certificate(request, token):
    """The volunteer-hours certificate (PDF) of the volunteer whose page this is."""
    volunteer = links.volunteer_for(token)
    if volunteer is None:
        return links.invalid_link(request)
    return pdf_response(
        hours_certificate_pdf(volunteer), "volunteer-hours.pdf", download=True, private=True
    )


@rate_limited("action")
@require_POST
def sign_up(request, token, shift):
    volunteer = links.volunteer_for(token)
    # Only a shift of the volunteer's own platform: another's is as if there were none.
    shift = (
        Shift.objects.filter(
            pk=shift, opportunity__platform_id=volunteer.person.platform_id
        ).first()
        if volunteer is not None
        else None
    )
    if volunteer is None or shift is None:
        return links.invalid_link(request)
    try:
        signup = services.sign_up(volunteer, shift)
    except services.SignupError as error:
        messages.error(request, error.message)
        return redirect("volunteers:my_shifts", token=token)
    messages.success(request, _signed_up_message(signup))
    return redirect("volunteers:my_page", token=token)


def _signed_up_message(signup):
    if signup.status == Status.WAITLISTED:
        return _("The shift is full: you are on the waitlist.")
    if ShiftSignup.objects.filter(handed_over_to=signup).exists():
        return _("You have taken over a place that a volunteer offered. Thank you!")
    return _("You are signed up. Thank you!")


def _own_signup(token, pk):
    """The sign-up `pk` if it belongs to the volunteer whose link this is, else None."""
    volunteer = links.volunteer_for(token)
    if volunteer is None:
        return None
    return ShiftSignup.objects.filter(pk=pk, volunteer=volunteer).first()


@rate_limited("action")
@require_POST
def cancel(request, token, signup):
    signup = _own_signup(token, signup)
    if signup is None:
        return links.invalid_link(request)
    try:
        services.cancel_signup(signup)
        messages.success(request, _("Your sign-up is cancelled."))
    except services.SignupError as error:
        messages.error(request, error.message)
    return redirect("volunteers:my_page", token=token)


@rate_limited("action")
@require_POST
def swap(request, token, signup):
    """Offer the place for swap, or withdraw the offer."""
    signup = _own_signup(token, signup)
    if signup is None:
        return links.invalid_link(request)
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_swap(signup)
            messages.success(request, _("Your offer is withdrawn: you stay on the shift."))
        else:
            signup = services.offer_swap(signup)
            if signup.swap_pending:
                messages.success(
                    request,
                    _(
                        "Your place is offered to other volunteers. You stay on the shift "
                        "until someone takes it; we will write to you."
                    ),
                )
            else:
                messages.success(
                    request, _("Your place has gone to the next person waiting. Thank you!")
                )
    except services.SignupError as error:
        messages.error(request, error.message)
    return redirect("volunteers:my_page", token=token)


@rate_limited("mail")
@require_POST
def new_link(request, token):
    """Replace my page's link (e.g. after forwarding a mail by mistake): the old one stops."""
    volunteer = links.volunteer_for(token)
    if volunteer is None:
        return links.invalid_link(request)
    raw = rotate_token(volunteer.person, links.MY_PAGE)
    messages.success(request, _("Your page has a new link; the old one no longer works."))
    return redirect("volunteers:my_page", token=raw)


@rate_limited("action")
@require_POST
def erase_my_data(request, token):
    """The way to the page where the volunteer erases their data (`cms.people`), by a link
    that works for an hour."""
    volunteer = links.volunteer_for(token)
    if volunteer is None:
        return links.invalid_link(request)
    return redirect(erasure_path(volunteer.person))


@rate_limited("action")
@require_POST
def calendar_link(request, token):
    """Make a new calendar link (stopping the old one), or only stop it."""
    volunteer = links.volunteer_for(token)
    if volunteer is None:
        return links.invalid_link(request)
    if request.POST.get("action") == "revoke":
        revoke_tokens(volunteer.person, links.CALENDAR)
        messages.success(request, _("Your calendar link no longer works."))
    else:
        raw = rotate_token(volunteer.person, links.CALENDAR)
        # Shown once on the next page: the token itself is never stored.
        request.session["volunteer_calendar_url"] = request.build_absolute_uri(
            reverse("volunteers:calendar", kwargs={"token": raw})
        )
        messages.success(request, _("Your calendar link is ready."))
    return redirect("volunteers:my_page", token=token)


# This phone, for the kiosk -----------------------------------------------------------------

#: Session key: the id of the my-page token a device was told to remember (never the token).
REMEMBERED = "volunteer_remembered_token"


def _remembered_access(request):
    access = resolve_remembered(request.session.get(REMEMBERED), links.MY_PAGE)
    if access is None:
        request.session.pop(REMEMBERED, None)
    return access


def _remembered_volunteer(request):
    return links.volunteer_of(_remembered_access(request))


@rate_limited("action")
@require_POST
def remember(request, token):
    """Remember (or forget) this phone, so that a kiosk QR code signs this volunteer up in one
    step. Replacing the page's link forgets every phone."""
    access = resolve_token(token, links.MY_PAGE)
    if access is None:
        return links.invalid_link(request)
    if request.POST.get("action") == "forget":
        request.session.pop(REMEMBERED, None)
        messages.success(request, _("This phone no longer knows you."))
    else:
        request.session[REMEMBERED] = access.pk
        messages.success(request, _("This phone will know you when you scan a volunteer QR code."))
    return redirect("volunteers:my_page", token=token)


# Kiosk: a QR code per opportunity (or day) at the venue --------------------------------------


def _kiosk_opportunity(request, opportunity_id):
    opportunity = queries.default_opportunity(opportunity_id, platforms.of_request(request))
    if opportunity is None:
        raise Http404
    return opportunity


def _with_day(url, day):
    return f"{url}?{urlencode({'date': day.isoformat()})}" if day else url


def _kiosk_url(opportunity, day=None):
    return _with_day(reverse("volunteers:kiosk", kwargs={"opportunity": opportunity.pk}), day)


def kiosk(request, opportunity):
    """What the QR code at a food drive or symposium opens: the open shifts of this
    opportunity (of one day with ?date=). A phone that knows its volunteer signs up with one
    tap; a newcomer registers from here, and a volunteer on a new phone gets a link."""
    opportunity = _kiosk_opportunity(request, opportunity)
    volunteer = _remembered_volunteer(request)
    day = parse_date(request.GET.get("date"))
    listing = shift_listing(
        request,
        volunteer,
        opportunity=opportunity,
        sign_up_url=lambda shift: _with_day(
            reverse(
                "volunteers:kiosk_sign_up",
                kwargs={"opportunity": opportunity.pk, "shift": shift.pk},
            ),
            day,
        ),
    )
    localized = opportunity.localized
    listing.update(
        {
            "opportunity": opportunity,
            "localized": localized,
            "part_of": queries.part_of([localized]).get(localized.pk, []),
            "day": day,
            "kiosk_url": _kiosk_url(opportunity, day),
            "join_url": _with_opportunity(reverse("volunteers:join"), opportunity),
            "link_form": LinkRequestForm(),
            "calendar_url": _with_opportunity(reverse("volunteers:shifts_calendar"), opportunity),
        }
    )
    response = TemplateResponse(request, "volunteers/kiosk.html", listing)
    if volunteer is not None:
        # The page names the volunteer: nothing in between may keep it.
        response["Cache-Control"] = "private, no-store"
    return response


@rate_limited("action")
@require_POST
def kiosk_sign_up(request, opportunity, shift):
    opportunity = _kiosk_opportunity(request, opportunity)
    volunteer = _remembered_volunteer(request)
    shift = Shift.objects.filter(pk=shift, opportunity=opportunity).first()
    if shift is None:
        raise Http404
    if volunteer is None:
        messages.error(
            request, _("This phone does not know you (any more): get a link to these shifts.")
        )
    else:
        try:
            signup = services.sign_up(volunteer, shift)
            messages.success(request, _signed_up_message(signup))
        except services.SignupError as error:
            messages.error(request, error.message)
    return redirect(_kiosk_url(opportunity, parse_date(request.GET.get("date"))))


@rate_limited("mail")
@require_POST
def kiosk_link(request, opportunity):
    """A volunteer on a phone that does not know them: the link to these shifts, by mail (the
    answer is the same whether or not the address is known)."""
    opportunity = _kiosk_opportunity(request, opportunity)
    form = LinkRequestForm(request.POST)
    if form.is_valid():
        services.request_link(
            opportunity.platform, form.cleaned_data["email"], opportunity=opportunity
        )
        messages.success(
            request,
            _("If this address belongs to a volunteer, we have sent the link to it."),
        )
    else:
        messages.error(request, _("Enter the e-mail address you registered with."))
    return redirect(_kiosk_url(opportunity))


@rate_limited("action")
@require_POST
def kiosk_forget(request, opportunity):
    opportunity = _kiosk_opportunity(request, opportunity)
    request.session.pop(REMEMBERED, None)
    messages.success(request, _("This phone no longer knows you."))
    return redirect(_kiosk_url(opportunity))
