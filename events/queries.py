"""The read side of events: the querysets and figures that views, the admin, feeds, hooks and
services share. Nothing here writes; seats left are worked out by `events.capacity`."""

from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from wagtail.models import Locale, Page

from cms.core.params import parse_choice, parse_int, parse_slug, parse_text
from cms.core.platform import in_platforms
from events import capacity, platforms
from events.capacity import HOLDING
from events.models import (
    CalendarSource,
    EventPage,
    EventSession,
    ImportedEvent,
    Quota,
    Registration,
    not_over,
)

# The index's filters, which its calendar feed takes too.
# (`municipality`: on a prefecture's index, the events of one municipality's platform only.)
FEED_FILTERS = ("category", "topic", "organiser", "area", "attendance", "municipality")


def availability(event):
    """Per quota: the quota, its seats left (None: no limit) and whether a newcomer would have
    to wait (`capacity.is_full`), in one query. The quotas stay on the event's source page:
    its registration form reads them again."""
    held = (
        Registration.objects.filter(quota=OuterRef("pk"), status__in=HOLDING)
        .order_by()
        .values("quota")
        .annotate(total=Sum("seats"))
        .values("total")
    )
    waiting = (
        Registration.objects.filter(quota=OuterRef("pk"), status=capacity.Status.WAITLISTED)
        .order_by()
        .values("quota")
        .annotate(total=Count("pk"))
        .values("total")
    )
    quotas = Quota.objects.annotate(
        seats_held=Coalesce(Subquery(held, output_field=IntegerField()), 0),
        waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
    )
    prefetch_related_objects([event.source], Prefetch("quotas", queryset=quotas))
    return [
        {
            "quota": quota,
            "left": capacity.seats_left(quota.capacity, quota.seats_held),
            "full": capacity.is_full(quota.capacity, quota.seats_held, quota.waiting),
        }
        for quota in event.source.quotas.all()
    ]


def annotate_availability(events):
    """Seats offered and held per event, in the same query as the events themselves (the
    counts belong to the original-language page, which the translations share)."""
    default = Locale.get_default()
    quotas = Quota.objects.filter(
        page__translation_key=OuterRef("translation_key"), page__locale=default
    )
    capacity_sum = quotas.values("page").annotate(total=Sum("capacity")).values("total")
    held = (
        Registration.objects.filter(
            event__translation_key=OuterRef("translation_key"),
            event__locale=default,
            status__in=HOLDING,
        )
        .values("event")
        .annotate(total=Sum("seats"))
        .values("total")
    )
    return events.annotate(
        seats_offered=Subquery(capacity_sum, output_field=IntegerField()),
        seats_held=Coalesce(Subquery(held, output_field=IntegerField()), 0),
        has_quota=Exists(quotas),
        unlimited=Exists(quotas.filter(capacity__isnull=True)),
    )


def upcoming_events(root, limit):
    """The next public events anywhere under root (a site's home page), soonest first, with
    their seats left, in a fixed number of queries."""
    now = timezone.now()
    events = (
        EventPage.objects.live()
        .public()
        .descendant_of(root)
        .filter(not_over(now), cancelled_at=None)
        .order_by("starts_at")
    )
    return with_availability(list(events.values_list("pk", flat=True)[:limit]))


def with_availability(pks):
    """The events of `pks`, in that order, with their seats (`annotate_availability`) and
    organiser. Lists count and slice the plain query first, so that the availability
    subqueries run for the events shown only."""
    # A course of several sessions is shown by its first session and their number, not as
    # one long event from the first start to the last end.
    sessions = (
        EventSession.objects.filter(
            page__translation_key=OuterRef("translation_key"), page__locale=Locale.get_default()
        )
        .order_by()
        .values("page")
        .annotate(total=Count("pk"))
        .values("total")
    )
    annotated = (
        annotate_availability(EventPage.objects.filter(pk__in=pks))
        .annotate(session_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0))
        .select_related("organiser")
    )
    by_pk = {event.pk: event for event in annotated}
    return [by_pk[pk] for pk in pks]


