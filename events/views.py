"""Public views: the event page with its registration form, the confirmation, the private
link and the index listing. Thin: the rules live in services."""

import calendar
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail import hooks

from cms.core.errors import attach
from cms.core.models import Topic
from cms.core.params import parse_choice, parse_month
from cms.core.pdf import pdf_response, qr_data_uri
from cms.core.photos import with_photos
from cms.core.ratelimit import rate_limited
from cms.people.erasure import erasure_path
from cms.people.services import (
    privacy_notice_version,
    resolve_token,
    revoke_tokens,
    rotate_token,
)
from events import capacity, queries, services
from events.capacity import Status
from events.discreet import shown_title
from events.flyer import cached_flyer
from events.forms import CompanionsForm, FeedbackForm, RegistrationForm, TracksForm
from events.models import EventPage, Feedback, Registration, not_over
from events.private_feeds import CALENDAR_PURPOSE

SESSION_KEY = "events_registered"
IMPORTED_SHOWN = 30


def event_context(page, request, form=None):
    state = page.source.registration_state()
    availability = queries.availability(page)
    # Every quota full: newcomers join the waitlist, or, without one, cannot register.
    full = bool(availability) and all(row["full"] for row in availability)
    if state == "open" and full and not page.source.waitlist_enabled:
        state = "full"
    sessions = queries.sessions_of(page)
    tracks = queries.session_tracks(page, sessions)
    context = {
        "registration_state": state,
        "availability": availability,
        "waitlist_only": full,
        "sessions": sessions,
        "session_tracks": tracks,
    }
    if state == "open" and availability:
        if form is None:
            form = RegistrationForm(
                event=page, initial=registrant_initial(request.user, page), tracks=tracks
            )
        # Today's seats left, also on a form shown again after a refusal; while newcomers
        # wait, a full track may be wished for (events.services.tracks).
        form.show_tracks(tracks, staff=form.staff, wishes=full)
        context["form"] = form
    context.update(meeting_context(page, request))
    # What other apps add to the page (sponsors), through the "event_page_slots" hook: each
    # function takes (page, request) and returns HTML or "".
    context["slots"] = [
        html for fn in hooks.get_hooks("event_page_slots") if (html := fn(page, request))
    ]
    return context


def meeting_context(page, request):
    """A members' meeting's agenda, materials, minutes and the action items the visitor may
    see (the page itself is only served to invited members and staff)."""
    source = page.source
    if not source.members_only:
        return {}
    return {
        "meeting": source,
        "materials": list(source.meeting_materials.select_related("document")),
        "action_items": list(queries.action_items_for(request.user, page)),
        "meeting_staff": queries.is_meeting_staff(request.user, page),
    }


def registrant_initial(user, event):
    """A member account registering for its meeting starts with its own name and address."""
    if not event.source.members_only or not user.is_authenticated:
        return {}
    return {"name": user.get_full_name(), "email": user.email}


def meeting_access_denied(event, request):
    """None when the request may see the page; otherwise the login page (anonymous) or a 404
    (a member not invited), which says nothing of the meeting."""
    from wagtail.wagtail_hooks import require_wagtail_login

    if not event.source.members_only or getattr(request, "is_preview", False):
        return None
    if not request.user.is_authenticated:
        return require_wagtail_login(next=request.get_full_path())
    if not queries.may_attend(request.user, event):
        raise Http404
    return None


@rate_limited("form")
def event_page(request, page):
    if request.method != "POST":
        return _render_page(request, page)
    form = RegistrationForm(request.POST, event=page)
    if form.is_valid():
        try:
            services.register(
                page,
                **form.registration(),
                consent_version=privacy_notice_version(page.get_site()),
            )
        except services.RegistrationError as error:
            attach(form, error)
        else:
            # The answer is the same whether the address was registered already or not (the
            # mail tells which, to the address only), so the page shows nothing of the
            # registration: only the address typed, to catch a typo.
            request.session[SESSION_KEY] = {
                "event": page.source.pk,
                "email": form.cleaned_data["email"],
            }
            return HttpResponseRedirect(page.get_url(request) + "registered/")
    return _render_page(request, page, form)


def _render_page(request, page, form=None):
    context = page.get_context(request, form=form)
    return TemplateResponse(request, page.get_template(request), context)


def flyer(request, page):
    """The printable A4 flyer of the event, in the page's language."""
    return pdf_response(cached_flyer(page), f"flyer-{page.pk}.pdf")


def check_in_pass(registration):
    """The code and QR code a registrant shows at the door, once the place is confirmed."""
    if not registration.has_check_in_pass:
        return {}
    return {
        "check_in_code": registration.check_in_label,
        "check_in_qr": qr_data_uri(registration.check_in_label),
    }


def registered(request, page):
    """Thank you, for the browser that registered: the same page whatever happened to the
    address (see `event_page`)."""
    sent = request.session.get(SESSION_KEY)
    if not isinstance(sent, dict) or sent.get("event") != page.source.pk:
        return redirect(page.get_url(request))
    context = page.get_context(request)
    context["email"] = sent.get("email", "")
    return TemplateResponse(request, "events/registered.html", context)


