"""Registering for events: every path (public form, staff on someone's behalf, check-in,
private link, tasks) goes through these functions, each one locked transaction (lock order in
`events.services.locking`)."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.core import freshness, outbox
from cms.core import platform as platforms
from cms.core.errors import Refusal
from cms.core.submissions import sent_before
from cms.core.text import normalise, normalise_email
from cms.people.services import new_person, record_consent
from events import capacity
from events.capacity import ENDED, HOLDING, CapacityError, Status
from events.models import (
    CHECK_IN_ALPHABET,
    CHECK_IN_LENGTH,
    MAX_COMPANIONS,
    Message,
    Quota,
    Registration,
    new_check_in_code,
)
from events.services.locking import lock_event, lock_registration
from events.services.messages import queue_message

CONSENT_PURPOSE = "event-registration"


class RegistrationError(Refusal):
    """Why a registration or a change was refused, in words for the visitor."""

    fields = {
        "too_many_companions": "companions",
        "no_companions": "companions",
        "companions_need_reason": "companions",
    }

    messages = {
        "cancelled": _("This event has been cancelled."),
        "past": _("This event has already started or ended."),
        "not_yet_open": _("Registration has not opened yet."),
        "closed": _("Registration has closed."),
        "no_registration": _("This event takes no registrations."),
        "full": _("Sorry, the event is full."),
        "too_many_seats": _("There are not enough places left for that many companions."),
        "too_many_companions": _(
            "One registration can bring at most %(most)s companions. For a larger group, "
            "please contact the organisers."
        ),
        "no_companions": _(
            "This event takes no companions: each person registers on their own. For a "
            "group, please contact the organisers."
        ),
        "companions_need_reason": _(
            "This event allows %(most)s companions per registration. To register a larger "
            "group, give the reason below."
        ),
        "not_allowed": _("This registration cannot be changed that way any more."),
        "wrong_quota": _("Choose one of the offered places."),
        "track_missing": _("Choose a track for this session."),
        "wrong_track": _("Choose one of the tracks offered for this session."),
        "track_full": _("This track is full. Please choose another track for this session."),
        "not_a_code": _(
            "This is not a check-in code. Scan the code on the confirmation, or type its 16 "
            "letters and digits."
        ),
        "unknown_code": _("No registration has this check-in code."),
        "other_event": _("This check-in code is for another event."),
        "code_cancelled": _("This registration was cancelled, so it cannot be checked in."),
        "code_waiting": _(
            "This person is on the waitlist and has no confirmed place, so they cannot be "
            "checked in. Add them as a walk-in if there is room."
        ),
    }


def _run_registration_checks(event, *, people, **details):
    """Rules other apps add to every registration path through the
    `event_registration_checks` hook (a course's prerequisites): each is given the event
    and `people`, (person or None, e-mail address) pairs, all at once so that what it reads
    about the event it reads once for an import of thousands; each raises
    RegistrationError with its reason, or returns."""
    for check in hooks.get_hooks("event_registration_checks"):
        check(event, people=people, **details)


def _check_open(event, *, staff, now):
    state = event.registration_state(now)
    if not event.quotas.exists():
        raise RegistrationError("no_registration")
    # Staff may add someone outside the registration window (a phone call the day before),
    # never to a cancelled or started event.
    if state == "open" or (staff and state in ("not_yet_open", "closed")):
        return
    raise RegistrationError(state)


def _check_companions(event, companions, *, staff=False, override=False, current=0):
    """One registration brings at most the event's `max_companions` (a staff override: at
    most MAX_COMPANIONS); a party that already is larger (staff added it) may shrink."""
    most = MAX_COMPANIONS if override else min(event.max_companions, MAX_COMPANIONS)
    if companions < 0:
        raise RegistrationError("too_many_seats")
    if companions <= most or companions <= current:
        return
    if staff and not override and companions <= MAX_COMPANIONS:
        raise RegistrationError("companions_need_reason", most=most)
    raise RegistrationError("no_companions" if most == 0 else "too_many_companions", most=most)


def _live_registration(event, *, person=None, email=""):
    """The live registration for event of `person`, or else of `email`, locked; or None."""
    mine = {"person": person} if person is not None else {"person__email__iexact": email}
    return (
        Registration.objects.select_for_update(of=("self",))
        .filter(event=event, status__in=capacity.LIVE, **mine)
        .select_related("person")
        .first()
    )


def _answer_the_address_privately(registration, quota, seats, now, chosen):
    """Someone typed the address of a live registration on the public form: they get the
    answer a newcomer would (a refusal when a newcomer would be refused, else the same
    thank-you page), and only the address learns that it is registered already, with its
    private link; nothing stored changes. A few mails an hour at most, since anyone can type
    that address."""
    from events.services import tracks

    if (refusal := capacity.newcomer_refusal(quota, seats)) is not None:
        raise RegistrationError(refusal.code)
    if chosen and capacity.newcomer_fits(quota, seats):
        tracks.refuse_full(chosen, seats)
    told = registration.messages.filter(kind=Message.Kind.ALREADY_REGISTERED)
    if not outbox.at_hourly_cap(told, now):
        queue_message(registration, Message.Kind.ALREADY_REGISTERED)


@transaction.atomic
def register(
    event,
    *,
    quota,
    name,
    email="",
    name_kana="",
    phone="",
    language="ja",
    companions=0,
    answers=(),
    consent_version="",
    submission_key=None,
    staff_user=None,
    override_reason="",
    person=None,
    evidence=None,
    tracks=None,
    now=None,
):
    """Register someone; returns (registration, created). Confirmed when the places are free
    and nobody waits, waitlisted when the event allows it, otherwise RegistrationError('full').

    A live registration of the same person (`person`) or address is returned, not changed:
    on the public form its address is told by mail and the visitor gets the answer anyone
    would (see `_answer_the_address_privately`). A registration that ended (cancelled,
    declined, expired) is left as it was, and registering again makes a new one, with its
    own reference, check-in code and link.

    override_reason (staff only) confirms beyond capacity and beyond the event's companions
    limit, and is recorded on the registration. `person` registers someone already known (a
    course enrolment checks their qualifications first) instead of a new person. evidence
    holds the answers to the fields other apps add to the form (a certificate number), for
    their `event_registration_checks`. tracks ({session id: track id}) chooses one track of
    every session that has tracks (`events.services.tracks`: required but from staff)."""
    # Imported here: the tracks' rules raise this module's RegistrationError.
    from events.services import tracks as track_rules

    now = now or timezone.now()
    event = lock_event(event.source)
    if (existing := sent_before(Registration, submission_key)) is not None:
        return existing, False
    staff = staff_user is not None
    override_reason = override_reason if staff else ""
    _check_open(event, staff=staff, now=now)
    if quota.page_id != event.pk:
        raise RegistrationError("wrong_quota")
    _check_companions(event, companions, staff=staff, override=bool(override_reason))
    chosen = track_rules.parse_choices(event, tracks, required=not staff)
    email = normalise_email(email or "")
    _run_registration_checks(
        event,
        people=[(person, email)],
        evidence=evidence or {},
        override=bool(override_reason),
        now=now,
    )
    live = None
    if person is not None:
        live = _live_registration(event, person=person)
    elif email:
        live = _live_registration(event, email=email)
        if live is not None and not staff:
            _answer_the_address_privately(live, quota, 1 + companions, now, chosen)
    if live is not None:
        return live, False
    if person is None:
        person = new_person(
            platforms.of_page(event),
            name=name,
            name_kana=name_kana,
            email=email,
            phone=phone,
            language=language,
        )
    if consent_version:
        record_consent(person, CONSENT_PURPOSE, consent_version)
    registration = Registration(
        event=event,
        person=person,
        quota=quota,
        seats=1 + companions,
        answers=list(answers),
        submission_key=submission_key,
        created_by=staff_user,
    )
    try:
        capacity.claim_seats(quota, registration, override_reason=override_reason, now=now)
    except CapacityError as error:
        raise RegistrationError(error.code) from error
    track_rules.record_choices(registration, chosen, override=bool(override_reason))
    if companions > event.max_companions and not registration.override_reason:
        # Beyond the companions limit only: the reason is recorded as for capacity.
        registration.override_reason = override_reason[:200]
        registration.save(update_fields=["override_reason"])
    return registration, True


@transaction.atomic
def register_many(event, *, quota, people, now=None):
    """Register known `people` (Person rows) for event at once, as staff would one by one
    (the scale data set, an import): the same lock order and rules as `register` for staff
    without an override, in one pass. Someone with a live registration is skipped; the
    others are confirmed while places are free and nobody waits, then waitlisted in order
    (or, without a waitlist, refused with the rest: RegistrationError('full')). Nobody is
    mailed: the caller imports registrations that people made elsewhere. Returns the new
    registrations."""
    now = now or timezone.now()
    event = lock_event(event.source)
    _check_open(event, staff=True, now=now)
    if quota.page_id != event.pk:
        raise RegistrationError("wrong_quota")
    _run_registration_checks(
        event,
        people=[(person, person.email) for person in people],
        evidence={},
        override=False,
        now=now,
    )
    quota = capacity.lock(quota)
    registered = set(
        Registration.objects.filter(event=event, status__in=capacity.LIVE).values_list(
            "person_id", flat=True
        )
    )
    newcomers = [p for p in people if p.pk not in registered]
    places = capacity.in_line(
        len(newcomers),
        capacity.seats_free(quota),
        waiting=quota.seat_claims().filter(status=Status.WAITLISTED).exists(),
        now=now,
    )
    someone_waits = any(status == Status.WAITLISTED for status, _queued_at in places)
    if someone_waits and not quota.waitlist_policy().enabled:
        raise RegistrationError("full")
    registrations = [
        Registration(
            event=event,
            quota=quota,
            person=person,
            seats=1,
            status=status,
            queued_at=queued_at,
            status_changed_at=now,
            check_in_code=new_check_in_code(),
        )
        for person, (status, queued_at) in zip(newcomers, places, strict=True)
    ]
    made = Registration.objects.bulk_create(registrations)
    freshness.changed(page=event)  # seats left: bulk_create sends no signal
    return made


@transaction.atomic
def cancel_registration(registration, *, now=None):
    """Cancel a registration, or leave the waitlist; freed places go to the next in line."""
    now = now or timezone.now()
    event, quota, registration = lock_registration(registration)
    if registration.status not in (*HOLDING, Status.WAITLISTED) or registration.attended_at:
        raise RegistrationError("not_allowed")
    if event.starts_at and now >= event.starts_at:
        raise RegistrationError("past")
    return capacity.release(quota, registration, now=now)


leave_waitlist = cancel_registration


@transaction.atomic
def decline_offer(registration, *, now=None):
    _event, quota, registration = lock_registration(registration)
    if registration.status != Status.OFFERED:
        raise RegistrationError("not_allowed")
    return capacity.release(quota, registration, status=Status.DECLINED, now=now)


@transaction.atomic
def accept_offer(registration, *, now=None):
    _event, quota, registration = lock_registration(registration)
    try:
        return capacity.accept_offer(quota, registration, now=now)
    except CapacityError as error:
        raise RegistrationError(error.code) from error


@transaction.atomic
def change_companions(registration, companions, *, now=None):
    """A confirmed party may grow into free places; any party may shrink."""
    now = now or timezone.now()
    event, quota, registration = lock_registration(registration)
    if registration.status not in (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED):
        raise RegistrationError("not_allowed")
    if event.starts_at and now >= event.starts_at:
        raise RegistrationError("past")
    _check_companions(event, companions, current=registration.companions)
    if registration.holds_seats and companions > registration.companions:
        # A growing party needs room in each track it chose, as in its quota.
        from events.services import tracks as track_rules

        track_rules.refuse_full(
            track_rules.chosen_tracks(registration), 1 + companions, exclude=registration
        )
    try:
        return capacity.change_seats(quota, registration, 1 + companions, now=now)
    except CapacityError as error:
        raise RegistrationError(error.code) from error


@transaction.atomic
def change_tracks(registration, tracks, *, now=None):
    """Choose other tracks ({session id: track id}) from the private page: a registration that
    holds seats moves only into a track with room (`events.services.tracks`)."""
    from events.services import tracks as track_rules

    now = now or timezone.now()
    event, _quota, registration = lock_registration(registration)
    if registration.status not in (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED):
        raise RegistrationError("not_allowed")
    if event.starts_at and now >= event.starts_at:
        raise RegistrationError("past")
    chosen = track_rules.parse_choices(event, tracks, required=False)
    return track_rules.change_choices(registration, chosen)


@transaction.atomic
def set_quota_capacity(quota, new_capacity, *, now=None):
    """Change a quota's capacity; a larger one promotes from the waitlist at once."""
    lock_event(quota.page)
    return capacity.set_capacity(quota, new_capacity, now=now)


