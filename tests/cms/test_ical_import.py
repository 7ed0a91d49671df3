"""Importing a member's calendar: fixture feeds served by a local HTTP server."""

import threading
import time
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from cms.core import ical_import
from cms.core.fetch import FetchError, fetch
from cms.core.ical_import import FeedError, parse_feed, read_feed

TOKYO = ZoneInfo("Asia/Tokyo")
WINDOW = {"start": datetime(2026, 12, 1, tzinfo=TOKYO), "end": datetime(2027, 2, 1, tzinfo=TOKYO)}


def calendar(*events):
    body = "\r\n".join(events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//JA\r\n"
        + body
        + "\r\nEND:VCALENDAR\r\n"
    ).encode()


RECURRING = calendar(
    "BEGIN:VEVENT",
    "UID:salon-1@example.jp",
    "DTSTART;TZID=Asia/Tokyo:20261202T100000",
    "DTEND;TZID=Asia/Tokyo:20261202T120000",
    "RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=6",
    "EXDATE;TZID=Asia/Tokyo:20261230T100000",
    "SUMMARY:ふれあいサロン",
    "LOCATION:飯山市公民館",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:salon-1@example.jp",
    "RECURRENCE-ID;TZID=Asia/Tokyo:20261216T100000",
    "DTSTART;TZID=Asia/Tokyo:20261216T130000",
    "DTEND;TZID=Asia/Tokyo:20261216T150000",
    "SUMMARY:ふれあいサロン（午後に変更）",
    "END:VEVENT",
)

ZONED = calendar(
    "BEGIN:VEVENT",
    "UID:online-1@example.org",
    "DTSTART;TZID=America/New_York:20261210T190000",
    "DTEND;TZID=America/New_York:20261210T200000",
    "SUMMARY:Online exchange",
    "END:VEVENT",
)

ALL_DAY = calendar(
    "BEGIN:VEVENT",
    "UID:drive-1@example.jp",
    "DTSTART;VALUE=DATE:20261224",
    "DTEND;VALUE=DATE:20261226",
    "SUMMARY:フードドライブ",
    "STATUS:CANCELLED",
    "END:VEVENT",
)


class FeedServer:
    def __init__(self):
        self.routes = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, headers, body, delay = routes.get(self.path, (404, {}, b"", 0))
                time.sleep(delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def serve(self, path, body, status=200, headers=None, delay=0):
        self.routes[path] = (
            status,
            {"Content-Type": "text/calendar", **(headers or {})},
            body,
            delay,
        )
        return self.url + path


@pytest.fixture(autouse=True)
def in_english():
    """The reasons are matched in English here; their Japanese is in the catalog."""
    with translation.override("en"):
        yield


@pytest.fixture
def feeds():
    server = FeedServer()
    yield server
    server.server.shutdown()


def by_start(occurrences):
    return sorted(occurrences, key=lambda o: o.start)


def test_a_recurring_event_is_expanded_with_its_exception_and_its_moved_date(feeds):
    occurrences = by_start(read_feed(feeds.serve("/salon.ics", RECURRING), **WINDOW))
    starts = [o.start.astimezone(TOKYO) for o in occurrences]
    assert [s.date() for s in starts] == [
        date(2026, 12, 2),
        date(2026, 12, 9),
        date(2026, 12, 16),
        date(2026, 12, 23),
        date(2027, 1, 6),
    ]
    moved = occurrences[2]
    assert moved.start.astimezone(TOKYO).hour == 13
    assert moved.summary == "ふれあいサロン（午後に変更）"
    assert len({o.key for o in occurrences}) == 5, "each occurrence has its own key"
    assert all(o.uid == "salon-1@example.jp" and o.recurrence_id for o in occurrences)


def test_a_time_zoned_event_keeps_its_instant(feeds):
    (event,) = read_feed(feeds.serve("/zoned.ics", ZONED), **WINDOW)
    assert event.start.astimezone(TOKYO) == datetime(2026, 12, 11, 9, 0, tzinfo=TOKYO)
    assert event.recurrence_id == ""


def test_an_all_day_cancelled_event(feeds):
    (event,) = read_feed(feeds.serve("/drive.ics", ALL_DAY), **WINDOW)
    assert event.all_day
    assert event.start == datetime(2026, 12, 24, tzinfo=TOKYO)
    assert event.end == datetime(2026, 12, 26, tzinfo=TOKYO)
    assert event.status == "CANCELLED"


def test_a_malformed_feed_is_refused_with_a_reason(feeds):
    with pytest.raises(FeedError, match="not a valid iCalendar"):
        read_feed(feeds.serve("/bad.ics", b"<html>Not a calendar</html>"), **WINDOW)


def test_a_huge_feed_is_refused(feeds, monkeypatch):
    monkeypatch.setattr(ical_import, "MAX_FEED_BYTES", 1000)
    with pytest.raises(FeedError, match="larger than the limit"):
        read_feed(feeds.serve("/huge.ics", RECURRING + b" " * 2000), **WINDOW)


def test_too_many_occurrences_are_refused(monkeypatch):
    monkeypatch.setattr(ical_import, "MAX_OCCURRENCES", 3)
    with pytest.raises(FeedError, match="more events"):
        parse_feed(RECURRING, **WINDOW)


def test_a_slow_server_times_out(feeds):
    url = feeds.serve("/slow.ics", RECURRING, delay=2)
    with pytest.raises(FetchError, match="in time"):
        fetch(url, max_bytes=10_000, timeout=0.5)


def test_http_errors_and_other_schemes_are_refused(feeds):
    with pytest.raises(FeedError, match="status 404"):
        read_feed(feeds.url + "/missing.ics", **WINDOW)
    for url in ["file:///etc/passwd", "ftp://example.jp/a.ics", "webcal:///nothing"]:
        with pytest.raises(FeedError, match="Only http"):
            read_feed(url, **WINDOW)


def test_private_and_loopback_addresses_are_refused_in_production(feeds, settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FeedError, match="private network"):
        read_feed(feeds.serve("/salon.ics", RECURRING), **WINDOW)
    for url in [
        "http://10.0.0.1/a.ics",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/a.ics",
    ]:
        with pytest.raises(FeedError, match="private network"):
            read_feed(url, **WINDOW)


def test_a_redirect_to_a_private_address_is_refused(feeds, settings, monkeypatch):
    # A public host (simulated: it resolves to the local test server without the check) that
    # redirects into the private network: the second hop must be checked too.
    from cms.core import fetch as fetch_module

    checked = fetch_module._resolve
    monkeypatch.setattr(
        fetch_module,
        "_resolve",
        lambda host, port: "127.0.0.1" if host == "feeds.example.jp" else checked(host, port),
    )
    target = feeds.serve("/internal.ics", RECURRING)
    feeds.serve("/redirect.ics", b"", status=302, headers={"Location": target})
    public_url = f"http://feeds.example.jp:{feeds.server.server_port}/redirect.ics"
    assert read_feed(public_url, **WINDOW)  # followed while private addresses are allowed
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FeedError, match="private network"):
        read_feed(public_url, **WINDOW)
