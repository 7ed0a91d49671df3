"""Volunteering: every path (public pages, my page, the kiosk, the coordinators' admin,
tasks) goes through these functions, each one transaction.

Lock order, always: the volunteer row, then the shift row (`events.capacity.lock`), then the
sign-ups. The volunteer lock serialises one person's sign-ups, so two parallel requests for
overlapping shifts (or for shifts that together run too long) cannot both pass the checks;
the shift lock is what the generic capacity rules, and swaps, rely on for the last place.
The volunteer lock is FOR NO KEY UPDATE: it still excludes every other such lock, but lets
a transaction that already holds a shift write rows pointing to that volunteer (a mail to the
one whose place it takes over) without waiting for, and deadlocking with, them.

Sign-up rules (`Refusal` says which one stopped it): the shift is not cancelled, started, or
outside its sign-up window (staff may add someone outside the window); there is a place, a
waitlist, or a place offered for swap; the person has confirmed their address, holds the
role's qualification, has nothing overlapping (shifts, waitlisted shifts, registered events
and course sessions), and does not go over the opportunity's most hours in a row.

Hours in a row: the volunteer's shifts at one opportunity with gaps shorter than its
`min_break_minutes` form one stretch, counted from the start of the first to the end of the
last (a short break is no rest). A sign-up that would make a stretch of two or more shifts
longer than `max_hours_in_a_row` is refused, naming the shifts. Each coordinator's rule
covers their own opportunity's shifts; waitlisted shifts count, since promotion happens
without asking.

Swapping out (engelsystem's lesson: a shift emptied late is worse than one never filled):
- A confirmed volunteer who can no longer come offers their place (`offer_swap`) at any
  time before the shift starts, also after cancelling has closed. Until someone takes it
  they stay on the shift, counted and reminded, so a late swap never leaves it short.
- If people are waiting for the shift, the first in line gets the place at once, as with a
  cancellation; the one who offered is free.
- Otherwise the place shows in the list of shifts. The next volunteer who signs up for that
  shift takes over the oldest offered place (before any free one: the one who offered is
  not coming, so replacing them is what the shift needs), under the same locks and rules as
  any sign-up: capacity, clashes, qualification, hours in a row.
- The one who offered may withdraw the offer while nobody has taken it, or cancel outright
  while cancelling is open. Coordinators see pending offers and handovers on the roster.
- Mails: the offer is acknowledged; when the place is passed on, the one who offered is told
  they are free, and the one who took it is told it is theirs.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cms.core import outbox
from cms.core.text import normalise_email
from cms.people.models import Person
from cms.people.retention import register_hold
from cms.people.services import record_consent, touch, valid_grant
from events import capacity
from events.capacity import HOLDING, LIVE, CapacityError, Status
from events.models import EventSession
from volunteers.models import (
    Shift,
    ShiftMessage,
    ShiftSignup,
    Volunteer,
    VolunteerMail,
    worked_hours,
)

CONSENT_PURPOSE = "volunteer"
#: Private link to my page; the calendar feed has its own, revocable on its own.
MY_PAGE = "volunteer"
CALENDAR = "volunteer-calendar"
CONFIRM = "volunteer-confirm"
CONFIRM_VALID = timedelta(days=7)


@dataclass(frozen=True)
class Refusal:
    """Why a sign-up or a cancellation cannot happen, with what it concerns."""

    code: str
    params: dict = field(default_factory=dict)

    MESSAGES = {
        "cancelled": _("This shift has been cancelled."),
        "ended": _("This shift has already started or ended."),
        "not_yet_open": _("Sign-up opens on %(opens)s."),
        "closed": _("Sign-up has closed; please call the contact."),
        "full": _("This shift is full."),
        "clash_shift": _("It overlaps your shift “%(name)s” (%(when)s)."),
        "clash_event": _("It overlaps “%(name)s” (%(when)s), which you registered for."),
        "qualification": _("This role needs the qualification “%(name)s”."),
        "already": _("You have already signed up for this shift."),
        "unconfirmed": _("Please confirm your e-mail address first."),
        "cancel_closed": _(
            "It is too late to cancel online: offer your place to others instead, or call "
            "the contact."
        ),
        "not_allowed": _("This sign-up cannot be changed that way."),
        "too_many_hours": _(
            "With your shifts %(shifts)s this would be %(hours)s hours in a row; here at most "
            "%(most)s hours in a row are possible, with breaks of at least %(gap)s minutes."
        ),
        "swap_waitlisted": _("You are on the waitlist: simply leave it if you cannot come."),
        "swap_already": _("You have already offered your place."),
        "swap_taken": _("Someone has already taken over your place."),
        "swap_none": _("You have not offered your place."),
    }

    @property
    def message(self):
        return self.MESSAGES[self.code] % self.params if self.params else self.MESSAGES[self.code]

    def __str__(self):
        return str(self.message)


class SignupError(Exception):
    def __init__(self, refusal):
        self.refusal = refusal
        super().__init__(refusal.code)

    @property
    def message(self):
        return self.refusal.message


def _when(start, end):
    start, end = timezone.localtime(start), timezone.localtime(end)
    return f"{formats.date_format(start, 'SHORT_DATETIME_FORMAT')}–{end:%H:%M}"


def opens_at(shift):
    return shift.starts_at - timedelta(days=shift.opportunity.signup_opens_days)


def closes_at(shift):
    return shift.starts_at - timedelta(hours=shift.opportunity.signup_closes_hours)


def cancel_closes_at(shift):
    return shift.starts_at - timedelta(hours=shift.opportunity.cancel_closes_hours)


def shift_refusal(shift, *, held, waiting=0, offered=0, now=None):
    """What stops anyone signing up for this shift now, from the shift alone (`held`: places
    taken, `waiting`: people in line, `offered`: places offered for swap); None when it is
    open. A full shift with a waitlist is open: the newcomer queues; so is a full shift with a
    place offered for swap: the newcomer takes it over."""
    now = now or timezone.now()
    if shift.cancelled_at:
        return Refusal("cancelled")
    if now >= shift.starts_at:
        return Refusal("ended")
    if now < opens_at(shift):
        opens = formats.date_format(timezone.localtime(opens_at(shift)), "SHORT_DATETIME_FORMAT")
        return Refusal("not_yet_open", {"opens": opens})
    if now >= closes_at(shift):
        return Refusal("closed")
    full = shift.capacity is not None and (held >= shift.capacity or waiting)
    if full and not offered and not shift.opportunity.waitlist_enabled:
        return Refusal("full")
    return None


def _same_person(volunteer):
    """Event registrations of this volunteer: each registration makes its own Person, so
    they are found by the volunteer's confirmed address as well as by the record itself."""
    same = Q(page__registrations__person_id=volunteer.person_id)
    email = volunteer.person.email
    if email and volunteer.email_confirmed_at:
        same |= Q(page__registrations__person__email__iexact=email)
    return same