@transaction.atomic
def promote_waitlist(event, *, now=None):
    """Hand free places of every quota of event to the waitlist (after an editor published a
    larger capacity, or offers expired)."""
    event = lock_event(event.source)
    promoted = []
    for quota in event.quotas.all():
        capacity.expire_offers(quota, now=now)
        promoted += capacity.fill(quota, now=now)
    return promoted


@transaction.atomic
def cancel_event_registrations(event, *, now=None):
    """The event is called off (an editor published it with `cancelled_at`): every live
    registration is cancelled, nobody is promoted, and each person gets a mail."""
    event = lock_event(event.source)
    if event.cancelled_at is None:
        return 0
    return sum(capacity.close(quota, now=now) for quota in event.quotas.all())


def _mark_attended(registration, now):
    registration.move_to(Status.ATTENDED, now)
    registration.attended_at = now
    registration.save()


@transaction.atomic
def check_in(registration, *, now=None):
    now = now or timezone.now()
    _event, _quota, registration = lock_registration(registration)
    if registration.status == Status.ATTENDED:
        return registration
    if registration.status != Status.CONFIRMED:
        raise RegistrationError("not_allowed")
    _mark_attended(registration, now)
    return registration


# Hyphens and spaces people and IMEs put between the groups of a code.
_CODE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー_]")


