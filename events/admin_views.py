"""Staff views in the Wagtail admin: an event's registrations (search, waitlist order, add on
someone's behalf, cancel, CSV and Excel export) and the check-in page for the day.

Whoever may edit an event page and holds the registration permissions (the secretariat's
role, `cms.core.roles`) may manage its registrations: editing the page alone does not show
who registered. Every change goes through `events.services`, so the admin cannot overbook
either."""

import functools

from django import forms
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.errors import attach
from cms.core.exports import export_response, logged_export, logged_view
from cms.core.guards import may_edit, require
from cms.core.params import parse_int, parse_text
from cms.core.text import clean_text, to_hiragana
from cms.core.yearly import redirect_to_report
from events import platforms, queries, reports, services
from events.capacity import HOLDING, Status
from events.discreet import neutral_title
from events.forms import RegistrationForm
from events.models import EventPage, EventSession, Registration, TrackChoice
from events.services.tracks import tracks_by_session


def _event_for(request, event_id, *permissions):
    event = get_object_or_404(EventPage, pk=event_id).source
    # Page rights alone are not enough: a role group may hold them on every site's pages.
    allowed = may_edit(event, request) and platforms.staff_holds(request.user, event)
    require(request, "events.view_registration", *permissions, allowed=allowed)
    return event


