"""Supporter courses: enrol through the events registration machinery, record attendance,
and settle completion — computed from attendance, never typed — by granting or renewing the
course's qualification through `cms.people.services.grant_qualification`."""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core import platform as platforms
from cms.core.errors import Refusal
from cms.people.services import QualificationError, grant_qualification, holds, valid_grant
from events import services as event_services
from events.courses import completion, queries
from events.courses.models import (
    Attendance,
    CourseCompletion,
    ExpiryReminder,
    TrainerCalendarToken,
    TrainingCourse,
)
from events.models import EventSession, Registration


class MissingPrerequisites(event_services.RegistrationError):
    """A registration for a course without the qualifications it asks for."""

    messages = {
        "prerequisite": _(
            "This course is for holders of “%(required)s”. Enter the number on your "
            "certificate, or register with the e-mail address your qualification was "
            "issued to. A qualification that has expired needs renewing first."
        ),
    }


class EnrolmentError(Refusal):
    """Why someone cannot enrol, in words for the trainer or the person: a missing
    prerequisite, or the registration's own refusal passed on."""

    messages = {
        **event_services.RegistrationError.messages,
        "prerequisite": _("This course needs the qualification “%(required)s” first."),
    }


def missing_prerequisites(course, person, on=None):
    """The prerequisite qualifications person does not validly hold."""
    return [q for q in course.prerequisites.all() if not holds(person, q, on)]


CERTIFICATE_FIELD = "certificate_number"


def check_prerequisites(event, *, people, evidence, override, now=None):
    """Every registration for a course with prerequisites (the public form, staff adding
    someone or many, an enrolment) passes here through the `event_registration_checks`
    hook: each of `people` ((person or None, e-mail address) pairs) shows each qualification
    as the holder on file, by the e-mail address it was issued to, or by its certificate
    number. A staff override (a walk-in) is recorded on the registration and passes. The
    course is read once however many people come (an import)."""
    course = queries.course_with_prerequisites(event)
    if course is None or override:
        return
    on = timezone.localdate(now or timezone.now())
    number = evidence.get(CERTIFICATE_FIELD) or ""
    platform = platforms.of_page(event)
    for person, email in people:
        missing = [
            q
            for q in course.prerequisites.all()
            if valid_grant(
                q, platform, person=person, email=email, certificate_number=number, on=on
            )
            is None
        ]
        if missing:
            raise MissingPrerequisites(
                "prerequisite", required="、".join(str(q.localized) for q in missing)
            )


@transaction.atomic
def enrol(course, person, *, quota=None, staff_user=None, now=None):
    """Enrol a known person: refused with a reason when a prerequisite is missing, otherwise an
    ordinary registration for the course's event (capacity, waitlist and mails as for any
    event). Returns (registration, created)."""
    now = now or timezone.now()
    missing = missing_prerequisites(course, person, timezone.localdate(now))
    if missing:
        raise EnrolmentError("prerequisite", required=", ".join(str(q) for q in missing))
    quota = quota or course.event.quotas.first()
    if quota is None:
        raise EnrolmentError("no_registration")
    try:
        return event_services.register(
            course.event,
            quota=quota,
            name=person.name,
            email=person.email,
            person=person,
            staff_user=staff_user,
            now=now,
        )
    except event_services.RegistrationError as error:
        raise EnrolmentError(error.code, **error.params) from error


def course_of_session(session):
    return TrainingCourse.objects.get(event_id=session.page_id)


@transaction.atomic
def record_attendance(session, marks, *, user=None, now=None):
    """Record {registration: (mark, note)} for one session — one person or the whole roster —
    and settle the completion of everyone marked. Returns the completions that changed."""
    course = course_of_session(session)
    # Lock the people marked, in one order, so that two trainers saving the same roster
    # settle each completion once instead of both writing it.
    list(
        Registration.objects.select_for_update()
        .filter(pk__in=[r.pk for r in marks])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    changed = []
    for registration, (mark, note) in marks.items():
        if registration.event_id != course.event_id:
            raise ValueError("registration of another course")
        if mark not in Attendance.Mark.values:
            raise ValueError(f"unknown mark {mark!r}")
        Attendance.objects.update_or_create(
            registration=registration,
            session=session,
            defaults={"mark": mark, "note": note or "", "recorded_by": user},
        )
    rule = course.completion_rule()
    for registration in marks:
        result = settle_completion(course, registration, rule=rule, now=now)
        if result is not None:
            changed.append(result)
    return changed


def evaluate(course, registration, rule=None):
    rule = rule or course.completion_rule()
    marks = dict(
        Attendance.objects.filter(registration=registration).values_list("session_id", "mark")
    )
    return completion.evaluate(rule, marks)


def _completed_on(result):
    """The day of the last session that counted (Tokyo date): the certificate's date."""
    starts = EventSession.objects.filter(pk__in=set(result.counted_by.values())).values_list(
        "starts_at", flat=True
    )
    return timezone.localdate(max(starts))


@transaction.atomic
def settle_completion(course, registration, *, rule=None, now=None):
    """Write or remove the completion of one registration to match its attendance; a new
    completion grants (or, for a follow-up course, renews) the qualification. Returns the new
    completion, or None when nothing new was completed.

    A completion that attendance no longer supports is removed; the qualification it granted
    stays, for the secretariat to revoke if it was granted in error (revoking is theirs)."""
    rule = rule or course.completion_rule()
    result = evaluate(course, registration, rule)
    existing = CourseCompletion.objects.select_for_update().filter(registration=registration)
    if not result.complete:
        existing.delete()
        return None
    if existing.exists():
        return None
    completed_on = _completed_on(result)
    done = CourseCompletion(course=course, registration=registration, completed_on=completed_on)
    try:
        done.grant = grant_qualification(
            registration.person,
            course.qualification,
            on=completed_on,
            source=str(course),
            renewal_only=course.follow_up,
        )
    except QualificationError as error:
        done.refused_reason = error.message[:200]
    done.save()
    return done


# Supporter registry ------------------------------------------------------------------------


@transaction.atomic
def queue_expiry_reminders(on=None, days=queries.EXPIRY_NOTICE_DAYS):
    """Write one reminder per expiring grant whose holder has an address, and queue its mail;
    a grant already reminded for the same expiry date is skipped. Returns how many."""
    queued = 0
    for grant in queries.expiring_grants(on, days).exclude(person__email=""):
        reminder, created = ExpiryReminder.objects.get_or_create(
            grant=grant, valid_until=grant.valid_until
        )
        if created:
            reminder.queue()
            queued += 1
    return queued


# Trainers' calendar links -------------------------------------------------------------------


def _token_hash(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def new_calendar_token(user):
    """Stop the trainer's calendar link, if any, and return a new one (not stored)."""
    revoke_calendar_tokens(user)
    raw = secrets.token_urlsafe(32)
    TrainerCalendarToken.objects.create(user=user, token_hash=_token_hash(raw))
    return raw


def revoke_calendar_tokens(user):
    TrainerCalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def trainer_for_token(raw):
    """The active user a live calendar token belongs to, or None."""
    if not raw or len(raw) > 200:
        return None
    digest = _token_hash(raw)
    token = (
        TrainerCalendarToken.objects.select_related("user")
        .filter(token_hash=digest, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token.user
