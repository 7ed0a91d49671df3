"""Reading someone else's iCalendar feed: every occurrence in a time window, recurring events
expanded, times made aware, each keyed by (UID, RECURRENCE-ID) so that a mirror can create,
update and remove its copies by key. The events app stores them; this module only reads."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import icalendar
import recurring_ical_events
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.fetch import FetchError, fetch

MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_OCCURRENCES = 5000


class FeedError(Exception):
    """Why a feed could not be read, in words for the person who registered it."""


@dataclass(frozen=True)
class ImportedOccurrence:
    uid: str
    recurrence_id: str  # "" for a single event; the original start (ISO) for one of a series
    start: datetime
    end: datetime
    all_day: bool
    summary: str
    description: str
    location: str
    url: str
    status: str
    sequence: int
    last_modified: datetime | None

    @property
    def key(self):
        return (self.uid, self.recurrence_id)


def _aware(value):
    """Dates become midnight in Tokyo; floating times are taken as Tokyo time."""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            return timezone.make_aware(value)
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def _text(component, name):
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def _occurrence(component, recurring):
    start_value = component.decoded("dtstart")
    all_day = isinstance(start_value, date) and not isinstance(start_value, datetime)
    if "dtend" in component:
        end_value = component.decoded("dtend")
    elif "duration" in component:
        end_value = start_value + component.decoded("duration")
    else:
        end_value = start_value + (timedelta(days=1) if all_day else timedelta())
    recurrence_id = ""
    if recurring and "recurrence-id" in component:
        recurrence_id = _aware(component.decoded("recurrence-id")).isoformat()
    modified = component.get("last-modified")
    return ImportedOccurrence(
        uid=_text(component, "uid"),
        recurrence_id=recurrence_id,
        start=_aware(start_value),
        end=_aware(end_value),
        all_day=all_day,
        summary=_text(component, "summary")[:255],
        description=_text(component, "description")[:5000],
        location=_text(component, "location")[:255],
        url=_text(component, "url")[:500],
        status=_text(component, "status").upper() or "CONFIRMED",
        sequence=_sequence(component),
        last_modified=_aware(modified.dt) if modified is not None else None,
    )


# SEQUENCE is a non-negative integer (RFC 5545); stored in a 32-bit column.
MAX_SEQUENCE = 2**31 - 1


def _sequence(component):
    """The component's SEQUENCE within 0…MAX_SEQUENCE: another system's odd value (-1, a huge
    number, text) must not stop the import."""
    try:
        value = int(component.get("sequence", 0) or 0)
    except (TypeError, ValueError):
        return 0
    return min(max(value, 0), MAX_SEQUENCE)


def parse_feed(data, *, start, end):
    """The occurrences between start and end in the iCalendar bytes data."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError) as exc:
        raise FeedError(_("This is not a valid iCalendar file.")) from exc
    if calendar.name != "VCALENDAR":
        raise FeedError(_("This is not a valid iCalendar file."))
    series_uids = {
        _text(event, "uid")
        for event in calendar.walk("VEVENT")
        if "rrule" in event or "rdate" in event or "recurrence-id" in event
    }
    try:
        components = recurring_ical_events.of(calendar).between(start, end)
        occurrences = []
        for component in components:
            if not _text(component, "uid"):
                continue  # without a UID an entry cannot be updated or removed later
            occurrences.append(_occurrence(component, _text(component, "uid") in series_uids))
            if len(occurrences) > MAX_OCCURRENCES:
                raise FeedError(_("The feed has more events than can be imported."))
    except (ValueError, TypeError, KeyError, recurring_ical_events.InvalidCalendar) as exc:
        raise FeedError(_("The feed contains an event that cannot be read.")) from exc
    return occurrences


def read_feed(url, *, start, end):
    """Fetch and parse url; FeedError (with the reason) for anything that goes wrong."""
    try:
        data = fetch(url, max_bytes=MAX_FEED_BYTES)
    except FetchError as exc:
        raise FeedError(str(exc)) from exc
    return parse_feed(data, start=start, end=end)
