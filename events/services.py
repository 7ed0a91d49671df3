"""Registering for events: every path (public form, staff on someone's behalf, check-in,
private link, tasks) goes through these functions, each one locked transaction.

Lock order, always: the event row, then the quota row (`events.capacity.lock`), then the
registration. The event lock makes "one registration per e-mail and event" hold under
concurrency; the quota lock is what the generic capacity rules rely on."""

import hashlib
import re
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.core import outbox
from cms.core.text import normalise, normalise_email, normalise_multiline
from cms.people.models import Person
from cms.people.retention import register_eraser, register_hold
from cms.people.services import record_consent
from events import capacity
from events.capacity import ENDED, HOLDING, CapacityError, Status
from events.models import (
    CHECK_IN_ALPHABET,
    CHECK_IN_LENGTH,
    Announcement,
    EventPage,
    Message,
    Quota,
    Registration,
    SessionSchedule,
)

CONSENT_PURPOSE = "event-registration"
MAX_COMPANIONS = 9


class RegistrationError(Exception):
    """Why a registration or a change was refused, in words for the visitor."""

    MESSAGES = {
        "cancelled": _("This event has been cancelled."),
        "past": _("This event has already started or ended."),
        "not_yet_open": _("Registration has not opened yet."),
        "closed": _("Registration has closed."),
        "no_registration": _("This event takes no registrations."),
        "full": _("Sorry, the event is full."),
        "too_many_seats": _("There are not enough places left for that many companions."),
        "not_allowed": _("This registration cannot be changed that way any more."),
        "wrong_quota": _("Choose one of the offered places."),
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

    def __init__(self, reason, message=None):
        self.reason = reason
        self._message = message
        super().__init__(reason)

    @property
    def message(self):
        return self._message or self.MESSAGES[self.reason]


def _run_registration_checks(event, **details):
    """Rules other apps add to every registration path through the
    `event_registration_checks` hook (a course's prerequisites): each raises
    RegistrationError with its reason, or returns."""
    for check in hooks.get_hooks("event_registration_checks"):
        check(event, **details)


def _lock_event(event):
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _check_open(event, *, staff, now):
    state = event.registration_state(now)
    if not event.quotas.exists():
        raise RegistrationError("no_registration")
    # Staff may add someone outside the registration window (a phone call the day before),
    # never to a cancelled or started event.
    if state == "open" or (staff and state in ("not_yet_open", "closed")):
        return
    raise RegistrationError(state)


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
    now=None,
):
    """Register someone, or return their existing registration; returns (registration,
    created). Confirmed when the places are free and nobody waits, waitlisted when the event
    allows it, otherwise RegistrationError('full'). override_reason (staff only) confirms
    beyond capacity and is recorded on the registration. `person` registers someone already
    known (a course enrolment checks their qualifications first) instead of a new person.
    evidence holds the answers to the fields other apps add to the form (a certificate
    number), for their `event_registration_checks`."""
    now = now or timezone.now()
    event = _lock_event(event.source)
    if submission_key:
        existing = Registration.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    _check_open(event, staff=staff_user is not None, now=now)
    if quota.page_id != event.pk:
        raise RegistrationError("wrong_quota")
    if not 0 <= companions <= MAX_COMPANIONS:
        raise RegistrationError("too_many_seats")
    email = normalise_email(email or "")
    _run_registration_checks(
        event,
        person=person,
        email=email,
        evidence=evidence or {},
        override=bool(staff_user is not None and override_reason),
        now=now,
    )
    registration = None
    if person is not None:
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .filter(event=event, person=person)
            .order_by("-created_at")
            .first()
        )
        if registration is not None and registration.is_live:
            return registration, False
        registration = registration or Registration(event=event, person=person)
    elif email:
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .filter(event=event, person__email__iexact=email)
            .select_related("person")
            .order_by("-created_at")
            .first()
        )
        if registration is not None and registration.is_live:
            # The same person again: nothing new is stored; the link goes to their address,
            # a few times an hour at most, since anyone can type that address.
            resent = registration.messages.filter(kind=Message.Kind.CONFIRMED)
            if not outbox.at_hourly_cap(resent, now):
                _queue_message(registration, Message.Kind.CONFIRMED)
            return registration, False
    if registration is None:
        person = Person.objects.create(
            name=name, name_kana=name_kana, email=email, phone=phone, language=language
        )
        registration = Registration(event=event, person=person)
    elif person is None:
        person = registration.person
        person.name, person.name_kana, person.phone = name, name_kana, phone
        person.language = language
        person.last_active_at = now
        person.save()
    if consent_version:
        record_consent(person, CONSENT_PURPOSE, consent_version)
    registration.quota = quota
    registration.seats = 1 + companions
    registration.answers = list(answers)
    registration.submission_key = submission_key
    registration.created_by = staff_user
    try:
        capacity.claim_seats(
            quota,
            registration,
            override_reason=override_reason if staff_user is not None else "",
            now=now,
        )
    except CapacityError as error:
        raise RegistrationError(error.reason) from error
    return registration, True


