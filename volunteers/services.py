"""Volunteering: every path (public pages, my page, the coordinators' admin, tasks) goes
through these functions, each one transaction.

Lock order, always: the volunteer row, then the shift row (`events.capacity.lock`), then the
sign-up. The volunteer lock serialises one person's sign-ups, so two parallel requests for
overlapping shifts cannot both pass the clash check; the shift lock is what the generic
capacity rules rely on for the last place."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from cms.core.text import normalise_email
from cms.people.models import Person
from cms.people.retention import register_hold
from cms.people.services import holds, record_consent, touch
from events import capacity
from events.capacity import HOLDING, LIVE, CapacityError, Status
from events.models import EventSession
from volunteers.models import Shift, ShiftMessage, ShiftSignup, Volunteer, worked_hours

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
        "cancel_closed": _("It is too late to cancel online; please call the contact."),
        "not_allowed": _("This sign-up cannot be changed that way."),
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


def shift_refusal(shift, *, held, waiting=0, now=None):
    """What stops anyone signing up for this shift now, from the shift alone (`held`: places
    taken, `waiting`: people in line); None when it is open. A full shift with a waitlist is
    open: the newcomer queues."""
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
    if full and not shift.opportunity.waitlist_enabled:
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


@dataclass
class Commitments:
    """What a volunteer has on: live shift sign-ups and confirmed event sessions, and which
    qualifications they hold. Loaded in a fixed number of queries for any number of shifts."""

    signups: dict  # shift pk -> ShiftSignup
    shifts: list  # (pk, name, start, end)
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
            (s.shift_id, str(s.shift.role), s.shift.starts_at, s.shift.ends_at)
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
            self.qualified[qualification.pk] = holds(volunteer.person, qualification, on)
        return self.qualified[qualification.pk]

    def refusal(self, volunteer, shift):
        """What stops this volunteer in particular (None if nothing)."""
        if shift.pk in self.signups:
            return Refusal("already")
        if volunteer.email_confirmed_at is None:
            return Refusal("unconfirmed")
        for pk, name, start, end in self.shifts:
            if pk != shift.pk and start < shift.ends_at and end > shift.starts_at:
                return Refusal("clash_shift", {"name": name, "when": _when(start, end)})
        for name, start, end in self.sessions:
            if start < shift.ends_at and end > shift.starts_at:
                return Refusal("clash_event", {"name": name, "when": _when(start, end)})
        qualification = shift.role.qualification
        if not self.qualifies(volunteer, qualification, timezone.localdate(shift.starts_at)):
            return Refusal("qualification", {"name": qualification.localized.name})
        return None


def annotate_places(shifts):
    """Shifts with `held` (places taken) and `waiting` (people in line), in the same query."""
    return shifts.annotate(
        held=Sum("signups__seats", filter=Q(signups__status__in=HOLDING), default=0),
        waiting=Count("signups", filter=Q(signups__status=Status.WAITLISTED)),
    )


def check(volunteer, shift, *, now=None):
    """The reason this volunteer cannot sign up for this shift now, or None. For pages; the
    sign-up itself checks again under lock."""
    shift = (
        annotate_places(Shift.objects.filter(pk=shift.pk))
        .select_related("opportunity", "role__qualification")
        .get()
    )
    refusal = shift_refusal(shift, held=shift.held, waiting=shift.waiting, now=now)
    if refusal is None and volunteer is not None:
        refusal = Commitments.load(volunteer).refusal(volunteer, shift)
    return refusal


# Volunteers --------------------------------------------------------------------------------


def _queue(task, *args):
    transaction.on_commit(lambda: async_task(task, *args))


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
):
    """Sign someone up as a volunteer, or, if the address is already known, only send the link
    again: the page says the same either way, so nobody learns who volunteers. Returns
    (volunteer, created)."""
    email = normalise_email(email or "")
    existing = None
    if email:
        existing = (
            Volunteer.objects.select_for_update(of=("self",))
            .filter(person__email__iexact=email, person__erased_at__isnull=True)
            .select_related("person")
            .first()
        )
    if existing is not None:
        _queue("volunteers.tasks.send_link", existing.pk)
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
    if email and staff_user is None:
        _queue("volunteers.tasks.send_confirmation", volunteer.pk)
    return volunteer, True


@transaction.atomic
def confirm_email(volunteer, *, now=None):
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.email_confirmed_at is None:
        volunteer.email_confirmed_at = now or timezone.now()
        volunteer.save(update_fields=["email_confirmed_at"])
    touch(volunteer.person)
    return volunteer


def request_link(email):
    """Send my page's link to this address if a volunteer has it; nothing otherwise (and the
    caller says the same thing in both cases)."""
    email = normalise_email(email or "")
    volunteer = (
        Volunteer.objects.filter(person__email__iexact=email, person__erased_at__isnull=True)
        .only("pk")
        .first()
        if email
        else None
    )
    if volunteer is not None:
        async_task("volunteers.tasks.send_link", volunteer.pk)


# Sign-ups ----------------------------------------------------------------------------------


@transaction.atomic
def sign_up(volunteer, shift, *, staff_user=None, now=None):
    """Put a volunteer on a shift: confirmed when a place is free and nobody waits, otherwise
    in line (if the opportunity keeps a waitlist). Raises SignupError with the reason.

    Staff (adding someone who phoned) may sign up outside the sign-up window, never for a
    started or cancelled shift, and the person's clashes and qualification still apply."""
    now = now or timezone.now()
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    shift = capacity.lock(shift)
    shift = (
        annotate_places(Shift.objects.filter(pk=shift.pk))
        .select_related("opportunity", "role__qualification")
        .get()
    )
    refusal = shift_refusal(shift, held=shift.held, waiting=shift.waiting, now=now)
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
    try:
        capacity.claim_seats(shift, signup, now=now)
    except CapacityError as error:
        raise SignupError(Refusal(error.reason)) from error
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


@transaction.atomic
def cancel_shift(shift, *, now=None):
    """Cancel a whole shift: everyone on it (or waiting for it) is cancelled and told."""
    now = now or timezone.now()
    shift = capacity.lock(shift)
    shift.cancelled_at = shift.cancelled_at or now
    shift.save(update_fields=["cancelled_at"])
    for signup in shift.seat_claims().select_for_update().filter(status__in=LIVE):
        signup.move_to(Status.CANCELLED, now)
        signup.save()
        _queue("volunteers.tasks.send_shift_cancelled", signup.pk)
    return shift


def notify_status_change(signup, previous_status):
    """Called by the capacity core inside its transaction: a promotion off the waitlist gets a
    "a place opened up" mail after the commit."""
    if previous_status == Status.WAITLISTED and signup.status == Status.CONFIRMED:
        signup.promoted_at = signup.status_changed_at
        ShiftSignup.objects.filter(pk=signup.pk).update(promoted_at=signup.promoted_at)
        _queue("volunteers.tasks.send_place_opened", signup.pk)


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
    """Check a volunteer in (and out): they attended, and their hours are counted."""
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
        reminder_sent_at__isnull=True,
        shift__cancelled_at__isnull=True,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + timedelta(days=1),
    ).order_by("pk")


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
    """Write to everyone on a shift or waiting for it; the task sends it once."""
    message = ShiftMessage.objects.create(shift=shift, subject=subject, body=body, sent_by=sent_by)
    _queue("volunteers.tasks.send_shift_message", message.pk)
    return message
