"""What event lists, pages and feeds show: seats left, the index's events with their filters
and platforms, the events imported from members' calendars."""

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html
from wagtail.models import Locale, Page

from cms.core.fallback import under_home
from cms.core.inline_translation import lend_words
from cms.core.params import parse_choice, parse_int, parse_slug, parse_text
from events import capacity, platforms
from events.capacity import HOLDING
from events.discreet import listed
from events.models import (
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
    originals = list(event.source.quotas.all())
    return [
        {
            "quota": shown,
            "left": capacity.seats_left(quota.capacity, quota.seats_held),
            "full": capacity.is_full(quota.capacity, quota.seats_held, quota.waiting),
        }
        for quota, shown in zip(originals, localized_quotas(event, originals), strict=True)
    ]


def localized_quotas(event, originals):
    """The original page's quotas (what registrations hold) with the labels of the page shown,
    when it is a translation (its own quotas, read once per request)."""
    if event.pk == event.source.pk or not event.pk:
        return originals
    prefetch_related_objects([event], "quotas")
    return lend_words(originals, event.quotas.all())


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


def upcoming_events(root, limit, request=None):
    """The next public events anywhere under root (a site's home page), soonest first, with
    their seats left, in a fixed number of queries. With the request, a home not translated
    all through also shows the events of the home in Japanese (cms.core.fallback)."""
    now = timezone.now()
    if request is None:
        events = EventPage.objects.descendant_of(root)
    else:
        events = under_home(EventPage.objects.all(), request, root.locale_id)
    events = listed(events.live().public()).filter(not_over(now), cancelled_at=None)
    events = events.order_by("starts_at")
    return with_availability(list(events.values_list("pk", flat=True)[:limit]))


def with_availability(pks):
    """The events of `pks`, in that order, with their seats (`annotate_availability`),
    organiser and image. Lists count and slice the plain query first, so that the availability
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
        .select_related("organiser", "image")
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
        listed(EventPage.objects.live().public()), index, index_platforms(index, params)
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