def index_platforms(index, params=None):
    """The platforms whose events an index lists: its own; on a prefecture's platform, also
    those of the municipalities it hosts, or only the one its `municipality` parameter names
    (a short name, see `municipalities`)."""
    return platforms.shown_by(platforms.of_path(index.path), (params or {}).get("municipality"))


def municipalities(index):
    """The municipalities' platforms a prefecture's index lists, for its filter ([] elsewhere)."""
    return platforms.municipalities(platforms.of_path(index.path))


def _index_scope(index, params=None):
    """The public events an index lists before its filters: its own children; on a
    prefecture's platform also the events of its municipalities' platforms in the index's
    language."""
    return platforms.listed_by_index(
        EventPage.objects.live().public(), index, index_platforms(index, params)
    )


def label_platforms(events, index):
    """Name the organising platform on each event of another platform than the index's (a
    prefecture's list): `event.platform_label`, `event.platform_url`. No query."""
    return platforms.label_others(
        events, platforms.of_path(index.path), lambda event: platforms.of_path(event.path)
    )


def index_events(index, params):
    """The public events of an index with its filters: what its list and its feed show."""
    return filter_events(_index_scope(index, params), params)


def index_areas(index):
    """The areas the index's events take place in, for its filter."""
    return list(
        _index_scope(index)
        .exclude(area="")
        .order_by("area")
        .values_list("area", flat=True)
        .distinct()
    )


def filter_events(events, params):
    """The index's filters (category, topic, organiser, area, attendance), shared by the page
    and its calendar feed so that a subscription shows what the filtered list shows."""
    category = parse_choice(params.get("category"), EventPage.Category.values)
    if category:
        events = events.filter(category=category)
    topic = parse_slug(params.get("topic"))
    if topic:
        events = events.filter(topics__slug=topic)
    organiser = parse_int(params.get("organiser"))
    if organiser:
        events = events.filter(Q(organiser_id=organiser) | Q(co_organisers__id=organiser))
    area = parse_text(params.get("area"))
    if area:
        events = events.filter(area=area)
    attendance = parse_choice(params.get("attendance"), ("online", "onsite"))
    if attendance == "online":
        events = events.exclude(attendance=EventPage.Attendance.ONSITE)
    elif attendance == "onsite":
        events = events.exclude(attendance=EventPage.Attendance.ONLINE)
    if topic or organiser:
        events = events.distinct()  # those filters join many-to-many tables
    return events


def imported_for(index, params):
    """Events mirrored from the calendars that feed this index; on a prefecture's platform
    also those mirrored into its municipalities' platforms (or into the one its
    `municipality` parameter names), as its list of their own events. They have no category,
    topic or area, so a filtered list leaves them out."""
    if any(params.get(name) for name in FEED_FILTERS if name != "municipality"):
        return ImportedEvent.objects.none()
    default = Locale.get_default()
    original = index
    if index.locale_id != default.pk:
        original = index.get_translation_or_none(default) or index
    shown = index_platforms(index, params)
    own = platforms.of_path(index.path)
    query = Q(source__platform__in=[info.pk for info in shown if info != own])
    if own in shown:
        query |= Q(source__index=original)
    return (
        ImportedEvent.objects.filter(query, source__active=True, live=True)
        .select_related("source__organisation")
        .order_by("starts_at", "pk")
    )


def label_imported(events, index, request=None):
    """Name the platform that mirrored each imported event of another platform than the
    index's (a prefecture's list), as `label_platforms` does for pages, and link the member
    organisation whose calendar it came from, in the visitor's language (`event.source_link`,
    safe HTML): one query for all of them."""
    own = platforms.of_path(index.path)
    infos = platforms.platform_map()
    locale = Locale.get_active()
    # The organisation's profile in the visitor's language: itself in its own language (no
    # query), else its translations, one query for all of them.
    keys = {
        e.source.organisation.translation_key
        for e in events
        if e.source.organisation_id and e.source.organisation.locale_id != locale.pk
    }
    by_key = {}
    if keys:
        shown = Page.objects.filter(translation_key__in=keys, locale=locale).live().public()
        by_key = {page.translation_key: page for page in shown}
    pages = {}
    for e in events:
        organisation = e.source.organisation
        if organisation is not None and organisation.live:
            same = organisation.locale_id == locale.pk
            pages[organisation.pk] = (
                organisation if same else by_key.get(organisation.translation_key)
            )
    for event in events:
        info = infos.get(event.source.platform_id)
        if info is not None and info != own:
            event.platform_label = info.name()
            event.platform_url = info.base_url
        page = pages.get(event.source.organisation_id)
        if page is not None:
            event.source_link = format_html(
                '<a href="{}">{}</a>', page.get_url(request), event.source.name
            )
    return events