def _locked(registration):
    event = _lock_event(registration.event)
    quota = capacity.lock(registration.quota)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    return event, quota, registration


@transaction.atomic
def cancel_registration(registration, *, now=None):
    """Cancel a registration, or leave the waitlist; freed places go to the next in line."""
    now = now or timezone.now()
    event, quota, registration = _locked(registration)
    if registration.status not in (*HOLDING, Status.WAITLISTED) or registration.attended_at:
        raise RegistrationError("not_allowed")
    if event.starts_at and now >= event.starts_at:
        raise RegistrationError("past")
    return capacity.release(quota, registration, now=now)


leave_waitlist = cancel_registration


@transaction.atomic
def decline_offer(registration, *, now=None):
    _event, quota, registration = _locked(registration)
    if registration.status != Status.OFFERED:
        raise RegistrationError("not_allowed")
    return capacity.release(quota, registration, status=Status.DECLINED, now=now)


@transaction.atomic
def accept_offer(registration, *, now=None):
    _event, quota, registration = _locked(registration)
    try:
        return capacity.accept_offer(quota, registration, now=now)
    except CapacityError as error:
        raise RegistrationError(error.reason) from error


@transaction.atomic
def change_companions(registration, companions, *, now=None):
    """A confirmed party may grow into free places; any party may shrink."""
    now = now or timezone.now()
    event, quota, registration = _locked(registration)
    if registration.status not in (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED):
        raise RegistrationError("not_allowed")
    if event.starts_at and now >= event.starts_at:
        raise RegistrationError("past")
    if not 0 <= companions <= MAX_COMPANIONS:
        raise RegistrationError("too_many_seats")
    try:
        return capacity.change_seats(quota, registration, 1 + companions, now=now)
    except CapacityError as error:
        raise RegistrationError(error.reason) from error


@transaction.atomic
def set_quota_capacity(quota, new_capacity, *, now=None):
    """Change a quota's capacity; a larger one promotes from the waitlist at once."""
    _lock_event(quota.page)
    return capacity.set_capacity(quota, new_capacity, now=now)


@transaction.atomic
def promote_waitlist(event, *, now=None):
    """Hand free places of every quota of event to the waitlist (after an editor published a
    larger capacity, or offers expired)."""
    event = _lock_event(event.source)
    promoted = []
    for quota in event.quotas.all():
        capacity.expire_offers(quota, now=now)
        promoted += capacity.fill(quota, now=now)
    return promoted


@transaction.atomic
def cancel_event_registrations(event, *, now=None):
    """The event is called off (an editor published it with `cancelled_at`): every live
    registration is cancelled, nobody is promoted, and each person gets a mail."""
    event = _lock_event(event.source)
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
    _event, _quota, registration = _locked(registration)
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
    _event, _quota, registration = _locked(registration)
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


# Which mail a change of state sends.
_STATUS_MESSAGES = {
    (None, Status.CONFIRMED): Message.Kind.CONFIRMED,
    (None, Status.WAITLISTED): Message.Kind.WAITLISTED,
    (Status.WAITLISTED, Status.CONFIRMED): Message.Kind.PROMOTED,
    (Status.WAITLISTED, Status.OFFERED): Message.Kind.OFFERED,
    (Status.OFFERED, Status.CONFIRMED): Message.Kind.CONFIRMED,
}


