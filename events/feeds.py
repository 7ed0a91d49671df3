"""The events' public iCalendar feeds, all through `cms.core.ical`: the whole site
(`/calendar.ics`), one event index (with its filters), one member organisation, one event (a
download). A registrant's own file and feed: `events.private_feeds`.

Every entry is a session of the original-language page: its UID (a stored UUID) and SEQUENCE
are the same in every language, and only the words come from the page in the feed's language.
Public feeds carry no online meeting link and nothing about who registered."""

import hashlib
from datetime import timedelta

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from cms.core import ical
from cms.directory.models import MemberOrganisationPage
from events import platforms
from events.discreet import listed
from events.models import CalendarSource, EventPage, EventSession, ImportedEvent
from events.queries import feed_stamps, imported_for, index_events, index_platforms

# A cancelled event stays in feeds this long, marked CANCELLED, so that calendar apps that
# poll now and then still learn of it and remove it.
KEEP_CANCELLED = timedelta(days=30)


def _window(now):
    return Q(ends_at__gte=now, page__cancelled_at__isnull=True) | Q(
        page__cancelled_at__gte=now - KEEP_CANCELLED
    )


def sessions_of(pages, now=None):
    """The coming sessions (and recently cancelled ones) of the original-language pages of
    `pages` (a queryset in any language)."""
    now = now or timezone.now()
    return (
        EventSession.objects.filter(
            page__live=True,
            page__locale=Locale.get_default(),
            page__translation_key__in=pages.values("translation_key"),
        )
        .filter(_window(now))
        .select_related("schedule")
        .order_by("starts_at", "pk")
    )


def with_pages(sessions):
    """The sessions as a list, each with its page loaded once per page rather than once per
    session (a series may have dozens of sessions, and a page row is heavy)."""
    sessions = list(sessions)
    pages = EventPage.objects.in_bulk({session.page_id for session in sessions})
    for session in sessions:
        session.page = pages[session.page_id]
    return sessions


# The stamps whose change is a change of content (the others only date it: Last-Modified).
_VERSION_STAMPS = (
    "count",
    "published",
    "next_end",
    "cancelled",
    "imported",
    "imported_updated",
    "imported_next_end",
)


def feed_version(shown, *parts):
    """What every public event feed's ETag follows, in one query (`queries.feed_stamps`), and its
    Last-Modified. It moves with what the feeds show and with nothing else: a publish,
    unpublish or deletion of an event (sessions, cancellations and translations are published
    with their page), any import, and the moments the window moves, i.e. when the next session
    ends or the oldest recent cancellation leaves it. Not the clock: a feed polled every few
    minutes stays a 304 for as long as nothing in it changes. (A session of an unpublished
    event that ends moves it too: harmless, and it keeps that part on one index.)

    Only the platforms `shown` count (events.platforms.shown_by), and they are part of the
    version: one platform's change leaves another's feeds a 304, and the same address on two
    platforms never shares an ETag."""
    stamps = feed_stamps(timezone.now(), timezone.now() - KEEP_CANCELLED, shown)
    version = (*(stamps[name] for name in _VERSION_STAMPS), tuple(info.pk for info in shown))
    dropped = stamps["dropped"] and stamps["dropped"] + KEEP_CANCELLED
    last_modified = _latest(
        stamps["published"],
        stamps["last_end"],
        dropped,
        stamps["imported_updated"],
        stamps["imported_last_end"],
    )
    return (*version, *parts), last_modified


def body_text(page):
    """The body's words as plain text, from the stored blocks (no template rendering: a feed
    may hold thousands of events)."""
    lines = []
    for block in page.body.raw_data:
        if block["type"] == "heading":
            lines.append(str(block["value"]))
        elif block["type"] == "paragraph":
            lines.append(ical.html_to_text(block["value"]))
    return "\n".join(line for line in lines if line)


def localized_pages(sessions, *fields):
    """{translation_key: page in the active language} for the sessions' events, one query
    (only `fields` of each page when given)."""
    language = translation.get_language() or ""
    default = Locale.get_default()
    if language == default.language_code:
        return {}
    keys = {session.page.translation_key for session in sessions}
    pages = EventPage.objects.live().filter(
        translation_key__in=keys, locale__language_code=language
    )
    if fields:
        pages = pages.only(*fields)
    return {page.translation_key: page for page in pages}


def _location(page):
    if page.attendance == EventPage.Attendance.ONLINE:
        return _("Online")
    return " ".join(part for part in (page.venue_name, page.venue_address) if part)


def organised_by(page, own):
    """The platform that organises `page` when it is not the feed's own platform `own` (an
    event of a municipality in its prefecture's calendar), else None."""
    if own is None:
        return None
    info = platforms.of_path(page.path)
    return info if info is not None and info != own else None


