"""What the admin dashboard shows of events (cms.core.dashboard)."""

from datetime import timedelta

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from wagtail.models import Locale

from cms.core.platform import in_platforms
from events import capacity
from events.models import (
    EventPage,
    Registration,
    not_over,
)
from events.queries.listing import annotate_availability
from events.queries.meetings import organisations_of

#: An offer of a place runs out within this many hours: worth a call to the person.
OFFER_EXPIRING_HOURS = 24
#: The most events a dashboard line names.
DASHBOARD_ROWS = 5


def waitlist_attention(platforms, now):
    """Upcoming events of `platforms` with people on their waitlist, and offers of a place
    that run out within OFFER_EXPIRING_HOURS: {"waitlisted_events", "expiring_offers",
    "events": the first DASHBOARD_ROWS of those events (pk, title, waiting, expiring)}, in
    two queries."""
    soon = now + timedelta(hours=OFFER_EXPIRING_HOURS)
    waiting = Q(registrations__status=capacity.Status.WAITLISTED)
    expiring = Q(
        registrations__status=capacity.Status.OFFERED,
        registrations__offer_expires_at__lte=soon,
        registrations__offer_expires_at__gt=now,
    )
    events = (
        EventPage.objects.filter(in_platforms(platforms), not_over(now), cancelled_at=None)
        .annotate(
            waiting=Count("registrations", filter=waiting),
            expiring=Count("registrations", filter=expiring),
        )
        .filter(Q(waiting__gt=0) | Q(expiring__gt=0))
    )
    totals = events.aggregate(
        waitlisted_events=Count("pk", filter=Q(waiting__gt=0)),
        expiring_offers=Coalesce(Sum("expiring"), 0),
    )
    rows = list(
        events.order_by("starts_at", "pk").values("pk", "title", "waiting", "expiring")[
            :DASHBOARD_ROWS
        ]
    )
    return {**totals, "events": rows}


def organised_events(user, now, limit=DASHBOARD_ROWS):
    """The next events the user's member organisations organise or co-organise, with their
    seats held and offered and how many wait (`annotate_availability`), in one query."""
    mine = organisations_of(user).values("pk")
    events = (
        EventPage.objects.filter(Q(organiser__in=mine) | Q(co_organisers__in=mine))
        .filter(not_over(now), locale=Locale.get_default())
        .live()
        .values_list("pk", flat=True)
        .distinct()
    )
    pks = list(
        EventPage.objects.filter(pk__in=events)
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    waiting = (
        Registration.objects.filter(event=OuterRef("pk"), status=capacity.Status.WAITLISTED)
        .order_by()
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    by_pk = {
        event.pk: event
        for event in annotate_availability(EventPage.objects.filter(pk__in=pks)).annotate(
            waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), 0)
        )
    }
    return [by_pk[pk] for pk in pks if pk in by_pk]