class Booked(NamedTuple):
    """One of a volunteer's live shifts, as the checks need it."""

    pk: int
    name: str
    starts_at: datetime
    ends_at: datetime
    opportunity_id: int

    @property
    def label(self):
        return f"{self.name} {_when(self.starts_at, self.ends_at)}"


def _hours(duration):
    """7, 7.5: hours for a sentence."""
    return f"{round(duration.total_seconds() / 3600, 2):g}"


@dataclass
class Commitments:
    """What a volunteer has on: live shift sign-ups and confirmed event sessions, and which
    qualifications they hold. Loaded in a fixed number of queries for any number of shifts."""

    signups: dict  # shift pk -> ShiftSignup
    shifts: list  # Booked
    sessions: list  # (name, start, end)
    qualified: dict = field(default_factory=dict)  # qualification pk -> bool

    @classmethod
    def load(cls, volunteer, on=None):
        signups = {
            s.shift_id: s
            for s in ShiftSignup.objects.filter(volunteer=volunteer, status__in=LIVE)
            .select_related("shift__role")
            .order_by("pk")
        }
        shifts = [
            Booked(
                s.shift_id,
                str(s.shift.role),
                s.shift.starts_at,
                s.shift.ends_at,
                s.shift.opportunity_id,
            )
            for s in signups.values()
        ]
        sessions = [
            (
                session.page.title
                if not session.title
                else f"{session.page.title} {session.title}",
                session.starts_at,
                session.ends_at,
            )
            for session in EventSession.objects.filter(
                _same_person(volunteer),
                page__registrations__status__in=HOLDING,
                page__cancelled_at__isnull=True,
            )
            .select_related("page")
            .distinct()
        ]
        return cls(signups=signups, shifts=shifts, sessions=sessions)

    def qualifies(self, volunteer, qualification, on):
        if qualification is None:
            return True
        if qualification.pk not in self.qualified:
            # A supporter's grant belongs to the person of their course registration; the
            # volunteer's confirmed address is how the same resident shows it here.
            email = volunteer.person.email if volunteer.email_confirmed_at else ""
            grant = valid_grant(qualification, person=volunteer.person, email=email, on=on)
            self.qualified[qualification.pk] = grant is not None
        return self.qualified[qualification.pk]

    def stretch(self, shift):
        """The volunteer's other shifts at this shift's opportunity that would run into it
        without a real break (directly or through each other), and the stretch's length."""
        gap = timedelta(minutes=shift.opportunity.min_break_minutes)
        start, end = shift.starts_at, shift.ends_at
        others = [b for b in self.shifts if b.opportunity_id == shift.opportunity_id]
        joined = []
        grown = True
        while grown:
            grown = False
            for booked in others:
                if booked.pk == shift.pk or booked in joined:
                    continue
                if booked.starts_at < end + gap and booked.ends_at > start - gap:
                    joined.append(booked)
                    start, end = min(start, booked.starts_at), max(end, booked.ends_at)
                    grown = True
        return sorted(joined, key=lambda b: b.starts_at), end - start

    def refusal(self, volunteer, shift):
        """What stops this volunteer in particular (None if nothing)."""
        if shift.pk in self.signups:
            return Refusal("already")
        if volunteer.email_confirmed_at is None:
            return Refusal("unconfirmed")
        for booked in self.shifts:
            if (
                booked.pk != shift.pk
                and booked.starts_at < shift.ends_at
                and booked.ends_at > shift.starts_at
            ):
                return Refusal(
                    "clash_shift",
                    {"name": booked.name, "when": _when(booked.starts_at, booked.ends_at)},
                )
        for name, start, end in self.sessions:
            if start < shift.ends_at and end > shift.starts_at:
                return Refusal("clash_event", {"name": name, "when": _when(start, end)})
        qualification = shift.role.qualification
        if not self.qualifies(volunteer, qualification, timezone.localdate(shift.starts_at)):
            return Refusal("qualification", {"name": qualification.localized.name})
        most = shift.opportunity.max_hours_in_a_row
        if most is not None:
            joined, length = self.stretch(shift)
            if joined and length > timedelta(hours=most):
                return Refusal(
                    "too_many_hours",
                    {
                        "shifts": " / ".join(booked.label for booked in joined),
                        "hours": _hours(length),
                        "most": most,
                        "gap": shift.opportunity.min_break_minutes,
                    },
                )
        return None


