"""The yearly report to the prefecture and the national government: courses, sessions,
participants and completions per fiscal year (年度, April to March)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.fiscal import fiscal_year, fiscal_year_bounds
from events.capacity import LIVE
from events.courses.models import TrainingCourse

__all__ = ["fiscal_year", "yearly_report"]


def yearly_report(year, shown=None):
    """One row per course that started in fiscal `year`, in one query; only those of the
    platforms `shown` (events.platforms.PlatformInfo) when given."""
    start, end = fiscal_year_bounds(year)
    courses = TrainingCourse.objects.all()
    if shown is not None:
        from events import platforms

        courses = courses.filter(platforms.under(shown, prefix="event__"))
    courses = (
        courses.filter(event__starts_at__gte=start, event__starts_at__lt=end)
        .select_related("event", "qualification")
        .annotate(
            session_count=Count("event__sessions", distinct=True),
            make_up_count=Count("make_ups", distinct=True),
            participant_count=Count(
                "event__registrations",
                filter=Q(event__registrations__status__in=LIVE),
                distinct=True,
            ),
            completion_count=Count("completions", distinct=True),
            granted_count=Count(
                "completions", filter=Q(completions__grant__isnull=False), distinct=True
            ),
        )
        .order_by("event__starts_at", "pk")
    )
    return [
        {
            "course": course.event.title,
            "qualification": course.qualification.name,
            "follow_up": course.follow_up,
            "starts": timezone.localdate(course.event.starts_at),
            "sessions": course.session_count - course.make_up_count,
            "make_ups": course.make_up_count,
            "participants": course.participant_count,
            "completions": course.completion_count,
            "granted": course.granted_count,
        }
        for course in courses
    ]


def yearly_report_table(year, shown=None):
    """The report as (header, rows) for `cms.core.exports`: one row per course and a total."""
    rows = yearly_report(year, shown)
    header = [
        _("Fiscal year"),
        _("Course"),
        _("Qualification"),
        _("Follow-up"),
        _("First session"),
        _("Sessions"),
        _("Make-up sessions"),
        _("Participants"),
        _("Completed"),
        _("Qualification granted or renewed"),
    ]
    figures = ("sessions", "make_ups", "participants", "completions", "granted")
    table = [
        [
            year,
            row["course"],
            row["qualification"],
            _("yes") if row["follow_up"] else "",
            row["starts"],
            *(row[key] for key in figures),
        ]
        for row in rows
    ]
    table.append([year, _("Total"), "", "", None, *(sum(r[key] for r in rows) for key in figures)])
    return header, table