def _page_parts(source, page, request, cache, own=None):
    """What every session of a page shares, worked out once per page (a series may have
    dozens of sessions). `source` is the original-language page, `page` the one in the feed's
    language. An event of another platform than the feed's (`own`) names that platform and
    links to it on that platform's own address."""
    if page.pk not in cache:
        geo = None
        if source.latitude is not None and source.longitude is not None:
            geo = (float(source.latitude), float(source.longitude))
        parts = [page.summary, body_text(page)]
        url = page.get_full_url(request)
        organiser = organised_by(source, own)
        if organiser is not None:
            parts.append(_("Organised by %(platform)s") % {"platform": organiser.name()})
            relative = page.get_url_parts(request)
            if relative is not None:
                url = organiser.base_url + relative[2]
        cache[page.pk] = {
            "description": "\n\n".join(part for part in parts if part),
            "location": _location(page),
            "geo": geo,
            "url": url,
        }
    return cache[page.pk]


def session_occurrence(
    session, page, request, *, summary=None, description=None, cache=None, own=None
):
    """A session as a calendar entry; `page` gives the words (in the feed's language); `own`
    is the feed's platform (see `_page_parts`)."""
    source = session.page
    schedule = getattr(session, "schedule", None)
    parts = _page_parts(source, page, request, {} if cache is None else cache, own)
    title = summary or page.title
    if summary is None and session.title:
        title = f"{title}（{session.title}）"
    if description is None:
        description = parts["description"]
    return ical.Occurrence(
        uid=ical.uid(session.uid, "event-session"),
        start=session.starts_at,
        end=session.ends_at,
        summary=title,
        description=description,
        location=parts["location"],
        geo=parts["geo"],
        url=parts["url"],
        status="CANCELLED" if source.cancelled_at else "CONFIRMED",
        sequence=schedule.sequence if schedule else 0,
        last_modified=_latest(page.last_published_at, schedule and schedule.changed_at),
        categories=(source.get_category_display(),),
    )


def _latest(*values):
    return max((value for value in values if value), default=None)


def _imported_uid(event):
    key = hashlib.sha256(f"{event.uid}|{event.recurrence_id}".encode()).hexdigest()[:32]
    return ical.uid(key, f"imported-{event.source_id}")


def imported_organiser(event, own):
    """The platform that mirrored `event` when it is not the feed's own platform `own` (an
    event imported into a municipality's calendar, in its prefecture's), else None."""
    if own is None:
        return None
    info = platforms.platform_map().get(event.source.platform_id)
    return info if info is not None and info != own else None


def imported_occurrence(event, own=None):
    start, end = event.starts_at, event.ends_at
    if event.all_day:
        start = timezone.localtime(start).date()
        end = max(timezone.localtime(end).date(), start + timedelta(days=1))
    notes = [event.description, _("Imported from %(source)s") % {"source": event.source.name}]
    organiser = imported_organiser(event, own)
    if organiser is not None:
        notes.append(_("Organised by %(platform)s") % {"platform": organiser.name()})
    return ical.Occurrence(
        uid=_imported_uid(event),
        start=start,
        end=end,
        summary=event.title,
        description="\n\n".join(part for part in notes if part),
        location=event.location,
        url=event.url,
        status="CANCELLED" if event.status == "CANCELLED" else "CONFIRMED",
        sequence=event.sequence,
        last_modified=event.updated_at,
    )


def imported_events(sources, now=None):
    now = now or timezone.now()
    return (
        ImportedEvent.objects.filter(
            source__in=sources, source__active=True, live=True, ends_at__gte=now
        )
        .select_related("source")
        .order_by("starts_at", "pk")
    )


def page_occurrences(request, pages, imported=None):
    sessions = with_pages(sessions_of(pages))
    localized = localized_pages(sessions)
    cache = {}
    for session in sessions:
        page = localized.get(session.page.translation_key, session.page)
        yield session_occurrence(session, page, request, cache=cache)
    for event in imported if imported is not None else ():
        yield imported_occurrence(event)


# What a session's VEVENT depends on, besides the session and its schedule: these fields of
# its page and of the page in the feed's language (any other field changes only with a
# publish, which moves `last_published_at`), loaded without the heavy body for a warm feed.
_STAMP_FIELDS = ("translation_key", "last_published_at", "url_path", "locale", "path")