def people_with_upcoming_events(people):
    """Nobody is erased while they hold or wait for a place at an event that has not ended
    (a retention hold, registered by `events.services.retention`)."""
    return people.filter(
        event_registrations__status__in=capacity.LIVE,
        event_registrations__event__sessions__ends_at__gt=timezone.now(),
    )


# Platform meetings (events.models.meetings) ------------------------------------------------


def organisations_of(user):
    """The member organisations whose profile the account may edit: the account's own."""
    from cms.directory.models import MemberOrganisationPage

    if not user.is_authenticated:
        return MemberOrganisationPage.objects.none()
    return MemberOrganisationPage.objects.filter(
        group_permissions__group__in=user.groups.all()
    ).distinct()


def invited_organisations(event):
    """Active members of an invited tier (their profiles in the default language)."""
    from cms.directory.members.models import Membership
    from cms.directory.models import MemberOrganisationPage

    invited = Membership.objects.filter(
        tier__in=event.source.invited_tiers.all(), status=Membership.Status.ACTIVE
    )
    return MemberOrganisationPage.objects.filter(
        translation_key__in=invited.organisations(),
        locale__language_code=settings.LANGUAGE_CODE,
    )


def is_meeting_staff(user, event):
    return user.is_authenticated and (
        user.is_superuser or event.permissions_for_user(user).can_edit()
    )


def may_attend(user, event):
    """Staff, or an account of an invited member organisation."""
    if not user.is_authenticated:
        return False
    if is_meeting_staff(user, event):
        return True
    return invited_organisations(event).filter(pk__in=organisations_of(user).values("pk")).exists()


def action_items_for(user, event):
    """Staff see every action item; a member sees its own organisation's only."""
    items = event.source.action_items.select_related("organisation").order_by(
        "done", "due_on", "sort_order"
    )
    if is_meeting_staff(user, event):
        return items
    return items.filter(Q(organisation__in=organisations_of(user).values("pk")))


# One row of counts, and MINs and MAXes that an index answers (see `feed_stamps`), in the
# models' own tables, for the pages under some home paths ({pages}) and the imported events of
# some platforms ({sources}). %(now)s is now, %(kept)s the oldest cancellation the feeds still
# show.
_FEED_STAMPS_TEMPLATE = """
SELECT
  (SELECT COUNT(*) FROM {event} e JOIN {page} p ON p.id = e.page_ptr_id
    WHERE p.live AND {pages}),
  (SELECT MAX(p.last_published_at) FROM {event} e
    JOIN {page} p ON p.id = e.page_ptr_id WHERE {pages}),
  (SELECT MIN(x.ends_at) FROM {session} x JOIN {page} p ON p.id = x.page_id
    WHERE x.ends_at >= %(now)s AND {pages}),
  (SELECT MAX(x.ends_at) FROM {session} x JOIN {page} p ON p.id = x.page_id
    WHERE x.ends_at < %(now)s AND {pages}),
  (SELECT MIN(e.cancelled_at) FROM {event} e
    JOIN {page} p ON p.id = e.page_ptr_id
    WHERE p.live AND e.cancelled_at >= %(kept)s AND {pages}),
  (SELECT MAX(e.cancelled_at) FROM {event} e
    JOIN {page} p ON p.id = e.page_ptr_id
    WHERE p.live AND e.cancelled_at < %(kept)s AND {pages}),
  (SELECT COUNT(*) FROM {imported} i
    JOIN {source} s ON s.id = i.source_id WHERE i.live AND s.active AND {sources}),
  (SELECT MAX(i.updated_at) FROM {imported} i
    JOIN {source} s ON s.id = i.source_id WHERE {sources}),
  (SELECT MIN(i.ends_at) FROM {imported} i
    JOIN {source} s ON s.id = i.source_id
    WHERE i.live AND s.active AND i.ends_at >= %(now)s AND {sources}),
  (SELECT MAX(i.ends_at) FROM {imported} i
    JOIN {source} s ON s.id = i.source_id
    WHERE i.live AND s.active AND i.ends_at < %(now)s AND {sources})
"""


