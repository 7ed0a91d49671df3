"""The yearly report's sections of events (cms.core.yearly): platform meetings, and events
and their participants (on site and online, fill rate, questionnaire satisfaction), each in a
fixed number of queries, this year and the previous one side by side."""

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Locale

from cms.core import yearly
from cms.core.yearly import Figure, Section, Table, split_years
from events import platforms, reports
from events.capacity import Status
from events.models import EventPage, Feedback, Quota, Registration

ONSITE, ONLINE = EventPage.Attendance.ONSITE, EventPage.Attendance.ONLINE


def shown(scope):
    """The scope's platforms as the events' platform map knows them."""
    infos = platforms.platform_map()
    return [infos[pk] for pk in scope.platform_ids if pk in infos]


def held(scope, prefix=""):
    """A Q for events (or, with `prefix`, rows of them) of the scope's platforms that took
    place: not cancelled, in the default language (registrations point at it)."""
    return platforms.under(shown(scope), prefix=prefix) & Q(
        **{f"{prefix}cancelled_at__isnull": True, f"{prefix}locale": Locale.get_default()}
    )


def _figures(scope, members_only):
    """{name: (this year, previous year)} for the events (or meetings), in four queries."""
    kind = Q(members_only=members_only)
    events = EventPage.objects.filter(held(scope), kind)
    counts = split_years(events, "starts_at", scope, events=lambda q: Count("pk", filter=q))
    registrations = Registration.objects.filter(
        held(scope, "event__"), event__members_only=members_only
    )

    def seats(condition):
        return lambda q: Sum("seats", filter=q & condition)

    counts |= split_years(
        registrations,
        "event__starts_at",
        scope,
        registered=seats(Q(status__in=(Status.CONFIRMED, Status.ATTENDED), walk_in=False)),
        # the fill rate counts the places that have a limit only
        limited=seats(
            Q(status__in=(Status.CONFIRMED, Status.ATTENDED), quota__capacity__isnull=False)
        ),
        onsite=seats(Q(status=Status.ATTENDED, quota__mode=ONSITE)),
        online=seats(Q(status=Status.ATTENDED, quota__mode=ONLINE)),
    )
    quotas = Quota.objects.filter(held(scope, "page__"), page__members_only=members_only)
    counts |= split_years(
        quotas, "page__starts_at", scope, capacity=lambda q: Sum("capacity", filter=q)
    )
    answers = Feedback.objects.filter(held(scope, "event__"), event__members_only=members_only)
    counts |= split_years(
        answers,
        "event__starts_at",
        scope,
        rating=lambda q: Avg("rating", filter=q),
        answers=lambda q: Count("pk", filter=q),
    )
    return counts


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _pairs(*pairs, combine):
    return tuple(combine(*values) for values in zip(*pairs, strict=True))


def events_section(scope):
    figures = _figures(scope, members_only=False)
    attended = _pairs(figures["onsite"], figures["online"], combine=lambda a, b: a + b)
    fill = _pairs(figures["limited"], figures["capacity"], combine=_rate)
    rating = tuple(round(value, 2) if value else None for value in figures["rating"])
    people = pgettext("unit", "people")
    header, rows = reports.yearly_report_table(scope.year, shown(scope))
    return Section(
        key="events",
        title=_("Events and participants"),
        order=30,
        figures=[
            Figure(
                _("Events held"),
                *figures["events"],
                pgettext("unit", "events"),
                key=yearly.EVENTS_HELD,
            ),
            Figure(
                pgettext("yearly report", "Participants"),
                *attended,
                people,
                key=yearly.PARTICIPANTS,
            ),
            Figure(_("Participants on site"), *figures["onsite"], people),
            Figure(_("Participants online"), *figures["online"], people),
            Figure(_("Fill rate (registered / places)"), *fill, "%"),
            Figure(_("Questionnaire answers"), *figures["answers"], pgettext("unit", "answers")),
            Figure(_("Average satisfaction (1–5)"), *rating),
        ],
        tables=[Table(_("Per event"), header, rows)],
    )


def meetings_section(scope):
    figures = _figures(scope, members_only=True)
    attended = _pairs(figures["onsite"], figures["online"], combine=lambda a, b: a + b)
    return Section(
        key="meetings",
        title=_("Platform meetings"),
        order=20,
        figures=[
            Figure(_("Meetings held"), *figures["events"], pgettext("unit", "meetings")),
            Figure(pgettext("yearly report", "Attendance"), *attended, pgettext("unit", "people")),
        ],
    )
