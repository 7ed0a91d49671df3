"""iCalendar feeds, built one way for every list of dates in Tsunagu.

Apps describe what happens as `Occurrence` values (events' sessions, ibasho schedules, a
volunteer's shifts); this module turns them into RFC 5545 calendars and answers HTTP requests
for them. What other systems got wrong and this avoids (see FIELD_NOTES.md): times shifted
for want of a VTIMEZONE, UIDs made from URLs, ORGANIZER on public feeds (clients then send
"accepted" mails), POST-only feeds, no cheap way to say "not modified".
"""

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from html import unescape
from urllib.parse import urlencode

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from cms.core import ruby

CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_CACHE = "public, max-age=300"
# Personal feeds carry a token in their URL: no cache may keep them (cms/core/private.py).
PRIVATE_CACHE = "private, no-store"


@dataclass(frozen=True)
class Occurrence:
    """One VEVENT. `start`/`end` are aware datetimes, or dates for an all-day entry (then `end`
    is exclusive: a one-day event on the 3rd ends on the 4th)."""

    uid: str
    start: datetime | date
    end: datetime | date
    summary: str
    description: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    url: str = ""
    status: str = "CONFIRMED"  # TENTATIVE, CONFIRMED or CANCELLED
    sequence: int = 0
    last_modified: datetime | None = None
    categories: tuple[str, ...] = ()
    # A recurrence as icalendar's vRecur mapping, e.g. {"FREQ": "MONTHLY", "BYDAY": ["2SA"]};
    # an UNTIL given as an aware datetime is written in UTC inside the RRULE.
    rrule: dict | None = None
    exdates: tuple[datetime | date, ...] = ()
    rdates: tuple[datetime | date, ...] = ()
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        # A title's furigana (ruby.py) are for web pages: a calendar shows the words alone.
        object.__setattr__(self, "summary", ruby.to_text(self.summary))


def uid(key, kind="event"):
    """A UID that never changes: a stored key (a UUID or a primary key) and the site's domain,
    never the page's URL (which moves when an editor changes a slug)."""
    domain = settings.ICAL_UID_DOMAIN
    return f"{kind}-{key}@{domain}"


_TAGS = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(html):
    """Plain text for DESCRIPTION from rich text: block ends become line breaks, list items
    get a bullet, entities are decoded."""
    if not html:
        return ""
    text = re.sub(r"<li[^>]*>", "・", str(html), flags=re.IGNORECASE)
    text = _BLOCK_END.sub("\n", text)
    text = unescape(_TAGS.sub("", text))
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _utc(value):
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            raise ValueError("iCalendar times must be aware datetimes")
        return value.astimezone(UTC)
    return value


def _local(value):
    """Aware datetimes in Tokyo time (the VTIMEZONE is added for it); dates stay dates."""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            raise ValueError("iCalendar times must be aware datetimes")
        return timezone.localtime(value)
    return value


