"""Signing up for a shift and cancelling, and the rules that may refuse it (`SignupError` says
which one stopped it): the shift is not cancelled, started, or outside its sign-up window
(staff may add someone outside the window); there is a place, a waitlist, or a place offered
for swap; the person has confirmed their address, holds the role's qualification, has nothing
overlapping (shifts, waitlisted shifts, registered events and course sessions, course
sessions they teach as a trainer), and does not
go over the opportunity's most hours in a row.

Hours in a row: the volunteer's shifts at one opportunity with gaps shorter than its
`min_break_minutes` form one stretch, counted from the start of the first to the end of the
last (a short break is no rest). A sign-up that would make a stretch of two or more shifts
longer than `max_hours_in_a_row` is refused, naming the shifts. Each coordinator's rule
covers their own opportunity's shifts; waitlisted shifts count, since promotion happens
without asking.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import formats, timezone

from cms.core import freshness
from cms.people.models import Person
from cms.people.queries import email_is
from cms.people.services import touch, valid_grant
from events import capacity
from events.capacity import HOLDING, LIVE, CapacityError, Status
from events.courses import queries as course_queries
from events.discreet import neutral_title
from events.models import EventSession, Registration
from volunteers.models import Shift, ShiftSignup, Volunteer
from volunteers.queries import annotate_places
from volunteers.services.refusals import SignupError
from volunteers.services.swaps import hand_over, release_offered_place


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
        return SignupError("cancelled")
    if now >= shift.starts_at:
        return SignupError("ended")
    if now < opens_at(shift):
        opens = formats.date_format(timezone.localtime(opens_at(shift)), "SHORT_DATETIME_FORMAT")
        return SignupError("not_yet_open", opens=opens)
    if now >= closes_at(shift):
        return SignupError("closed")
    full = capacity.is_full(shift.capacity, held, waiting)
    if full and not offered and not shift.opportunity.waitlist_enabled:
        return SignupError("full")
    return None


def _people_of(volunteers):
    """The Person pks that are each volunteer's, by volunteer pk: each event registration
    makes its own Person, so a volunteer's are their own record and, once their address is
    confirmed, every record of their platform with that address whatever its case. One query for any number:
    the records by key and by address (through its index), with the address as the database
    compares it, so that Python never guesses at case."""
    addresses = [
        (v.person.platform_id, v.person.email)
        for v in volunteers
        if v.person.email and v.email_confirmed_at
    ]
    found = Person.objects.filter(
        reduce(
            or_,
            [email_is(platform, address) for platform, address in addresses],
            Q(pk__in=[v.person_id for v in volunteers]),
        )
    ).values_list("pk", "platform_id", Upper("email"))
    own = {}
    by_address = {}
    for pk, platform, address in found:
        own[pk] = (platform, address)
        by_address.setdefault((platform, address), set()).add(pk)
    people = {}
    for volunteer in volunteers:
        mine = {volunteer.person_id}
        if volunteer.person.email and volunteer.email_confirmed_at:
            mine |= by_address.get(own.get(volunteer.person_id), set())
        people[volunteer.pk] = mine
    return people


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


def _session_name(session):
    """A registered session as a clash names it: a discreet event by its neutral title only
    (events.discreet), without another query."""
    if session.page.discreet:
        return neutral_title(session.page, translated="")
    return f"{session.page.title} {session.title}" if session.title else session.page.title


@dataclass
class Commitments:
    """What a volunteer has on: live shift sign-ups and confirmed event sessions, and which
    qualifications they hold. Loaded in a fixed number of queries for any number of shifts."""

    signups: dict  # shift pk -> ShiftSignup
    shifts: list  # Booked
    sessions: list  # (name, start, end, refusal code): registered events, courses taught
    qualified: dict = field(default_factory=dict)  # qualification pk -> bool

    @classmethod
    def load(cls, volunteer):
        return cls.load_many([volunteer])[volunteer.pk]

    @classmethod
    def load_many(cls, volunteers):
        """The commitments of each of `volunteers` (with their person), by volunteer pk, in
        five queries whatever their number (the fifth: courses they teach): a roster typed in (`sign_up_many`) checks each
        volunteer without a round of queries each."""
        signups = {volunteer.pk: {} for volunteer in volunteers}
        for signup in (
            ShiftSignup.objects.filter(volunteer__in=volunteers, status__in=LIVE)
            .select_related("shift__role")
            .order_by("pk")
        ):
            signups[signup.volunteer_id][signup.shift_id] = signup
        people = _people_of(volunteers)
        events_of = {}
        for person_id, event_id in Registration.objects.filter(
            person_id__in=set().union(*people.values()),
            status__in=HOLDING,
            event__cancelled_at__isnull=True,
        ).values_list("person_id", "event_id"):
            events_of.setdefault(person_id, set()).add(event_id)
        events = {volunteer.pk: set() for volunteer in volunteers}
        for volunteer in volunteers:
            for person_id in people[volunteer.pk]:
                events[volunteer.pk] |= events_of.get(person_id, set())
        sessions = list(
            EventSession.objects.filter(page_id__in=set().union(*events.values())).select_related(
                "page"
            )
        )
        # A trainer's teaching sessions are commitments too: the volunteer's confirmed address
        # is the trainer account's (one query).
        confirmed = {
            v.pk: v.person.email.upper()
            for v in volunteers
            if v.person.email and v.email_confirmed_at
        }
        teaching = {}
        for address, starts, ends, title, part in course_queries.teaching(
            confirmed.values(), start=timezone.now()
        ):
            name = f"{title} {part}" if part else title
            teaching.setdefault(address, []).append((name, starts, ends, "clash_teaching"))
        return {
            volunteer.pk: cls(
                signups=signups[volunteer.pk],
                shifts=[
                    Booked(
                        s.shift_id,
                        str(s.shift.role),
                        s.shift.starts_at,
                        s.shift.ends_at,
                        s.shift.opportunity_id,
                    )
                    for s in signups[volunteer.pk].values()
                ],
                sessions=[
                    (
                        _session_name(session),
                        session.starts_at,
                        session.ends_at,
                        "clash_event",
                    )
                    for session in sessions
                    if session.page_id in events[volunteer.pk]
                ]
                + teaching.get(confirmed.get(volunteer.pk), []),
            )
            for volunteer in volunteers
        }

    def qualifies(self, volunteer, qualification, on):
        if qualification is None:
            return True
        if qualification.pk not in self.qualified:
            # A supporter's grant belongs to the person of their course registration; the
            # volunteer's confirmed address is how the same resident shows it here.
            email = volunteer.person.email if volunteer.email_confirmed_at else ""
            grant = valid_grant(
                qualification,
                volunteer.person.platform,
                person=volunteer.person,
                email=email,
                on=on,
            )
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
        if shift.opportunity.platform_id != volunteer.person.platform_id:
            # A volunteer is one platform's: another's shifts are not theirs to take.
            return SignupError("not_allowed")
        if shift.pk in self.signups:
            return SignupError("already")
        if volunteer.email_confirmed_at is None:
            return SignupError("unconfirmed")
        for booked in self.shifts:
            if (
                booked.pk != shift.pk
                and booked.starts_at < shift.ends_at
                and booked.ends_at > shift.starts_at
            ):
                return SignupError(
                    "clash_shift", name=booked.name, when=_when(booked.starts_at, booked.ends_at)
                )
        for name, start, end, code in self.sessions:
            if start < shift.ends_at and end > shift.starts_at:
                return SignupError(code, name=name, when=_when(start, end))
        qualification = shift.role.qualification
        if not self.qualifies(volunteer, qualification, timezone.localdate(shift.starts_at)):
            return SignupError("qualification", name=qualification.localized.name)
        most = shift.opportunity.max_hours_in_a_row
        if most is not None:
            joined, length = self.stretch(shift)
            if joined and length > timedelta(hours=most):
                return SignupError(
                    "too_many_hours",
                    shifts=" / ".join(booked.label for booked in joined),
                    hours=_hours(length),
                    most=most,
                    gap=shift.opportunity.min_break_minutes,
                )
        return None


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
        raise refusal
    refusal = Commitments.load(volunteer).refusal(volunteer, shift)
    if refusal and not (staff_user and refusal.code == "unconfirmed"):
        raise refusal
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
    offered = release_offered_place(shift, now=now)
    try:
        capacity.claim_seats(shift, signup, now=now)
    except CapacityError as error:
        raise SignupError(error.code) from error
    if offered is not None:
        hand_over(offered, signup, volunteer)
    touch(volunteer.person)
    return signup


def cancel_refusal(signup, *, now=None):
    now = now or timezone.now()
    if signup.status not in LIVE:
        return SignupError("not_allowed")
    if now >= signup.shift.starts_at:
        return SignupError("ended")
    # Leaving the waitlist is always possible: nobody counts on someone in line.
    if signup.status != Status.WAITLISTED and now >= cancel_closes_at(signup.shift):
        return SignupError("cancel_closed")
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
        raise refusal
    return capacity.release(shift, signup, now=now)


@transaction.atomic
def sign_up_many(shift, volunteers, *, now=None):
    """Put several volunteers on one shift at once, as a coordinator would one by one with
    `sign_up` (a paper roster typed in, the scale data set): the same locks in the same order
    and the same rules — the shift open and in its sign-up window, and for each volunteer a
    confirmed address, the role's qualification, no clash and no stretch over the hours in a
    row — then confirmed while places are free and nobody waits, the rest in line (or, with no
    waitlist, SignupError('full')). The first refusal stops it all. Nobody is mailed. Returns
    the new sign-ups."""
    now = now or timezone.now()
    volunteers = list(
        Volunteer.objects.select_for_update(no_key=True)
        .filter(pk__in=[volunteer.pk for volunteer in volunteers])
        .select_related("person")
        .order_by("pk")
    )
    shift = capacity.lock(shift)
    shift = _places(shift)
    refusal = shift_refusal(
        shift, held=shift.held, waiting=shift.waiting, offered=shift.offered, now=now
    )
    if refusal:
        raise refusal
    commitments = Commitments.load_many(volunteers)
    for volunteer in volunteers:
        if refusal := commitments[volunteer.pk].refusal(volunteer, shift):
            raise refusal
    places = capacity.in_line(
        len(volunteers),
        capacity.seats_left(shift.capacity, shift.held),
        waiting=bool(shift.waiting),
        now=now,
    )
    someone_waits = any(status == Status.WAITLISTED for status, _queued_at in places)
    if someone_waits and not shift.opportunity.waitlist_enabled:
        raise SignupError("full")
    made = ShiftSignup.objects.bulk_create(
        [
            ShiftSignup(
                shift=shift,
                volunteer=volunteer,
                seats=1,
                status=status,
                queued_at=queued_at,
                status_changed_at=now,
            )
            for volunteer, (status, queued_at) in zip(volunteers, places, strict=True)
        ]
    )
    # places left on the platform's shifts: bulk_create sends no signal
    freshness.changed(record=shift.opportunity, own_site=True)
    return made
