"""The yearly report's section of volunteers (cms.core.yearly): volunteers active (with
confirmed hours in the year), their hours, and hours per role; in a fixed number of queries,
this year and the previous one side by side. Counts only: no names."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.core.yearly import Figure, Section, Table, admin_link, split_years
from events.capacity import Status
from volunteers.models import ShiftSignup


def _confirmed(scope):
    """The sign-ups whose hours the coordinators confirmed (what certificates count)."""
    return ShiftSignup.objects.filter(
        shift__opportunity__platform_id__in=scope.platform_ids,
        status=Status.ATTENDED,
        hours__isnull=False,
        no_show=False,
    )


def volunteers_section(scope):
    signups = _confirmed(scope)
    figures = split_years(
        signups,
        "shift__starts_at",
        scope,
        volunteers=lambda q: Count("volunteer", filter=q, distinct=True),
        hours=lambda q: Sum("hours", filter=q),
        shifts=lambda q: Count("shift", filter=q, distinct=True),
    )
    terms = {}
    for name, (start, end) in (("this", scope.bounds), ("previous", scope.previous_bounds)):
        when = Q(shift__starts_at__gte=start, shift__starts_at__lt=end)
        terms[f"{name}_people"] = Count("volunteer", filter=when, distinct=True)
        terms[f"{name}_hours"] = Sum("hours", filter=when)
    by_role = (
        signups.filter(
            shift__starts_at__gte=scope.previous_bounds[0], shift__starts_at__lt=scope.bounds[1]
        )
        .values("shift__role__name")
        .annotate(**terms)
        .order_by("shift__role__name")
    )
    link = admin_link("wagtailsnippets_volunteers_volunteer:list")
    hours = pgettext("unit", "hours")
    return Section(
        key="volunteers",
        title=_("Volunteers and hours"),
        order=50,
        figures=[
            Figure(
                _("Volunteers active"), *figures["volunteers"], pgettext("unit", "people"), link
            ),
            Figure(_("Volunteer hours"), *(float(h) for h in figures["hours"]), hours, link),
            Figure(
                _("Shifts with confirmed hours"), *figures["shifts"], pgettext("unit", "shifts")
            ),
        ],
        tables=[
            Table(
                _("Per role"),
                [
                    _("Role"),
                    _("Volunteers this year"),
                    _("Hours this year"),
                    _("Volunteers previous year"),
                    _("Hours previous year"),
                ],
                [
                    [
                        row["shift__role__name"],
                        row["this_people"],
                        float(row["this_hours"] or 0),
                        row["previous_people"],
                        float(row["previous_hours"] or 0),
                    ]
                    for row in by_role
                ],
            )
        ],
    )