def _event(occurrence, stamp):
    event = icalendar.Event()
    event.add("uid", occurrence.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", _local(occurrence.start))
    event.add("dtend", _local(occurrence.end))
    event.add("summary", occurrence.summary)
    event.add("sequence", occurrence.sequence)
    event.add("status", occurrence.status)
    if occurrence.last_modified:
        event.add("last-modified", _utc(occurrence.last_modified))
    if occurrence.description:
        event.add("description", occurrence.description)
    if occurrence.location:
        event.add("location", occurrence.location)
    if occurrence.geo:
        event.add("geo", occurrence.geo)
    if occurrence.url:
        event.add("url", occurrence.url)
    if occurrence.categories:
        event.add("categories", list(occurrence.categories))
    if occurrence.rrule:
        rule = dict(occurrence.rrule)
        if "UNTIL" in rule:
            rule["UNTIL"] = _utc(rule["UNTIL"])
        event.add("rrule", rule)
    for exdate in occurrence.exdates:
        event.add("exdate", _local(exdate))
    for rdate in occurrence.rdates:
        event.add("rdate", _local(rdate))
    for name, value in occurrence.extra.items():
        event.add(name, value)
    return event


def _calendar(name, description, language):
    """An empty VCALENDAR with the properties every feed and attachment has."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tsunagu//tsunagu//JA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", ruby.to_text(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        calendar.add("x-wr-caldesc", description)
    if language:
        calendar["x-wr-calname"].params["LANGUAGE"] = language
    return calendar


def build_calendar(occurrences: Iterable[Occurrence], *, name, description="", language=None):
    """A VCALENDAR of the occurrences, with the VTIMEZONE its times need."""
    calendar = _calendar(name, description, language)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for occurrence in occurrences:
        calendar.add_component(_event(occurrence, stamp))
    calendar.add_missing_timezones()
    return calendar


def serialize(calendar):
    """RFC 5545 bytes: CRLF line ends, lines folded at 75 octets between characters."""
    return calendar.to_ical()


# Feeds: VEVENTs written directly, kept in the cache, joined without parsing ---------------
#
# A feed of thousands of sessions spends most of its time in icalendar's generic machinery
# (type guessing, parameter objects, folding one character at a time). `vevent` writes the
# handful of property types an Occurrence has straight to bytes, exactly as icalendar would
# (tests/cms/test_ical_fragments.py holds it to that, byte for byte), and leaves anything
# rarer (recurrences, extra properties, other time zones) to icalendar itself.

# In icalendar's order: Event.canonical_order first, then alphabetical.
_ORDER = icalendar.Event.canonical_order
_FOLD = 74  # octets per folded segment; a continuation line adds its leading space
_END = b"END:VCALENDAR\r\n"
_TZID = re.compile(rb";TZID=\"?([^\";:]+)")


def _text(value):
    """TEXT escaping (RFC 5545 3.3.11), in icalendar's order of replacements."""
    return (
        str(value)
        .replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line):
    """Fold one content line (bytes) into segments of at most 74 octets, never inside a UTF-8
    character and never right after a backslash or caret (icalendar keeps an escape whole)."""
    if len(line) <= _FOLD:
        return line
    segments = []
    start = 0
    while len(line) - start > _FOLD:
        end = start + _FOLD
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the boundary
            end -= 1
        if line[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        segments.append(line[start:end])
        start = end
    segments.append(line[start:])
    return b"\r\n ".join(segments)


def _date_value(value):
    return f"{value.year:04}{value.month:02}{value.day:02}"


def _time_value(value):
    return f"{_date_value(value)}T{value.hour:02}{value.minute:02}{value.second:02}"


def _utc_value(value):
    return _time_value(_utc(value)) + "Z"


@lru_cache(maxsize=16)
def _tzid(tzinfo):
    return icalendar.timezone.tzid_from_tzinfo(tzinfo)


def _when(name, value):
    """A DTSTART/DTEND line, or None when icalendar must write it (a time zone other than a
    named one)."""
    value = _local(value)
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{_date_value(value)}"
    tzid = _tzid(value.tzinfo)
    if not tzid or tzid == "UTC" or not re.fullmatch(r"[\w/+-]+", tzid):
        return None
    return f"{name};TZID={tzid}:{_time_value(value)}"


def vevent(occurrence, stamp=None):
    """The VEVENT of `occurrence` as bytes. DTSTAMP is the occurrence's last change when it
    has one, so that the same content always gives the same bytes (and a cached fragment, the
    ETag and a fresh render agree); `stamp` (now) otherwise."""
    stamp = occurrence.last_modified or stamp or datetime.now(UTC)
    start, end = _when("DTSTART", occurrence.start), _when("DTEND", occurrence.end)
    if (
        start is None
        or end is None
        or occurrence.rrule
        or occurrence.exdates
        or occurrence.rdates
        or occurrence.extra
    ):
        return _event(occurrence, _utc(stamp).replace(microsecond=0)).to_ical()
    lines = {
        "SUMMARY": f"SUMMARY:{_text(occurrence.summary)}",
        "DTSTART": start,
        "DTEND": end,
        "DTSTAMP": f"DTSTAMP:{_utc_value(stamp)}",
        "UID": f"UID:{_text(occurrence.uid)}",
        "SEQUENCE": f"SEQUENCE:{int(occurrence.sequence)}",
        "STATUS": f"STATUS:{_text(occurrence.status)}",
    }
    if occurrence.last_modified:
        lines["LAST-MODIFIED"] = f"LAST-MODIFIED:{_utc_value(occurrence.last_modified)}"
    if occurrence.description:
        lines["DESCRIPTION"] = f"DESCRIPTION:{_text(occurrence.description)}"
    if occurrence.location:
        lines["LOCATION"] = f"LOCATION:{_text(occurrence.location)}"
    if occurrence.geo:
        latitude, longitude = occurrence.geo
        lines["GEO"] = f"GEO:{float(latitude)};{float(longitude)}"
    if occurrence.url:
        lines["URL"] = f"URL:{occurrence.url}"
    if occurrence.categories:
        lines["CATEGORIES"] = "CATEGORIES:" + ",".join(_text(c) for c in occurrence.categories)
    names = [name for name in _ORDER if name in lines]
    names += sorted(name for name in lines if name not in _ORDER)
    body = b"\r\n".join(_fold(lines[name].encode()) for name in names)
    return b"BEGIN:VEVENT\r\n" + body + b"\r\nEND:VEVENT\r\n"


# Fragments live as long as the content they were made from: their key says what that is.
FRAGMENT_TIMEOUT = 60 * 60 * 24 * 7
# Part of every fragment key: raise it when `vevent` or what a feed puts into an occurrence
# changes, so that a deployment never serves fragments an older release wrote.
FRAGMENT_FORMAT = 1


def fragment_key(*parts):
    """The cache key of a VEVENT made from `parts`: everything its bytes depend on."""
    digest = hashlib.sha256(repr((FRAGMENT_FORMAT, *parts)).encode()).hexdigest()[:40]
    return f"ical:vevent:{digest}"


def cached_vevents(items, *, key, occurrences):
    """The VEVENTs of `items`, in order: those the cache holds in one round trip, the others
    made by `occurrences` (called once, with the missing items only, so that the heavy reads
    behind them happen only for what is not cached) and stored in a second one. `key(item)`
    gives the parts that determine an item's VEVENT (see `fragment_key`)."""
    items = list(items)
    keys = [fragment_key(*key(item)) for item in items]
    found = cache.get_many(keys)
    missing = {}
    for item_key, item in zip(keys, items, strict=True):
        if item_key not in found:
            missing.setdefault(item_key, item)
    if missing:
        made = {
            item_key: vevent(occurrence)
            for item_key, occurrence in zip(
                missing, occurrences(list(missing.values())), strict=True
            )
        }
        cache.set_many(made, timeout=FRAGMENT_TIMEOUT)
        found.update(made)
    return [found[item_key] for item_key in keys]


@lru_cache(maxsize=64)
def _wrapper(name, description, language, tzids):
    """(head, tail) of a VCALENDAR: its properties and the VTIMEZONEs, then its end."""
    calendar = _calendar(name, description, language)
    for tzid in tzids:
        try:
            calendar.add_component(icalendar.Timezone.from_tzid(tzid))
        except ValueError:  # unknown to icalendar: left out, as add_missing_timezones does
            continue
    data = calendar.to_ical()
    return data[: -len(_END)], _END


def calendar_bytes(vevents, *, name, description="", language=None):
    """A VCALENDAR around VEVENT fragments, with the VTIMEZONEs their times name; the same
    bytes as `build_calendar` for the same entries and stamps."""
    body = b"".join(vevents)
    tzids = {match.decode() for match in _TZID.findall(body.replace(b"\r\n ", b""))}
    head, tail = _wrapper(str(name), str(description), language, tuple(sorted(tzids - {"UTC"})))
    return head + body + tail


def etag_for(*parts):
    """A strong ETag from whatever identifies a feed's content: its version and language."""
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


def calendar_response(
    request,
    *,
    version,
    build: Callable[[], Iterable[Occurrence]],
    name,
    description="",
    filename="calendar.ics",
    last_modified=None,
    private=False,
):
    """Answer a calendar request, with a 304 when the client has this version already.

    `version` must change whenever the feed's content does (e.g. the count and the latest
    change of the rows it shows), and be cheap to compute: calendar apps poll every few
    minutes, and a 304 must cost no more than that. `build` is called only for a 200, and
    gives VEVENT fragments (bytes, see `cached_vevents`) or Occurrences.
    """
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    etag = quote_etag(etag_for(version, language, name))
    modified = last_modified.replace(microsecond=0) if last_modified else None
    cache_control = PRIVATE_CACHE if private else PUBLIC_CACHE

    if _not_modified(request, etag, modified):
        response = HttpResponseNotModified()
    else:
        stamp = datetime.now(UTC).replace(microsecond=0)
        vevents = [entry if isinstance(entry, bytes) else vevent(entry, stamp) for entry in build()]
        content = calendar_bytes(vevents, name=name, description=description, language=language)
        response = HttpResponse(content, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["Vary"] = "Accept-Language"
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response


def _not_modified(request, etag, modified):
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in candidates or "*" in candidates
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(modified and since is not None and int(modified.timestamp()) <= since)


def all_day(day):
    """(start, end) of an all-day entry: DATE values, end exclusive."""
    return day, day + timedelta(days=1)


def google_calendar_url(*, title, start, end, details="", location=""):
    """An "add to Google Calendar" link for one entry (Google takes UTC times)."""
    stamp = "%Y%m%dT%H%M%SZ"
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{_utc(start).strftime(stamp)}/{_utc(end).strftime(stamp)}",
    }
    if details:
        query["details"] = details
    if location:
        query["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def subscribe_urls(absolute_url):
    """(webcal:// address, Google Calendar "add by URL" link) for a feed's absolute URL."""
    webcal = re.sub(r"^https?://", "webcal://", absolute_url)
    google = "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal})
    return webcal, google