def notify_status_change(registration, previous_status):
    """Write the mail that a change of state calls for; it goes out after the commit."""
    if previous_status in capacity.ENDED:
        previous_status = None
    kind = _STATUS_MESSAGES.get((previous_status, registration.status))
    if registration.status == Status.CANCELLED:
        called_off = EventPage.objects.filter(
            pk=registration.event_id, cancelled_at__isnull=False
        ).exists()
        kind = Message.Kind.EVENT_CANCELLED if called_off else Message.Kind.CANCELLED
    if kind is not None:
        _queue_message(registration, kind)


@transaction.atomic
def message_registrants(event, *, subject, body, include_waitlist=False, staff_user=None):
    """Write to everyone confirmed (and, if asked, waiting or offered a place); returns the
    announcement and how many mails were queued."""
    event = _lock_event(event.source)
    announcement = Announcement.objects.create(
        event=event,
        subject=subject,
        body=body,
        include_waitlist=include_waitlist,
        created_by=staff_user,
    )
    statuses = [Status.CONFIRMED]
    if include_waitlist:
        statuses += [Status.WAITLISTED, Status.OFFERED]
    recipients = Registration.objects.filter(event=event, status__in=statuses).select_related(
        "person"
    )
    queued = sum(
        _queue_message(registration, Message.Kind.ANNOUNCEMENT, announcement) is not None
        for registration in recipients
    )
    return announcement, queued


def _queue_message(registration, kind, announcement=None):
    if not registration.person.email:
        return None
    message = Message.objects.create(
        registration=registration, kind=kind, announcement=announcement
    )
    message.queue()
    return message


@transaction.atomic
def queue_due_reminders(now=None):
    """Write the reminder of every confirmed registration whose event starts within its
    reminder period; each registration gets one, claimed by a conditional update."""
    now = now or timezone.now()
    count = 0
    due = (
        Registration.objects.filter(
            status=Status.CONFIRMED,
            reminder_queued_at__isnull=True,
            event__cancelled_at__isnull=True,
            event__starts_at__gt=now,
            event__reminder_days__gt=0,
        )
        .select_related("event", "person")
        .order_by("pk")
    )
    for registration in due:
        if registration.event.starts_at - now > timedelta(days=registration.event.reminder_days):
            continue
        claimed = Registration.objects.filter(
            pk=registration.pk, reminder_queued_at__isnull=True
        ).update(reminder_queued_at=now)
        if claimed and _queue_message(registration, Message.Kind.REMINDER):
            count += 1
    return count


def quota_counts(quotas):
    """{quota pk: seats held} for many quotas in one query."""
    rows = (
        Registration.objects.filter(quota__in=quotas, status__in=HOLDING)
        .values("quota")
        .annotate(total=Sum("seats"))
    )
    return {row["quota"]: row["total"] for row in rows}


def quota_for(event, pk):
    try:
        return event.source.quotas.get(pk=pk)
    except (Quota.DoesNotExist, ValueError, TypeError) as error:
        raise RegistrationError("wrong_quota") from error


@register_eraser
def clear_answers(person):
    """Answers to an event's own questions are free text (an allergy, a need for support):
    they go with the person's name."""
    Registration.objects.filter(person=person).update(answers=[])


@register_hold
def people_with_upcoming_events(people):
    """Nobody is erased while they hold or wait for a place at an event that has not ended."""
    return people.filter(
        event_registrations__status__in=capacity.LIVE,
        event_registrations__event__sessions__ends_at__gt=timezone.now(),
    )


# Platform meetings (events.meetings) -------------------------------------------------------

MEMBERS_COLLECTION = "会員向け資料"


def _meeting_groups():
    from django.contrib.auth.models import Group

    from cms.directory.members.services import SECRETARIAT_GROUP, members_group

    return [members_group(), Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0]]


def members_collection():
    """The document collection that only member accounts and the secretariat may download."""
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MEMBERS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=MEMBERS_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.set(_meeting_groups())
    return collection