def annotate_places(shifts):
    """Shifts with `held` (places taken), `waiting` (people in line) and `offered` (places
    offered for swap), in the same query."""
    return shifts.annotate(
        held=Sum("signups__seats", filter=Q(signups__status__in=HOLDING), default=0),
        waiting=Count("signups", filter=Q(signups__status=Status.WAITLISTED)),
        offered=Count(
            "signups",
            filter=Q(signups__status=Status.CONFIRMED, signups__swap_offered_at__isnull=False),
        ),
    )


def _places(shift):
    """The shift with its places counted and what the checks read, in one query."""
    return (
        annotate_places(Shift.objects.filter(pk=shift.pk))
        .select_related("opportunity", "role__qualification")
        .get()
    )


def check(volunteer, shift, *, now=None):
    """The reason this volunteer cannot sign up for this shift now, or None. For pages; the
    sign-up itself checks again under lock."""
    shift = _places(shift)
    refusal = shift_refusal(
        shift, held=shift.held, waiting=shift.waiting, offered=shift.offered, now=now
    )
    if refusal is None and volunteer is not None:
        refusal = Commitments.load(volunteer).refusal(volunteer, shift)
    return refusal


# Mail ----------------------------------------------------------------------------------------


def _mail(volunteer, kind, **about):
    """Write a mail to the volunteer into the outbox; it goes out after the commit. Nobody
    without an address gets a row (people added by staff from a phone call)."""
    if not volunteer.person.email:
        return None
    mail = VolunteerMail.objects.create(volunteer=volunteer, kind=kind, **about)
    mail.queue()
    return mail