def page_vevents(request, pages, imported=None, own=None):
    """The feed's VEVENTs as cached fragments (`ical.cached_vevents`): a warm feed reads the
    sessions and the pages' change stamps, and renders nothing. `own`: the feed's platform,
    which names the platform of any other's event (a prefecture's calendar)."""
    sessions = list(sessions_of(pages))
    sources = EventPage.objects.only(*_STAMP_FIELDS).in_bulk({s.page_id for s in sessions})
    for session in sessions:
        session.page = sources[session.page_id]
    localized = localized_pages(sessions, *_STAMP_FIELDS)
    language = translation.get_language()
    # Page URLs are made from the sites' root paths and hostnames (kept in the cache by Wagtail).
    roots = tuple(Site.get_site_root_paths())

    def key(session):
        source = session.page
        page = localized.get(source.translation_key, source)
        schedule = getattr(session, "schedule", None)
        organiser = organised_by(source, own)
        return (
            "event-session",
            session.pk,
            session.uid,
            session.title,
            session.starts_at,
            session.ends_at,
            schedule and (schedule.sequence, schedule.changed_at),
            source.pk,
            source.last_published_at,
            page.pk,
            page.last_published_at,
            page.url_path,
            language,
            roots,
            organiser and (organiser.pk, organiser.name(language), organiser.base_url),
        )

    def render(missing):
        """The missing sessions' occurrences, their pages read in full (one query)."""
        shown = {s.page_id: localized.get(s.page.translation_key, s.page).pk for s in missing}
        full = EventPage.objects.in_bulk({*shown, *shown.values()})
        parts = {}
        for session in missing:
            session.page = full[session.page_id]
            yield session_occurrence(
                session, full[shown[session.page_id]], request, cache=parts, own=own
            )

    yield from ical.cached_vevents(sessions, key=key, occurrences=render)
    if imported is not None:
        yield from ical.cached_vevents(
            imported.select_related("source"),
            key=lambda event: _imported_key(event, own),
            occurrences=lambda events: (imported_occurrence(event, own) for event in events),
        )


def _imported_key(event, own=None):
    """Everything `imported_occurrence` writes: the row as it is (an import may update rows
    in bulk, without touching `updated_at`), its source's name, the language and the platform
    that names it in another's feed."""
    organiser = imported_organiser(event, own)
    language = translation.get_language()
    return (
        "imported",
        event.pk,
        event.source_id,
        event.source.name,
        event.uid,
        event.recurrence_id,
        event.title,
        event.starts_at,
        event.ends_at,
        event.all_day,
        event.location,
        event.url,
        event.description,
        event.status,
        event.sequence,
        event.updated_at,
        language,
        organiser and (organiser.pk, organiser.name(language)),
    )


def _public_feed(request, pages, *, name, filename, shown, imported=None):
    """`pages` is a function giving the events' queryset, called only for a 200: making it
    reads the view restrictions (`public()`), a query a 304 has no budget for. `shown`: the
    platforms whose events it holds, the feed's own first."""
    version, last_modified = feed_version(shown, request.get_full_path())
    return ical.calendar_response(
        request,
        version=version,
        build=lambda: page_vevents(request, pages(), imported, own=shown[0] if shown else None),
        name=name,
        filename=filename,
        last_modified=last_modified,
    )


def _public_pages():
    return listed(EventPage.objects.live().public())


def site_calendar(request):
    """`/calendar.ics`: every coming public event of the request's platform, and every one
    imported into it; a prefecture's has its municipalities' public events too."""
    shown = platforms.shown_by(platforms.of_request(request))
    return _public_feed(
        request,
        lambda: _public_pages().filter(platforms.under(shown)),
        name=_("Events"),
        filename="calendar.ics",
        shown=shown,
        imported=imported_events(
            CalendarSource.objects.filter(platform__in=[info.pk for info in shown])
        ),
    )


def index_calendar(request, index):
    """One event index, filtered with the same query parameters as its list (imported events
    have no category or area, so a filtered feed leaves them out, as the list does)."""
    imported = imported_for(index, request.GET).filter(ends_at__gte=timezone.now())
    own = platforms.of_path(index.path)
    return _public_feed(
        request,
        lambda: index_events(index, request.GET),
        name=index.title,
        filename=f"events-{index.pk}.ics",
        shown=[own, *(info for info in index_platforms(index) if info != own)] if own else [],
        imported=imported,
    )


def organisation_calendar(request, organisation_id):
    """The events a member organisation organises or co-organises, and those imported from its
    own calendars."""
    # Only an organisation of the request's platform, and only that platform's events.
    shown = [info for info in [platforms.of_request(request)] if info is not None]
    organisation = get_object_or_404(
        MemberOrganisationPage.objects.live().public().filter(platforms.under(shown)),
        pk=organisation_id,
    )
    default = organisation.get_translation_or_none(Locale.get_default()) or organisation
    return _public_feed(
        request,
        lambda: (
            _public_pages()
            .filter(platforms.under(shown))
            .filter(Q(organiser_id=default.pk) | Q(co_organisers__id=default.pk))
            .distinct()
        ),
        name=organisation.title,
        filename=f"organisation-{organisation.pk}.ics",
        shown=shown,
        imported=imported_events(CalendarSource.objects.filter(organisation=default)),
    )


def event_calendar(request, page):
    """One event to download: one entry per session."""
    if page.get_view_restrictions():
        raise Http404
    own = platforms.of_path(page.path)
    response = _public_feed(
        request,
        lambda: EventPage.objects.filter(pk=page.pk),
        name=page.title,
        filename=f"event-{page.pk}.ics",
        shown=[own] if own else [],
    )
    response["Content-Disposition"] = f'attachment; filename="event-{page.pk}.ics"'
    return response