@transaction.atomic
def protect_meeting(event):
    """Keep a members' meeting (every translation of it) behind a view restriction to member
    accounts and the secretariat, which takes it out of public lists, search, feeds and the
    sitemap, and move its materials into the members' collection. Undone when the page is no
    longer a members' meeting."""
    from wagtail.models import PageViewRestriction

    from cms.directory.members.services import members_group
    from cms.search.index import index_object

    source = event.source
    pages = list(EventPage.objects.filter(translation_key=source.translation_key))
    if not source.members_only:
        PageViewRestriction.objects.filter(
            page__in=pages,
            restriction_type=PageViewRestriction.GROUPS,
            groups=members_group(),
        ).delete()
    else:
        groups = _meeting_groups()
        for page in pages:
            restriction = PageViewRestriction.objects.filter(
                page=page, restriction_type=PageViewRestriction.GROUPS
            ).first() or PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.set(groups)
    # The search index saw the page before the restriction was (un)set: bring it up to date.
    for page in pages:
        index_object(page)
    if not source.members_only:
        return
    collection = members_collection()
    for material in source.meeting_materials.select_related("document"):
        if material.document.collection_id != collection.pk:
            material.document.collection = collection
            material.document.save(update_fields=["collection"])


@transaction.atomic
def invite_members(event):
    """Write an invitation to every invited organisation not invited yet; returns how many.
    Publishing again after adding a tier invites only the newcomers."""
    from events.meetings import MeetingInvitation, invited_organisations

    source = event.source
    if not source.members_only or source.cancelled_at or source.has_ended:
        return 0
    already = MeetingInvitation.objects.filter(event=source).values("organisation")
    count = 0
    for organisation in invited_organisations(source).exclude(pk__in=already):
        invitation = MeetingInvitation.objects.create(event=source, organisation=organisation)
        invitation.queue()
        count += 1
    return count


# After the event (events.feedback) ------------------------------------------------------------

FEEDBACK_DELAY = timedelta(hours=3)
FEEDBACK_UNTIL = timedelta(days=14)  # an old event's attendees are not asked any more


@transaction.atomic
def queue_feedback_requests(now=None):
    """Write the questionnaire mail of every attendee of an event that ended a few hours ago;
    each registration gets one (the one-to-one row), however often this runs."""
    from events.feedback import FeedbackRequest

    now = now or timezone.now()
    due = (
        Registration.objects.filter(
            status=Status.ATTENDED,
            feedback_request__isnull=True,
            event__questionnaire=True,
            event__cancelled_at__isnull=True,
            event__ends_at__lte=now - FEEDBACK_DELAY,
            event__ends_at__gt=now - FEEDBACK_UNTIL,
        )
        .exclude(person__email="")
        .order_by("pk")
    )
    count = 0
    for registration in due:
        request, created = FeedbackRequest.objects.get_or_create(registration=registration)
        if created:
            request.queue()
            count += 1
    return count


class FeedbackError(Exception):
    pass


@transaction.atomic
def record_feedback(registration, *, rating, heard_from="", come_again="", comment=""):
    """Store an attendee's answers once; returns (feedback, created). Answering again (a
    second tab, a double click) returns the first answers unchanged."""
    from events.feedback import Feedback

    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.ATTENDED:
        raise FeedbackError("not attended")
    if not 1 <= int(rating) <= 5:
        raise FeedbackError("rating")
    return Feedback.objects.get_or_create(
        registration=registration,
        defaults={
            "event_id": registration.event_id,
            "rating": int(rating),
            "heard_from": heard_from,
            "come_again": come_again,
            "comment": normalise_multiline(comment or "")[:1000],
        },
    )


def _schedule_fingerprint(event, session):
    """What a calendar entry's SEQUENCE follows: its time, its place and whether it happens."""
    parts = (
        session.starts_at.isoformat(),
        session.ends_at.isoformat(),
        event.venue_name,
        event.venue_address,
        event.latitude,
        event.longitude,
        event.attendance,
        bool(event.cancelled_at),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@transaction.atomic
def record_schedule_changes(event, *, now=None):
    """After a publish: raise the SEQUENCE of every session whose time, place or status
    changed (a new session starts at 0). Other edits leave it, so a typo fixed in the
    summary does not make phones announce a changed event. Returns the changed sessions."""
    now = now or timezone.now()
    event = event.source
    sessions = list(event.sessions.select_related("schedule"))
    changed = []
    for session in sessions:
        fingerprint = _schedule_fingerprint(event, session)
        schedule = getattr(session, "schedule", None)
        if schedule is None:
            SessionSchedule.objects.create(session=session, fingerprint=fingerprint, changed_at=now)
            changed.append(session)
        elif schedule.fingerprint != fingerprint:
            SessionSchedule.objects.filter(pk=session.pk).update(
                sequence=F("sequence") + 1, fingerprint=fingerprint, changed_at=now
            )
            changed.append(session)
    return changed