def _mail_link(volunteer, opportunity=None):
    """The link to my page, asked for from a public form (capped like every such mail)."""
    if outbox.at_hourly_cap(volunteer.mails.filter(kind=VolunteerMail.Kind.LINK)):
        return None
    return _mail(volunteer, VolunteerMail.Kind.LINK, opportunity=opportunity)


# Volunteers --------------------------------------------------------------------------------


@transaction.atomic
def register_volunteer(
    *,
    name,
    email,
    name_kana="",
    phone="",
    language="ja",
    languages=(),
    skills=(),
    consent_version="",
    staff_user=None,
    opportunity=None,
):
    """Sign someone up as a volunteer, or, if the address is already known, only send the link
    again: the page says the same either way, so nobody learns who volunteers. Returns
    (volunteer, created). `opportunity`: joined from its kiosk page, so the mail's link leads
    on to its shifts."""
    email = normalise_email(email or "")
    existing = None
    if email:
        existing = (
            Volunteer.objects.select_for_update(of=("self",), no_key=True)
            .filter(person__email__iexact=email, person__erased_at__isnull=True)
            .select_related("person")
            .first()
        )
    if existing is not None:
        _mail_link(existing, opportunity)
        return existing, False
    person = Person.objects.create(
        name=name,
        name_kana=name_kana,
        email=email,
        phone=phone,
        language=language,
        last_active_at=timezone.now(),
    )
    volunteer = Volunteer.objects.create(
        person=person,
        languages=list(languages),
        skills=list(skills),
        created_by=staff_user,
        # Staff heard the address from the person (paper, phone): no loop through a mail.
        email_confirmed_at=timezone.now() if staff_user is not None else None,
    )
    if consent_version:
        record_consent(person, CONSENT_PURPOSE, consent_version)
    if staff_user is None:
        _mail(volunteer, VolunteerMail.Kind.CONFIRM, opportunity=opportunity)
    return volunteer, True


@transaction.atomic
def confirm_email(volunteer, *, now=None):
    volunteer = Volunteer.objects.select_for_update(no_key=True).get(pk=volunteer.pk)
    if volunteer.email_confirmed_at is None:
        volunteer.email_confirmed_at = now or timezone.now()
        volunteer.save(update_fields=["email_confirmed_at"])
    touch(volunteer.person)
    return volunteer


@transaction.atomic
def request_link(email, *, opportunity=None):
    """Send my page's link to this address if a volunteer has it; nothing otherwise (and the
    caller says the same thing in both cases). From a kiosk page (`opportunity`), the link
    leads to that opportunity's shifts."""
    email = normalise_email(email or "")
    volunteer = (
        Volunteer.objects.filter(person__email__iexact=email, person__erased_at__isnull=True)
        .select_related("person")
        .first()
        if email
        else None
    )
    if volunteer is not None:
        _mail_link(volunteer, opportunity)