@rate_limited("action")
def manage_registration(request, reference, token):
    """The private link: see one's registration, change companions, cancel, answer an offer."""
    registration = (
        Registration.objects.filter(reference=reference)
        .select_related("event", "quota", "person")
        .first()
    )
    if registration is None or resolve_token(token, registration.token_purpose) is None:
        return TemplateResponse(request, "events/link_invalid.html", status=404)
    event = registration.event
    companions_form = CompanionsForm(
        initial={"companions": registration.companions}, registration=registration
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "erase_my_data":
            return redirect(erasure_path(registration.person))
        if action == "cancel":
            # Cancelling asks first (`cancel_registration`): a form from an older page only
            # leads to the question.
            return redirect("events:cancel", reference=reference, token=token)
        try:
            if action == "accept":
                services.accept_offer(registration)
                messages.success(request, _("The place is yours."))
            elif action == "decline":
                services.decline_offer(registration)
                messages.success(request, _("You declined the place."))
            elif action == "companions":
                companions_form = CompanionsForm(request.POST, registration=registration)
                services.change_companions(registration, companions_form.chosen())
                messages.success(request, _("Your number of companions is changed."))
            elif action == "tracks":
                rows = queries.chosen_tracks(registration)
                chosen = TracksForm(request.POST, rows=rows).chosen()
                services.change_tracks(registration, chosen)
                messages.success(request, _("Your tracks are changed."))
            else:
                raise services.RegistrationError("not_allowed")
        except services.RegistrationError as error:
            messages.error(request, error.message)
        return redirect(request.path)
    registration.refresh_from_db()
    localized = event.localized
    sessions = list(event.sessions.all())
    # The tracks in the reader's words: a translation names its sessions and tracks itself.
    shown_sessions = sessions if localized.pk == event.pk else list(localized.sessions.all())
    tracks = queries.chosen_tracks(registration, localized, shown_sessions)
    online_url = event.online_url if registration.takes_part_online else ""
    return TemplateResponse(
        request,
        "events/manage.html",
        {
            "registration": registration,
            "token": token,
            "event": localized,
            # Opened from a mail, perhaps on a shared screen: a discreet event is its neutral title.
            "title": shown_title(event),
            "discreet": event.discreet,
            "sessions": sessions,
            "tracks": tracks,
            "tracks_form": TracksForm(rows=tracks) if tracks else None,
            "tracks_missing": any(row["track"] is None for row in tracks),
            "position": capacity.waitlist_position(registration.quota, registration),
            "online_url": online_url,
            "companions_form": companions_form,
            "calendar_url": request.session.pop(CALENDAR_URL_KEY, ""),
            "can_change": registration.status
            in (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
            and event.registration_state() not in ("past", "cancelled"),
            **check_in_pass(registration),
        },
    )


def cancel_and_say_so(request, registration):
    """Cancel a person's own registration (after its confirmation step) and tell them, or
    why not, in a message on the page they go back to: the registration's page or my page."""
    try:
        services.cancel_registration(registration)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled."))


@rate_limited("action")
@require_http_methods(["GET", "POST"])
def cancel_registration(request, reference, token):
    """The private link's cancel: GET asks (本当にキャンセルしますか), POST cancels and goes back
    to the registration's page. Nothing changes on a GET."""
    registration = (
        Registration.objects.filter(reference=reference)
        .select_related("event", "quota", "person")
        .first()
    )
    if registration is None or resolve_token(token, registration.token_purpose) is None:
        return TemplateResponse(request, "events/link_invalid.html", status=404)
    back = reverse("events:registration", kwargs={"reference": reference, "token": token})
    if request.method == "POST":
        cancel_and_say_so(request, registration)
        return redirect(back)
    event = registration.event
    return TemplateResponse(
        request,
        "events/my_page_cancel.html",
        {
            "registration": registration,
            "title": shown_title(event),
            "can_change": registration.status
            in (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
            and event.registration_state() not in ("past", "cancelled"),
            "back_url": back,
            "back_label": _("No, back to my registration"),
        },
    )


CALENDAR_URL_KEY = "events_calendar_url"


@rate_limited("action")
@require_POST
def calendar_link(request, reference, token):
    """Make a new private calendar link for all of this person's events (stopping the old
    one), or only stop it. The link is shown once: only its hash is stored."""
    registration = Registration.objects.filter(reference=reference).select_related("person").first()
    if registration is None or resolve_token(token, registration.token_purpose) is None:
        return TemplateResponse(request, "events/link_invalid.html", status=404)
    if request.POST.get("action") == "revoke":
        revoke_tokens(registration.person, CALENDAR_PURPOSE)
        messages.success(request, _("Your calendar link no longer works."))
    else:
        raw = rotate_token(registration.person, CALENDAR_PURPOSE)
        request.session[CALENDAR_URL_KEY] = request.build_absolute_uri(
            reverse("events:my_calendar", kwargs={"token": raw})
        )
        messages.success(request, _("Your calendar link is ready."))
    return redirect("events:registration", reference=reference, token=token)


def _month(value):
    """(first moment, first moment of the next month) for "YYYY-MM", or None."""
    first = parse_month(value)
    if first is None:
        return None
    following = (first + timedelta(days=31)).replace(day=1)
    zone = timezone.get_current_timezone()
    return datetime.combine(first, time.min, zone), datetime.combine(following, time.min, zone)


def month_calendar(events, month_start, month_end, imported=()):
    """Weeks (Sunday first) of {"date", "in_month", "events", "imported"} for a month grid;
    events is a queryset already filtered to the month, imported the mirrored events."""
    by_day = {}
    for event in events.order_by("starts_at").only("pk", "title", "url_path", "starts_at"):
        by_day.setdefault(timezone.localtime(event.starts_at).date(), []).append(event)
    imported_by_day = {}
    for event in imported:
        imported_by_day.setdefault(timezone.localtime(event.starts_at).date(), []).append(event)
    grid = calendar.Calendar(firstweekday=6).monthdatescalendar(month_start.year, month_start.month)
    return [
        [
            {
                "date": day,
                "in_month": day.month == month_start.month,
                "events": by_day.get(day, []),
                "imported": imported_by_day.get(day, []),
            }
            for day in week
        ]
        for week in grid
    ]


def event_listing(index, request):
    now = timezone.now()
    params = request.GET
    events = queries.index_events(index, params)
    month = _month(params.get("month", ""))
    if parse_choice(params.get("view"), ("list", "calendar")) == "calendar":
        today = timezone.localdate()
        month = month or _month(f"{today.year}-{today.month}")
        in_month = events.model.objects.filter(
            pk__in=events.order_by().values("pk"), starts_at__gte=month[0], starts_at__lt=month[1]
        )
        previous = month[0] - timedelta(days=1)
        query = params.copy()
        query.pop("month", None)
        weeks = month_calendar(
            in_month,
            *month,
            imported=queries.label_imported(
                list(
                    queries.imported_for(index, params).filter(
                        starts_at__gte=month[0], starts_at__lt=month[1]
                    )
                ),
                index,
                request,
            ),
        )
        return {
            "view": "calendar",
            "weeks": weeks,
            # On a phone the month is a list of its days with events (site.css): say when none.
            "month_empty": not any(
                day["in_month"] and (day["events"] or day["imported"])
                for week in weeks
                for day in week
            ),
            "month_start": month[0],
            "previous_month": f"{previous.year}-{previous.month:02d}",
            "next_month": f"{month[1].year}-{month[1].month:02d}",
            "query": query.urlencode(),
            **_filter_choices(index, params),
        }
    when = parse_choice(params.get("when"), ("upcoming", "past"), "upcoming")
    if when == "past":
        events = events.filter(starts_at__lt=now).order_by("-starts_at")
    else:
        events = events.filter(not_over(now)).order_by("starts_at")
    if month:
        events = events.filter(starts_at__gte=month[0], starts_at__lt=month[1])
    # Count and slice the plain query; the availability subqueries run for one page only.
    page_obj = Paginator(events.only("pk"), 20).get_page(params.get("page"))
    page_obj.object_list = with_photos(
        queries.label_platforms(
            queries.with_availability([e.pk for e in page_obj.object_list]), index
        )
    )
    query = params.copy()
    query.pop("page", None)
    imported = queries.imported_for(index, params)
    imported = (
        imported.filter(starts_at__lt=now) if when == "past" else imported.filter(ends_at__gte=now)
    )
    if month:
        imported = imported.filter(starts_at__gte=month[0], starts_at__lt=month[1])
    return {
        "view": "list",
        "events": page_obj,
        "imported": queries.label_imported(list(imported[:IMPORTED_SHOWN]), index, request),
        "when": when,
        "past": when == "past",
        "query": query.urlencode(),
        **_filter_choices(index, params),
    }


def _filter_choices(index, params):
    feed_query = urlencode(
        {name: params[name] for name in queries.FEED_FILTERS if params.get(name)}
    )
    topics = Topic.objects.filter(locale_id=index.locale_id)
    return {
        "filters": params,
        "feed_query": feed_query,
        "categories": EventPage.Category.choices,
        "topics": topics,
        "areas": queries.index_areas(index),
        # On a prefecture's platform: its municipalities, to show one only.
        "municipalities": queries.municipalities(index),
    }


@rate_limited("form")
def feedback(request, reference, token):
    """The questionnaire after the event, opened from the mail's private link: one answer per
    registration (sending it again changes nothing)."""
    registration = (
        Registration.objects.filter(reference=reference, status=Status.ATTENDED)
        .select_related("event")
        .first()
    )
    if registration is None or resolve_token(token, registration.feedback_token_purpose) is None:
        return TemplateResponse(request, "events/link_invalid.html", status=404)
    answered = Feedback.objects.filter(registration=registration).exists()
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.record_feedback(registration, **form.cleaned_data)
        except services.FeedbackError as error:
            attach(form, error)
        else:
            return redirect(request.path)
    return TemplateResponse(
        request,
        "events/feedback.html",
        {
            "event": registration.event.localized,
            "title": shown_title(registration.event),
            "form": form,
            "answered": answered,
        },
    )
