"""Shifts as iCalendar feeds (built by `cms.core.ical`): the public list of open shifts, with
the same filters as the page, and each volunteer's own shifts behind a private link. Both give
a shift the same UID, and its SEQUENCE rises when its time, place or status changes."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import platform as platforms
from cms.core.ical import Occurrence, cached_vevents, calendar_response, uid
from events.capacity import HOLDING
from volunteers import links, queries
from volunteers.forms import shift_filter_form
from volunteers.models import Role, Shift, ShiftSignup, VolunteerOpportunity, translated

# A cancelled shift stays in the public feed this long, so that subscribed calendars drop it.
CANCELLED_KEPT = timedelta(days=30)


def _entries(shifts, request):
    """One entry per shift, roles and opportunities named in the active language (two queries
    however many shifts)."""
    shifts = list(shifts)
    roles = translated(Role, {shift.role for shift in shifts})
    opportunities = translated(VolunteerOpportunity, {shift.opportunity for shift in shifts})
    page = request.build_absolute_uri(reverse("volunteers:shifts"))
    return [
        _Entry(shift, roles[shift.role_id], opportunities[shift.opportunity_id], page)
        for shift in shifts
    ]


@dataclass(frozen=True)
class _Entry:
    """A shift with the words it is shown with (in the feed's language) and its list's URL."""

    shift: Shift
    role: Role
    opportunity: VolunteerOpportunity
    page: str

    def key(self):
        """Everything the VEVENT shows, as read for the feed anyway: a fragment under this key
        is never stale, however its shift, role or opportunity changed."""
        shift, opportunity = self.shift, self.opportunity
        return (
            "volunteer-shift",
            shift.pk,
            shift.reference,
            shift.starts_at,
            shift.ends_at,
            shift.place,
            shift.cancelled_at is None,
            shift.sequence,
            shift.updated_at,
            self.role.name,
            opportunity.pk,
            opportunity.title,
            opportunity.summary,
            opportunity.place,
            self.page,
        )

    def occurrence(self):
        shift, opportunity = self.shift, self.opportunity
        return Occurrence(
            uid=uid(shift.reference, "volunteer-shift"),
            start=shift.starts_at,
            end=shift.ends_at,
            summary=f"{self.role.name} – {opportunity.title}",
            description=opportunity.summary,
            location=shift.place or opportunity.place,
            url=f"{self.page}?opportunity={shift.opportunity_id}",
            status="CANCELLED" if shift.cancelled_at else "CONFIRMED",
            sequence=shift.sequence,
            last_modified=shift.updated_at,
        )


def _vevents(shifts, request):
    """The shifts' VEVENTs, through the fragment cache (`cms.core.ical.cached_vevents`)."""
    return cached_vevents(
        _entries(shifts, request),
        key=_Entry.key,
        occurrences=lambda entries: [entry.occurrence() for entry in entries],
    )


def shifts_calendar(request):
    """Shifts to come, filtered as the list is (?role=…&place=…&needs=on): something to
    subscribe to for "tell me when there is sorting at the food drive"."""
    now = timezone.now()
    platform = platforms.of_request(request)
    form, _names = shift_filter_form(request.GET, [platform])
    shifts = queries.filter_shifts(
        queries.annotate_places(
            Shift.objects.filter(starts_at__gt=now, opportunity__platform=platform).filter(
                Q(cancelled_at__isnull=True) | Q(cancelled_at__gt=now - CANCELLED_KEPT)
            )
        ),
        form.filters,
    )
    # The next start is when the first shift leaves the feed (it lists shifts to come).
    summary = Shift.objects.filter(pk__in=shifts.values("pk")).aggregate(
        count=Count("pk"), latest=Max("updated_at"), next_start=Min("starts_at")
    )

    def build():
        return _vevents(
            shifts.select_related("opportunity", "role").order_by("starts_at", "pk"), request
        )

    return calendar_response(
        request,
        version=(platform.pk, *summary.values(), sorted(request.GET.items())),
        build=build,
        name=_("Volunteer shifts"),
        filename="volunteer-shifts.ics",
        last_modified=summary["latest"],
    )


def my_calendar(request, token):
    """The volunteer's own shifts as a private, subscribable iCalendar feed."""
    volunteer = links.volunteer_for(token, links.CALENDAR)
    if volunteer is None:
        return links.invalid_link(request)
    signups = ShiftSignup.objects.filter(volunteer=volunteer, status__in=HOLDING)
    summary = signups.aggregate(latest=Max("status_changed_at"), shifts=Max("shift__updated_at"))
    version = (signups.count(), summary["latest"], summary["shifts"])

    def build():
        shifts = Shift.objects.filter(pk__in=signups.values("shift")).select_related(
            "opportunity", "role"
        )
        return [
            entry.occurrence() for entry in _entries(shifts.order_by("starts_at", "pk"), request)
        ]

    return calendar_response(
        request,
        version=version,
        build=build,
        name=_("My volunteer shifts"),
        filename="shifts.ics",
        private=True,
    )