def _registrations(event, query=""):
    # Holders first, then the waitlist in line order, then the ended ones.
    order = Case(
        When(status__in=HOLDING, then=Value(0)),
        When(status=Status.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    registrations = (
        Registration.objects.filter(event=event)
        .select_related("person", "quota")
        .annotate(group=order)
        .order_by("group", "queued_at", "created_at", "pk")
    )
    query = parse_text(query, max_length=100)
    if query:
        registrations = registrations.filter(
            Q(person__name__icontains=query)
            | Q(person__name_kana__icontains=to_hiragana(query))
            | Q(person__email__icontains=query)
            | Q(person__phone__icontains=query)
        )
    return registrations


def _with_tracks(event, registrations):
    """The sessions with tracks (what the columns are headed with), and on each registration
    `tracks_shown`, the label of its track in each of them ("" where none is chosen): one
    query for an event without tracks, three with."""
    offered = tracks_by_session(event)
    if not offered:
        return []
    prefetch_related_objects(
        registrations,
        Prefetch("track_choices", queryset=TrackChoice.objects.select_related("track")),
    )
    sessions = EventSession.objects.in_bulk(list(offered))
    for registration in registrations:
        chosen = {c.session_id: c.track.label for c in registration.track_choices.all()}
        registration.tracks_shown = [chosen.get(session_id, "") for session_id in offered]
    return [sessions[session_id] for session_id in offered]


def _counts(event):
    rows = queries.availability(event)
    waiting = dict(
        Registration.objects.filter(event=event, status=Status.WAITLISTED)
        .values_list("quota")
        .annotate(n=Count("pk"))
    )
    attended = Registration.objects.filter(event=event, status=Status.ATTENDED).count()
    for row in rows:
        row["waiting"] = waiting.get(row["quota"].pk, 0)
    return {"rows": rows, "attended": attended, "figures": reports.attendance_figures(event)}


def registration_list(request, event_id):
    event = _event_for(request, event_id)
    query = request.GET.get("q", "")
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, pk=parse_int(request.POST.get("registration")), event=event
        )
        try:
            services.cancel_registration(registration)
            messages.success(request, _("The registration is cancelled."))
        except services.RegistrationError as error:
            messages.error(request, error.message)
        return redirect(request.get_full_path())
    registrations = list(_registrations(event, query))
    position = 0
    for registration in registrations:
        if registration.status == Status.WAITLISTED:
            position += 1
            registration.position = position
    track_sessions = _with_tracks(event, registrations)
    logged_view(request, "registrations", event, len(registrations))
    return TemplateResponse(
        request,
        "events/admin/registrations.html",
        {
            "event": event,
            "registrations": registrations,
            "query": query,
            "track_sessions": track_sessions,
            **_counts(event),
        },
    )


class StaffRegistrationForm(RegistrationForm):
    override_reason = forms.CharField(
        label=gettext_lazy("Confirm beyond capacity, because"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Leave empty to follow the capacity (the person joins the waitlist when full) "
            "and the event's most companions per registration."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, staff=True, **kwargs)


def registration_add(request, event_id):
    event = _event_for(request, event_id, "events.add_registration")
    form = StaffRegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            registration, created = services.register(
                event,
                **form.registration(),
                staff_user=request.user,
                override_reason=form.cleaned_data["override_reason"],
            )
        except services.RegistrationError as error:
            attach(form, error)
        else:
            if created:
                messages.success(
                    request,
                    _("%(name)s is registered: %(status)s.")
                    % {
                        "name": registration.person.name,
                        "status": registration.get_status_display(),
                    },
                )
            else:
                messages.warning(request, _("This person was already registered."))
            return redirect("events_admin:registrations", event.pk)
    return TemplateResponse(
        request, "events/admin/registration_add.html", {"event": event, "form": form}
    )


EXPORT_COLUMNS = [
    (gettext_lazy("Registration status"), lambda r: r.get_status_display()),
    (gettext_lazy("Waitlist position"), lambda r: getattr(r, "position", "")),
    (gettext_lazy("Name"), lambda r: r.person.name),
    (gettext_lazy("Name in kana"), lambda r: r.person.name_kana),
    (gettext_lazy("E-mail"), lambda r: r.person.email),
    (gettext_lazy("Phone"), lambda r: r.person.phone),
    (gettext_lazy("Places"), lambda r: str(r.quota)),
    (gettext_lazy("Seats"), lambda r: r.seats),
    (gettext_lazy("Registered"), lambda r: r.created_at),
    (gettext_lazy("Beyond capacity because"), lambda r: r.override_reason),
    (gettext_lazy("Checked in"), lambda r: r.attended_at),
]


def registration_export(request, event_id, file_format):
    """The registrations as CSV or Excel (`cms.core.exports`). Each export is logged:
    personal data leaves the system."""
    event = _event_for(request, event_id)
    registrations = list(_registrations(event))
    position = 0
    for registration in registrations:
        if registration.status == Status.WAITLISTED:
            position += 1
            registration.position = position
    questions = [q.label for q in event.questions.all()]
    track_headers = [
        _("Track of %(session)s") % {"session": session}
        for session in _with_tracks(event, registrations)
    ]
    rows = []
    for registration in registrations:
        answers = {a.get("question"): a.get("answer") for a in registration.answers}
        row = [get(registration) for _label, get in EXPORT_COLUMNS]
        row += getattr(registration, "tracks_shown", [])
        for label in questions:
            answer = answers.get(label)
            row.append("、".join(answer) if isinstance(answer, list) else answer)
        rows.append(row)
    logged_export(request, "registrations", event, len(registrations), file_format)
    return export_response(
        [label for label, _get in EXPORT_COLUMNS] + track_headers + questions,
        rows,
        f"registrations-{event.pk}",
        file_format,
        title=event.title,
    )


@functools.cache
def scanner_decoder_available():
    """Whether `make vendor` copied jsQR from npm: browsers without BarcodeDetector then scan
    with it. Without either, the code field alone (typing, hand-held scanners) works."""
    return finders.find("vendor/jsqr/jsQR.js") is not None


def _check_in_code(request, event):
    """A scanned or typed check-in code: a message for the next page, or the error to show
    next to the code field."""
    registration, newly = services.check_in_by_code(event, request.POST.get("code", ""))
    if newly:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.person.name})
    else:
        messages.info(
            request,
            _("%(name)s was already checked in at %(time)s; nothing changed.")
            % {
                "name": registration.person.name,
                "time": formats.time_format(timezone.localtime(registration.attended_at)),
            },
        )


