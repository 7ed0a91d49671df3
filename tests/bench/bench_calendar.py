"""`/calendar.ics` with 5,000 coming sessions: our generation time against icalendar's own
serialisation of the same events (the floor), and what a 304 costs. Prints figures; never
fails on time."""

import statistics
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import EventPage, EventSession
from tests.bench.ical_floor import bare_ical
from tests.events.conftest import make_index

EVENTS = 100
SESSIONS_PER_EVENT = 50


@pytest.fixture
def many_sessions(db):
    index = make_index()
    start = timezone.now() + timedelta(days=1)
    sessions = []
    for n in range(EVENTS):
        page = index.add_child(
            instance=EventPage(
                title=f"孤独・孤立を考える連続講座 第{n + 1}期",
                slug=f"series-{n}",
                summary="地域でつながるための連続講座です。" * 3,
                category=EventPage.Category.LECTURE,
                venue_name="飯山市文化交流館なちゅら",
                venue_address="長野県飯山市大字飯山1436-1",
                last_published_at=timezone.now(),
            )
        )
        for i in range(SESSIONS_PER_EVENT):
            begins = start + timedelta(days=i, hours=n % 8)
            sessions.append(
                EventSession(page=page, starts_at=begins, ends_at=begins + timedelta(hours=2))
            )
    EventSession.objects.bulk_create(sessions)
    return len(sessions)


def _timed(function, runs=5):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def _floor():
    """icalendar alone: the same rows, already in memory, as VEVENTs and bytes."""
    rows = list(EventSession.objects.select_related("page"))

    def build():
        return bare_ical(rows)

    return build


def test_site_feed_with_5000_sessions(client, many_sessions):
    assert many_sessions == EVENTS * SESSIONS_PER_EVENT
    first = client.get("/calendar.ics")
    assert first.status_code == 200
    ours, response = _timed(lambda: client.get("/calendar.ics"), runs=3)
    with CaptureQueriesContext(connection) as full_queries:
        client.get("/calendar.ics")
    floor, data = _timed(_floor(), runs=3)
    etag = response["ETag"]
    not_modified, cached = _timed(
        lambda: client.get("/calendar.ics", headers={"If-None-Match": etag}), runs=20
    )
    assert cached.status_code == 304
    with CaptureQueriesContext(connection) as queries:
        client.get("/calendar.ics", headers={"If-None-Match": etag})
    print(
        f"\n/calendar.ics, {many_sessions} sessions, {len(response.content) // 1024} KiB:"
        f"\n  ours      {ours:8.1f} ms  ({len(full_queries)} queries)"
        f"\n  floor     {floor:8.1f} ms  (icalendar only, rows in memory; {len(data) // 1024} KiB)"
        f"\n  ratio     {ours / floor:8.2f} x"
        f"\n  304       {not_modified:8.1f} ms  ({len(queries)} queries)"
    )