# Sign-ups ----------------------------------------------------------------------------------


@transaction.atomic
def sign_up(volunteer, shift, *, staff_user=None, now=None):
    """Put a volunteer on a shift: confirmed when a place is free and nobody waits, in the
    place of someone who offered theirs for swap if there is one, otherwise in line (if the
    opportunity keeps a waitlist). Raises SignupError with the reason.

    Staff (adding someone who phoned) may sign up outside the sign-up window, never for a
    started or cancelled shift, and the person's clashes, qualification and hours in a row
    still apply."""
    now = now or timezone.now()
    volunteer = Volunteer.objects.select_for_update(no_key=True).get(pk=volunteer.pk)
    shift = capacity.lock(shift)
    shift = _places(shift)
    refusal = shift_refusal(
        shift, held=shift.held, waiting=shift.waiting, offered=shift.offered, now=now
    )
    if refusal and not (staff_user and refusal.code in ("not_yet_open", "closed")):
        raise SignupError(refusal)
    refusal = Commitments.load(volunteer).refusal(volunteer, shift)
    if refusal and not (staff_user and refusal.code == "unconfirmed"):
        raise SignupError(refusal)
    signup = (
        ShiftSignup.objects.select_for_update()
        .filter(shift=shift, volunteer=volunteer)
        .order_by("-created_at", "-pk")
        .first()
    ) or ShiftSignup(shift=shift, volunteer=volunteer)
    signup.created_by = staff_user
    signup.seats = 1
    signup.no_show = False
    signup.swap_offered_at = None
    signup.handed_over_to = None
    offered = None
    if shift.offered and not shift.waiting:
        offered = (
            shift.seat_claims()
            .select_for_update()
            .filter(status=Status.CONFIRMED, swap_offered_at__isnull=False)
            .order_by("swap_offered_at", "pk")
            .first()
        )
    if offered is not None:
        # Free the place first, so that the capacity rules give it to the taker.
        offered = capacity.release(shift, offered, now=now)
    try:
        capacity.claim_seats(shift, signup, now=now)
    except CapacityError as error:
        raise SignupError(Refusal(error.reason)) from error
    if offered is not None:
        offered.handed_over_to = signup
        offered.save(update_fields=["handed_over_to"])
        _mail(offered.volunteer, VolunteerMail.Kind.HANDED_OVER, signup=offered)
        _mail(volunteer, VolunteerMail.Kind.TOOK_OVER, signup=signup)
    touch(volunteer.person)
    return signup


def cancel_refusal(signup, *, now=None):
    now = now or timezone.now()
    if signup.status not in LIVE:
        return Refusal("not_allowed")
    if now >= signup.shift.starts_at:
        return Refusal("ended")
    # Leaving the waitlist is always possible: nobody counts on someone in line.
    if signup.status != Status.WAITLISTED and now >= cancel_closes_at(signup.shift):
        return Refusal("cancel_closed")
    return None


@transaction.atomic
def cancel_signup(signup, *, staff_user=None, now=None):
    """Cancel a sign-up or leave the waitlist; the place goes to the next in line. Volunteers
    cannot cancel within the opportunity's cancellation period; staff can until the start."""
    now = now or timezone.now()
    shift = capacity.lock(signup.shift)
    signup = (
        ShiftSignup.objects.select_for_update(of=("self",))
        .select_related("shift__opportunity")
        .get(pk=signup.pk)
    )
    refusal = cancel_refusal(signup, now=now)
    if refusal and not (staff_user and refusal.code == "cancel_closed"):
        raise SignupError(refusal)
    return capacity.release(shift, signup, now=now)


# Swapping out ------------------------------------------------------------------------------


