"""The yearly report's section of supporter courses (cms.core.yearly): courses held, people
who completed and were granted the qualification, qualifications valid at the year's end; in a
fixed number of queries, this year and the previous one side by side."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.core import yearly
from cms.core.yearly import Figure, Section, Table, admin_link, split_years
from cms.people.models import QualificationGrant
from events.courses import reports
from events.courses.models import CourseCompletion, TrainingCourse
from events.yearly import held, shown


def _valid_at(day):
    """Grants that were in force on `day` (the last day of a year): granted by then, not
    expired and not revoked before it ended."""
    return (
        Q(granted_on__lte=day)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        & (Q(revoked_at__isnull=True) | Q(revoked_at__date__gt=day))
    )


def courses_section(scope):
    courses = TrainingCourse.objects.filter(held(scope, "event__"))
    figures = split_years(courses, "event__starts_at", scope, n=lambda q: Count("pk", filter=q))
    completions = CourseCompletion.objects.filter(held(scope, "course__event__"))
    figures |= split_years(
        completions,
        "completed_on",
        scope,
        dates=True,
        completed=lambda q: Count("pk", filter=q),
        granted=lambda q: Count("pk", filter=q & Q(grant__isnull=False)),
    )
    end, previous_end = scope.last_days
    valid = QualificationGrant.objects.filter(person__platform_id__in=scope.platform_ids).aggregate(
        this=Count("pk", filter=_valid_at(end)),
        previous=Count("pk", filter=_valid_at(previous_end)),
    )
    header, rows = reports.yearly_report_table(scope.year, shown(scope))
    people = pgettext("unit", "people")
    return Section(
        key="courses",
        title=_("Supporter courses"),
        order=40,
        figures=[
            Figure(
                _("Courses held"),
                *figures["n"],
                pgettext("unit", "courses"),
                admin_link("wagtailsnippets_courses_trainingcourse:list"),
            ),
            Figure(_("Completed a course"), *figures["completed"], people),
            Figure(
                _("Supporters trained (qualification granted or renewed)"),
                *figures["granted"],
                people,
                key=yearly.SUPPORTERS_TRAINED,
            ),
            Figure(
                _("Qualifications valid at the end of the year"),
                valid["this"],
                valid["previous"],
                people,
                admin_link("wagtailsnippets_people_qualificationgrant:list"),
            ),
        ],
        tables=[Table(_("Per course"), header, rows)],
    )