def parse_check_in_code(value):
    """The code in what a hand-held scanner or a person typed (any width or case, with or
    without the hyphens), or None when it cannot be a check-in code."""
    code = _CODE_SEPARATORS.sub("", normalise(value or "")).upper()
    if len(code) != CHECK_IN_LENGTH or not set(code) <= set(CHECK_IN_ALPHABET):
        return None
    return code


@transaction.atomic
def check_in_by_code(event, value, *, now=None):
    """Check in the registration whose code was scanned or typed at `event`'s door; returns
    (registration, newly). Scanning twice counts once: the second time returns newly=False.
    A code that is not one, is unknown, belongs to another event, or to a registration
    without a confirmed place raises RegistrationError saying which."""
    now = now or timezone.now()
    code = parse_check_in_code(value)
    if code is None:
        raise RegistrationError("not_a_code")
    registration = Registration.objects.filter(check_in_code=code).first()
    if registration is None:
        raise RegistrationError("unknown_code")
    if registration.event_id != event.source.pk:
        raise RegistrationError("other_event")
    _event, _quota, registration = lock_registration(registration)
    if registration.status == Status.ATTENDED:
        return registration, False
    if registration.status in ENDED:
        raise RegistrationError("code_cancelled")
    if registration.status != Status.CONFIRMED:
        raise RegistrationError("code_waiting")
    _mark_attended(registration, now)
    return registration, True


@transaction.atomic
def register_walk_in(event, *, quota, name, name_kana="", staff_user, now=None):
    """Someone who came without registering: recorded as attended, beyond capacity if need
    be (the override says so)."""
    registration, _created = register(
        event,
        quota=quota,
        name=name,
        name_kana=name_kana,
        staff_user=staff_user,
        override_reason="walk-in",
        now=now,
    )
    registration.walk_in = True
    registration.save(update_fields=["walk_in"])
    return check_in(registration, now=now)


def quota_for(event, pk):
    try:
        return event.source.quotas.get(pk=pk)
    except (Quota.DoesNotExist, ValueError, TypeError) as error:
        raise RegistrationError("wrong_quota") from error