def _feed_stamps_sql(paths, platform_count):
    """The stamps' SQL for pages under `paths` and sources of `platform_count` platforms
    (their values are parameters: %(path0)s…, %(platform0)s…)."""
    pages = " OR ".join(f"p.path LIKE %(path{n})s" for n in range(len(paths))) or "1 = 0"
    sources = ", ".join(f"%(platform{n})s" for n in range(platform_count))
    return _FEED_STAMPS_TEMPLATE.format(
        event=EventPage._meta.db_table,
        page=Page._meta.db_table,
        session=EventSession._meta.db_table,
        imported=ImportedEvent._meta.db_table,
        source=CalendarSource._meta.db_table,
        pages=f"({pages})",
        sources=f"s.platform_id IN ({sources})" if sources else "1 = 0",
    )


_FEED_STAMPS = (
    "count",
    "published",
    "next_end",
    "last_end",
    "cancelled",
    "dropped",
    "imported",
    "imported_updated",
    "imported_next_end",
    "imported_last_end",
)


def feed_stamps(now, kept_since, shown):
    """What the public event feeds' ETag follows (events.feeds.feed_version), in one query:
    a calendar app polls every few minutes, and a 304 must cost that query and nothing else.
    In SQL because the ORM spends longer composing ten aggregates than the database takes to
    answer them. The stamps:

    - events: how many are live (`count`), the latest publish of one or of a translation;
    - sessions: the next to end after `now` and the last that ended (the window moves then);
    - cancellations of live events: the oldest the feeds still show (since `kept_since`),
      the latest they no longer show (`dropped`);
    - imported events shown: how many, the latest update, the next to end, the last ended.

    Only of the platforms `shown` (events.platforms.PlatformInfo): a change on one platform
    moves the feeds of that platform (and of its prefecture) only.

    Returns {name: value}, times as aware datetimes."""
    adapt = connection.ops.adapt_datetimefield_value
    paths = [path for info in shown for path in info.paths]
    params = {"now": adapt(now), "kept": adapt(kept_since)}
    params.update({f"path{n}": f"{path}%" for n, path in enumerate(paths)})
    params.update({f"platform{n}": info.pk for n, info in enumerate(shown)})
    with connection.cursor() as cursor:
        cursor.execute(_feed_stamps_sql(paths, len(shown)), params)
        row = cursor.fetchone()
    return {
        name: value if name in ("count", "imported") else _aware(value)
        for name, value in zip(_FEED_STAMPS, row, strict=True)
    }


def _aware(value):
    """A stored time as an aware datetime (SQLite answers a raw query with text in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def next_change_by_clock(now, keep_cancelled):
    """The next moment after `now` at which the public events change by the clock alone (see
    cms.core.freshness.next_change_by_clock): a session starts or ends, registration opens or
    closes, an imported event starts or ends, a cancellation leaves the feeds."""

    def after(field):
        return Min(field, filter=Q(**{f"{field}__gt": now}))

    sessions = EventSession.objects.aggregate(starts=after("starts_at"), ends=after("ends_at"))
    pages = EventPage.objects.filter(live=True).aggregate(
        opens=after("registration_opens_at"),
        closes=after("registration_closes_at"),
        dropped=Min("cancelled_at", filter=Q(cancelled_at__gt=now - keep_cancelled)),
    )
    imported = ImportedEvent.objects.filter(live=True).aggregate(
        starts=after("starts_at"), ends=after("ends_at")
    )
    if pages["dropped"] is not None:
        pages["dropped"] += keep_cancelled
    moments = [*sessions.values(), *pages.values(), *imported.values()]
    return min(filter(None, moments), default=None)


# The dashboard (cms.core.dashboard) ---------------------------------------------------------

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