def _check_in_heading(event):
    """The check-in screen is seen at the door by the people checking in: a discreet event is
    only its neutral title and date there (events.discreet)."""
    if not event.discreet:
        return event.title
    when = timezone.localtime(event.starts_at) if event.starts_at else None
    day = formats.date_format(when, "SHORT_DATE_FORMAT") if when else ""
    return " ".join(part for part in (neutral_title(event), day) if part)


def check_in(request, event_id):
    """For a phone at the door: scan or type the code from the confirmation, or find by name
    or kana; mark attended, add walk-ins. Each check-in redirects, so the counts are fresh and
    reloading the page does not post again."""
    event = _event_for(request, event_id, "events.change_registration")
    query = request.GET.get("q", "")
    code, code_error = "", None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "code":
                _check_in_code(request, event)
            elif request.POST.get("action") == "walk_in":
                name = clean_text(request.POST.get("name", ""))[:100]
                if not name:
                    raise services.RegistrationError("not_allowed")
                services.register_walk_in(
                    event,
                    quota=services.quota_for(event, request.POST.get("quota")),
                    name=name,
                    name_kana=to_hiragana(clean_text(request.POST.get("name_kana", ""))[:100]),
                    staff_user=request.user,
                )
                messages.success(
                    request, _("%(name)s is checked in as a walk-in.") % {"name": name}
                )
            else:
                registration = get_object_or_404(
                    Registration, pk=parse_int(request.POST.get("registration")), event=event
                )
                services.check_in(registration)
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": registration.person.name}
                )
        except services.RegistrationError as error:
            if request.POST.get("action") != "code":
                messages.error(request, error.message)
                return redirect(request.get_full_path())
            # Shown beside the field with what was scanned, so staff can see and correct it.
            code, code_error = request.POST.get("code", "")[:100], error.message
        else:
            return redirect(request.get_full_path())
    registrations = _registrations(event, query).filter(
        status__in=(Status.CONFIRMED, Status.ATTENDED)
    )
    registrations = list(registrations if query else registrations[:50])
    logged_view(request, "check-in", event, len(registrations))
    return TemplateResponse(
        request,
        "events/admin/check_in.html",
        {
            "event": event,
            "heading": _check_in_heading(event),
            "registrations": registrations,
            "query": query,
            "quotas": list(event.quotas.all()),
            "code": code,
            "code_error": code_error,
            "scanner_decoder": scanner_decoder_available(),
            **_counts(event),
        },
    )


class AnnouncementForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=150)
    body = forms.CharField(label=gettext_lazy("Message"), max_length=4000, widget=forms.Textarea)
    include_waitlist = forms.BooleanField(
        label=gettext_lazy("Also to people on the waitlist"), required=False
    )


def message_registrants(request, event_id):
    event = _event_for(request, event_id, "events.change_registration")
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _announcement, queued = services.message_registrants(
            event, staff_user=request.user, **form.cleaned_data
        )
        messages.success(request, _("The message goes to %(count)s people.") % {"count": queued})
        return redirect("events_admin:registrations", event.pk)
    return TemplateResponse(request, "events/admin/message.html", {"event": event, "form": form})


def _readable_event(request, event_id):
    """An event whose figures the account may read: one it may edit, or one of a platform it
    reads across (a prefecture's staff reading its municipalities' events, issue 18)."""
    event = get_object_or_404(EventPage, pk=event_id).source
    reads = platforms.staff_holds(request.user, event, readable=True) and (
        may_edit(event, request) or not platforms.staff_holds(request.user, event)
    )
    require(request, "events.view_registration", allowed=reads)
    return event


def event_report(request, event_id):
    """After the event: attendance and the questionnaire figures (no names)."""
    event = _readable_event(request, event_id)
    return TemplateResponse(
        request,
        "events/admin/report.html",
        {
            "event": event,
            "attendance": reports.attendance_figures(event),
            "feedback": reports.feedback_figures(event),
        },
    )


def yearly_report(request):
    """The yearly table of events is the "events" section of the yearly report now, which
    says who may read it."""
    return redirect_to_report(request, "events")
