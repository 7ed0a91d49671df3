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
from html import unescape
from urllib.parse import urlencode

import icalendar
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag

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


def build_calendar(occurrences: Iterable[Occurrence], *, name, description="", language=None):
    """A VCALENDAR of the occurrences, with the VTIMEZONE its times need."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tsunagu//tsunagu//JA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        calendar.add("x-wr-caldesc", description)
    if language:
        calendar["x-wr-calname"].params["LANGUAGE"] = language
    stamp = datetime.now(UTC).replace(microsecond=0)
    for occurrence in occurrences:
        calendar.add_component(_event(occurrence, stamp))
    calendar.add_missing_timezones()
    return calendar


def serialize(calendar):
    """RFC 5545 bytes: CRLF line ends, lines folded at 75 octets between characters."""
    return calendar.to_ical()


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
    minutes, and a 304 must cost no more than that. `build` is called only for a 200.
    """
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    etag = quote_etag(etag_for(version, language, name))
    modified = last_modified.replace(microsecond=0) if last_modified else None
    cache_control = PRIVATE_CACHE if private else PUBLIC_CACHE

    if _not_modified(request, etag, modified):
        response = HttpResponseNotModified()
    else:
        calendar = build_calendar(build(), name=name, description=description, language=language)
        response = HttpResponse(serialize(calendar), content_type=CONTENT_TYPE)
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