def swap_refusal(signup, *, now=None):
    """Why this sign-up's place cannot be offered for swap now, or None."""
    now = now or timezone.now()
    if signup.status == Status.WAITLISTED:
        return Refusal("swap_waitlisted")
    if signup.status != Status.CONFIRMED or signup.no_show:
        return Refusal("not_allowed")
    if signup.shift.cancelled_at:
        return Refusal("cancelled")
    if now >= signup.shift.starts_at:
        return Refusal("ended")
    if signup.swap_offered_at is not None:
        return Refusal("swap_already")
    return None


def _lock_signup(signup):
    """Lock in the order of the module: the volunteer, the shift, the sign-up."""
    Volunteer.objects.select_for_update(no_key=True).get(pk=signup.volunteer_id)
    shift = capacity.lock(signup.shift)
    signup = (
        ShiftSignup.objects.select_for_update(of=("self",))
        .select_related("shift__opportunity", "volunteer__person")
        .get(pk=signup.pk)
    )
    return shift, signup


@transaction.atomic
def offer_swap(signup, *, now=None):
    """The volunteer cannot come and offers their place: the first in line gets it at once;
    with nobody waiting, the place is offered in the list of shifts and the volunteer stays
    on the shift until someone takes it (see the module's rules)."""
    now = now or timezone.now()
    shift, signup = _lock_signup(signup)
    refusal = swap_refusal(signup, now=now)
    if refusal:
        raise SignupError(refusal)
    signup.swap_offered_at = now
    signup.save(update_fields=["swap_offered_at"])
    first = shift.seat_claims().filter(status=Status.WAITLISTED).order_by("queued_at", "pk").first()
    if first is None:
        _mail(signup.volunteer, VolunteerMail.Kind.SWAP_OFFERED, signup=signup)
        return signup
    signup = capacity.release(shift, signup, now=now)
    first.refresh_from_db()
    if first.status in HOLDING:
        signup.handed_over_to = first
        signup.save(update_fields=["handed_over_to"])
    _mail(signup.volunteer, VolunteerMail.Kind.HANDED_OVER, signup=signup)
    return signup


@transaction.atomic
def withdraw_swap(signup, *, now=None):
    """The volunteer can come after all: the offer ends, they stay on the shift."""
    _shift, signup = _lock_signup(signup)
    if signup.handed_over_to_id is not None:
        raise SignupError(Refusal("swap_taken"))
    if not signup.swap_pending:
        raise SignupError(Refusal("swap_none"))
    signup.swap_offered_at = None
    signup.save(update_fields=["swap_offered_at"])
    return signup


# Shifts --------------------------------------------------------------------------------------


@transaction.atomic
def cancel_shift(shift, *, now=None):
    """Cancel a whole shift: everyone on it (or waiting for it) is cancelled and told."""
    now = now or timezone.now()
    shift = capacity.lock(shift)
    shift.cancelled_at = shift.cancelled_at or now
    shift.save(update_fields=["cancelled_at"])
    for signup in (
        shift.seat_claims()
        .select_for_update(of=("self",))
        .filter(status__in=LIVE)
        .select_related("volunteer__person")
    ):
        signup.move_to(Status.CANCELLED, now)
        signup.save()
        _mail(signup.volunteer, VolunteerMail.Kind.SHIFT_CANCELLED, signup=signup)
    return shift


def notify_status_change(signup, previous_status):
    """Called by the capacity core inside its transaction: a promotion off the waitlist gets a
    "a place opened up" mail."""
    if previous_status == Status.WAITLISTED and signup.status == Status.CONFIRMED:
        volunteer = Volunteer.objects.select_related("person").get(pk=signup.volunteer_id)
        _mail(volunteer, VolunteerMail.Kind.PLACE_OPENED, signup=signup)


# Show up -----------------------------------------------------------------------------------


