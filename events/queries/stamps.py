"""What an index's feed and list depend on, in one row (the feeds' ETags), and when the public
events change with nobody writing (the page cache's clock)."""

from datetime import UTC

from django.db import connection
from django.db.models import (
    Min,
    Q,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from cms.core.platform_map import by_platform
from events.models import (
    CalendarSource,
    EventPage,
    EventSession,
    ImportedEvent,
)

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
    """The next moment after `now` at which each platform's public events change by the clock
    alone (see cms.core.freshness.next_change_by_clock): a session starts or ends, registration
    opens or closes, an imported event starts or ends, a cancellation leaves the feeds.
    {platform pk: moment}, in three queries (grouped by the platform of the event's tree, or
    of the imported calendar)."""

    def after(field):
        return Min(field, filter=Q(**{f"{field}__gt": now}))

    moments = {}

    def keep(platform, *found):
        for moment in found:
            if moment is not None and moment > now:
                moments[platform] = min(moments.get(platform, moment), moment)

    sessions = by_platform(
        EventSession.objects.filter(ends_at__gt=now),
        "page__path",
        starts=after("starts_at"),
        ends=after("ends_at"),
    )
    for platform, row in sessions.items():
        keep(platform, row["starts"], row["ends"])
    pages = by_platform(
        EventPage.objects.filter(live=True),
        opens=after("registration_opens_at"),
        closes=after("registration_closes_at"),
        dropped=Min("cancelled_at", filter=Q(cancelled_at__gt=now - keep_cancelled)),
    )
    for platform, row in pages.items():
        dropped = row["dropped"] + keep_cancelled if row["dropped"] is not None else None
        keep(platform, row["opens"], row["closes"], dropped)
    imported = (
        ImportedEvent.objects.filter(live=True, ends_at__gt=now)
        .order_by()
        .values("source__platform")
        .annotate(starts=after("starts_at"), ends=after("ends_at"))
    )
    for row in imported:
        keep(row["source__platform"], row["starts"], row["ends"])
    return moments
