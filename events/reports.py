"""Figures after events, for staff: attendance (registered, on site, online, walk-ins) and
the satisfaction questionnaire (count, average, distribution), per event and per fiscal year
(年度, April to March, as in the courses report). Figures only: no personal data."""

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.core.fiscal import fiscal_year, fiscal_year_bounds
from events import platforms
from events.capacity import Status

__all__ = [
    "attendance_figures",
    "feedback_figures",
    "fiscal_year",
    "yearly_report",
    "yearly_report_table",
]
from events.models import EventPage, Feedback, Registration

_ATTENDANCE = {
    "registered": Sum(
        "seats", filter=Q(status__in=(Status.CONFIRMED, Status.ATTENDED), walk_in=False)
    ),
    "attended_onsite": Sum(
        "seats", filter=Q(status=Status.ATTENDED, quota__mode=EventPage.Attendance.ONSITE)
    ),
    "attended_online": Sum(
        "seats", filter=Q(status=Status.ATTENDED, quota__mode=EventPage.Attendance.ONLINE)
    ),
    "walk_ins": Sum("seats", filter=Q(status=Status.ATTENDED, walk_in=True)),
}


def _attendance(row):
    figures = {key: row.get(key) or 0 for key in _ATTENDANCE}
    figures["attended"] = figures["attended_onsite"] + figures["attended_online"]
    return figures


def attendance_figures(event):
    """People (companions included) registered and attended, in one query."""
    row = Registration.objects.filter(event=event.source).aggregate(**_ATTENDANCE)
    return _attendance(row)


def feedback_figures(event):
    """The questionnaire of one event: how many answered, the average rating, how many gave
    each rating (5 to 1), the other answers counted, and the comments without names."""
    answers = Feedback.objects.filter(event=event.source)
    summary = answers.aggregate(count=Count("pk"), average=Avg("rating"))
    ratings = dict(answers.values_list("rating").annotate(n=Count("pk")))
    count = summary["count"]
    heard = dict(answers.exclude(heard_from="").values_list("heard_from").annotate(n=Count("pk")))
    again = dict(answers.exclude(come_again="").values_list("come_again").annotate(n=Count("pk")))
    return {
        "count": count,
        "average": round(summary["average"], 2) if count else None,
        "distribution": [
            {
                "rating": rating,
                "count": ratings.get(rating, 0),
                "percent": round(100 * ratings.get(rating, 0) / count) if count else 0,
            }
            for rating in range(5, 0, -1)
        ],
        "heard_from": [(label, heard.get(value, 0)) for value, label in Feedback.HeardFrom.choices],
        "come_again": [(label, again.get(value, 0)) for value, label in Feedback.ComeAgain.choices],
        "comments": list(
            answers.exclude(comment="").order_by("created_at").values_list("comment", flat=True)
        ),
    }


def yearly_report(year, shown=None):
    """One row per event (original language) that started in fiscal `year`: attendance and
    questionnaire figures, in three queries whatever the number of events. `shown`: the
    platforms (events.platforms.PlatformInfo) whose events count; every one when None."""
    start, end = fiscal_year_bounds(year)
    events = EventPage.objects.filter(
        starts_at__gte=start, starts_at__lt=end, cancelled_at__isnull=True
    )
    if shown is not None:
        events = events.filter(platforms.under(shown))
    events = list(
        events.filter(pk__in=Registration.objects.values("event"))
        .order_by("starts_at", "pk")
        .only("pk", "title", "starts_at", "category", "members_only")
    )
    attendance = {
        row["event"]: row
        for row in Registration.objects.filter(event__in=events)
        .values("event")
        .annotate(**_ATTENDANCE)
    }
    feedback = {
        row["event"]: row
        for row in Feedback.objects.filter(event__in=events)
        .values("event")
        .annotate(answers=Count("pk"), average=Avg("rating"))
    }
    rows = []
    for event in events:
        answered = feedback.get(event.pk, {})
        rows.append(
            {
                "event": event,
                "starts": timezone.localdate(event.starts_at),
                **_attendance(attendance.get(event.pk, {})),
                "answers": answered.get("answers", 0),
                "average": round(answered["average"], 2) if answered.get("answers") else None,
            }
        )
    return rows


FIGURES = ("registered", "attended_onsite", "attended_online", "walk_ins", "answers")


def yearly_report_table(year, shown=None):
    """The report as (header, rows) for `cms.core.exports`, with a total row."""
    rows = yearly_report(year, shown)
    header = [
        _("Fiscal year"),
        _("Event"),
        _("Category"),
        _("Date"),
        pgettext("how many", "Registered"),
        _("Attended on site"),
        _("Attended online"),
        _("Walk-ins"),
        _("Questionnaire answers"),
        _("Average satisfaction (1–5)"),
    ]
    table = [
        [
            year,
            row["event"].title,
            row["event"].get_category_display(),
            row["starts"],
            *(row[key] for key in FIGURES),
            row["average"],
        ]
        for row in rows
    ]
    answers = sum(row["answers"] for row in rows)
    average = (
        round(sum((row["average"] or 0) * row["answers"] for row in rows) / answers, 2)
        if answers
        else None
    )
    table.append(
        [year, _("Total"), "", None, *(sum(r[key] for r in rows) for key in FIGURES), average]
    )
    return header, table