def resolve_times(shift, in_time, out_time):
    """Aware datetimes for clock times on the shift's day: a check-out earlier than the
    check-in is on the next day (a night shift)."""
    day = timezone.localtime(shift.starts_at).date()
    tz = timezone.get_current_timezone()
    checked_in = datetime.combine(day, in_time, tzinfo=tz)
    checked_out = None
    if out_time is not None:
        checked_out = datetime.combine(day, out_time, tzinfo=tz)
        if checked_out <= checked_in:
            checked_out += timedelta(days=1)
    return checked_in, checked_out


@transaction.atomic
def record_attendance(signup, *, checked_in_at, checked_out_at=None, now=None):
    """Check a volunteer in (and out): they attended, and their hours are counted. An offer
    to swap ends: they came."""
    now = now or timezone.now()
    capacity.lock(signup.shift)
    signup = ShiftSignup.objects.select_for_update().get(pk=signup.pk)
    if signup.status == Status.CONFIRMED:
        signup.move_to(Status.ATTENDED, now)
    elif signup.status != Status.ATTENDED:
        raise SignupError(Refusal("not_allowed"))
    signup.checked_in_at = checked_in_at
    signup.checked_out_at = checked_out_at
    signup.hours = worked_hours(checked_in_at, checked_out_at)
    signup.no_show = False
    signup.swap_offered_at = None
    signup.save()
    return signup


@transaction.atomic
def mark_no_show(signup, *, now=None):
    """They did not come: the place stays counted (it was promised), no hours."""
    signup = ShiftSignup.objects.select_for_update().get(pk=signup.pk)
    if signup.status == Status.ATTENDED:
        signup.move_to(Status.CONFIRMED, now)
    elif signup.status != Status.CONFIRMED:
        raise SignupError(Refusal("not_allowed"))
    signup.no_show = True
    signup.checked_in_at = signup.checked_out_at = signup.hours = None
    signup.save()
    return signup


def due_reminders(now=None):
    """Confirmed sign-ups whose shift starts within the next day and who had no reminder."""
    now = now or timezone.now()
    return ShiftSignup.objects.filter(
        status=Status.CONFIRMED,
        reminder_queued_at__isnull=True,
        shift__cancelled_at__isnull=True,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + timedelta(days=1),
    ).order_by("pk")


@transaction.atomic
def queue_reminders(now=None):
    """Write the day-before reminder of every due sign-up, each one once (claimed by a
    conditional update, so two runs at once write one). Returns how many were written."""
    now = now or timezone.now()
    written = 0
    for signup in due_reminders(now).select_related("volunteer__person"):
        claimed = ShiftSignup.objects.filter(pk=signup.pk, reminder_queued_at__isnull=True).update(
            reminder_queued_at=now
        )
        if claimed and _mail(signup.volunteer, VolunteerMail.Kind.REMINDER, signup=signup):
            written += 1
    return written


@register_hold
def people_with_future_shifts(people):
    """Nobody is erased while they are down for a shift still to come."""
    return people.filter(
        volunteer__signups__status__in=LIVE,
        volunteer__signups__shift__ends_at__gt=timezone.now(),
    )


@transaction.atomic
def shift_edited(shift, *, now=None):
    """After an editor saved a shift: a cancellation cancels its sign-ups, more places go to
    the waitlist."""
    if shift.cancelled_at and shift.seat_claims().filter(status__in=LIVE).exists():
        return cancel_shift(shift, now=now)
    capacity.fill(shift, now=now)
    return shift


@transaction.atomic
def message_shift(shift, *, subject, body, sent_by=None):
    """Write to everyone on a shift or waiting for it: one outbox mail each, sent once."""
    shift = capacity.lock(shift)
    message = ShiftMessage.objects.create(shift=shift, subject=subject, body=body, sent_by=sent_by)
    signups = shift.seat_claims().filter(status__in=LIVE).select_related("volunteer__person")
    message.recipients = sum(
        _mail(
            signup.volunteer, VolunteerMail.Kind.SHIFT_MESSAGE, signup=signup, shift_message=message
        )
        is not None
        for signup in signups
    )
    message.save(update_fields=["recipients"])
    return message
