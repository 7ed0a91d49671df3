"""The read side of supporter courses that pages, the secretariat's registry and the
services share: which courses a user may see, a session's roster, courses that ask for
prerequisites, qualifications about to expire."""

import calendar
from datetime import timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone

from cms.people.models import QualificationGrant
from events.capacity import LIVE
from events.courses.models import Attendance, TrainingCourse
from events.models import EventSession, Registration

EXPIRY_NOTICE_DAYS = 60


def courses_for(user):
    """The courses a user may see and mark: those of its platforms for the secretariat, their
    own for a trainer (issue 18: never another platform's)."""
    from events import platforms

    courses = TrainingCourse.objects.select_related("event", "qualification")
    if user.is_superuser:
        return courses
    if user.has_perm("courses.change_trainingcourse"):
        mine = platforms.under(platforms.of_staff(user), prefix="event__")
        return courses.filter(mine | Q(trainers=user)).distinct()
    return courses.filter(trainers=user)


def course_with_prerequisites(event):
    """The course on event when it has prerequisites, else None (one query)."""
    course = (
        TrainingCourse.objects.filter(event_id=event.pk).prefetch_related("prerequisites").first()
    )
    return course if course and course.prerequisites.all() else None


def roster(course, session):
    """The people a trainer marks at a session: every live registration of the course, with
    this session's mark if there is one (two queries whatever the number of people)."""
    registrations = list(
        Registration.objects.filter(event_id=course.event_id, status__in=LIVE)
        .select_related("person")
        .order_by("person__name_kana", "person__name", "pk")
    )
    marks = {
        a.registration_id: a
        for a in Attendance.objects.filter(session=session, registration__in=registrations)
    }
    return [(registration, marks.get(registration.pk)) for registration in registrations]


def expiring_grants(on=None, days=EXPIRY_NOTICE_DAYS, platforms=None):
    """Grants that run out within `days` of `on` (the expiring-soon list), soonest first; of
    the people of `platforms` (pks) only when given (a staff's list: their people's grants,
    whichever platform's course granted them)."""
    on = on or timezone.localdate()
    grants = QualificationGrant.objects.filter(
        revoked_at__isnull=True,
        valid_until__gte=on,
        valid_until__lte=on + timedelta(days=days),
        person__erased_at__isnull=True,
    )
    if platforms is not None:
        grants = grants.filter(person__platform__in=platforms)
    return grants.select_related("person", "qualification").order_by("valid_until", "pk")


# The dashboard (cms.core.dashboard) ---------------------------------------------------------

#: How far back a session whose roster is not complete stays on the trainer's dashboard.
ROSTER_DAYS = 60
DASHBOARD_ROWS = 5


def _sessions_of(user):
    return EventSession.objects.filter(
        page__course__trainers=user, page__cancelled_at__isnull=True
    ).select_related("page__course")


def next_sessions(user, now=None, limit=DASHBOARD_ROWS):
    """The next sessions of the courses `user` teaches, soonest first (one query)."""
    now = now or timezone.now()
    return list(_sessions_of(user).filter(starts_at__gte=now).order_by("starts_at", "pk")[:limit])


def rosters_to_complete(user, now=None, limit=DASHBOARD_ROWS):
    """Sessions of the last ROSTER_DAYS that the user teaches where someone registered has no
    mark yet, latest first, each with `unmarked` (one query: counts, not rows)."""
    now = now or timezone.now()
    live = (
        Registration.objects.filter(event=OuterRef("page"), status__in=LIVE)
        .order_by()
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    sessions = (
        _sessions_of(user)
        .filter(ends_at__lte=now, ends_at__gte=now - timedelta(days=ROSTER_DAYS))
        .annotate(
            registered=Coalesce(Subquery(live, output_field=IntegerField()), 0),
            marked=Count("attendances", filter=Q(attendances__registration__status__in=LIVE)),
        )
        .annotate(unmarked=F("registered") - F("marked"))
        .filter(unmarked__gt=0)
    )
    return list(sessions.order_by("-starts_at", "-pk")[:limit])


def expiring_this_month(platforms, today=None):
    """How many qualifications of people of `platforms` run out this month (from today)."""
    today = today or timezone.localdate()
    last_day = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return QualificationGrant.objects.filter(
        person__platform__in=platforms,
        revoked_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=last_day,
        person__erased_at__isnull=True,
    ).count()


def teaching(addresses, *, start, end=None):
    """The sessions, overlapping [start, end) (or ending after start), of courses that active trainers with these
    e-mail addresses teach (whatever their case), as (ADDRESS, starts_at, ends_at, event title,
    session title) rows: one query. A trainer's teaching is a commitment (issue 21): a shift
    at the same time clashes, and a registration at the same time is warned."""
    addresses = {address.upper() for address in addresses if address}
    if not addresses:
        return []
    rows = (
        EventSession.objects.filter(page__cancelled_at=None, ends_at__gt=start)
        .filter(**({"starts_at__lt": end} if end is not None else {}))
        .annotate(
            address=Upper("page__course__trainers__email"),
            active=F("page__course__trainers__is_active"),
        )
        .filter(address__in=addresses, active=True)
        .order_by("starts_at", "pk")
        .values_list("address", "starts_at", "ends_at", "page__title", "title")
    )
    return list(rows)
