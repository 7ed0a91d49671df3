"""`/calendar.ics` with 5,000 coming sessions against icalendar's own serialisation of the
same events (the floor): cold (no VEVENT fragment cached), warm (all cached) and a 304, each
with its queries. Targets: cold at most 1.2x the floor, warm at most 0.2x, a 304 under 5 ms.
Prints figures; never fails on time. With BENCH_REDIS_URL (a database of its own: nothing is
flushed, cold runs use fresh keys) the fragments live in Redis, as in production."""

import os
import statistics
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.core import ical
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


@pytest.fixture
def fragment_cache(settings):
    url = os.environ.get("BENCH_REDIS_URL")
    if url:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "bench-calendar",
            }
        }
    return "redis" if url else "locmem"


def _timed_cold(client, monkeypatch, runs=3):
    """Each run under a fresh fragment format, so that no fragment is found (nothing else in
    the cache is dropped, as a deployment or a change to every event would not drop it)."""
    timings = []
    for run in range(runs):
        monkeypatch.setattr(ical, "FRAGMENT_FORMAT", f"bench-cold-{time.time_ns()}-{run}")
        start = time.perf_counter()
        response = client.get("/calendar.ics")
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), response


def _queries(client, **headers):
    with CaptureQueriesContext(connection) as queries:
        client.get("/calendar.ics", headers=headers)
    return len(queries)


def test_site_feed_with_5000_sessions(client, many_sessions, fragment_cache, monkeypatch):
    assert many_sessions == EVENTS * SESSIONS_PER_EVENT
    assert client.get("/calendar.ics").status_code == 200
    cold, cold_response = _timed_cold(client, monkeypatch)
    cold_queries = _queries(client)  # leaves every fragment cached
    warm, response = _timed(lambda: client.get("/calendar.ics"), runs=5)
    warm_queries = _queries(client)
    assert response.content == cold_response.content
    floor, data = _timed(_floor(), runs=3)
    etag = response["ETag"]
    not_modified, cached = _timed(
        lambda: client.get("/calendar.ics", headers={"If-None-Match": etag}), runs=20
    )
    assert cached.status_code == 304
    queries = _queries(client, **{"If-None-Match": etag})
    print(
        f"\n/calendar.ics, {many_sessions} sessions, {len(response.content) // 1024} KiB, "
        f"fragments in {fragment_cache}:"
        f"\n  floor     {floor:8.1f} ms  (icalendar only, rows in memory; {len(data) // 1024} KiB)"
        f"\n  cold      {cold:8.1f} ms  {cold / floor:5.2f} x floor  ({cold_queries} queries)"
        f"\n  warm      {warm:8.1f} ms  {warm / floor:5.2f} x floor  ({warm_queries} queries)"
        f"\n  304       {not_modified:8.1f} ms  ({queries} queries)"
    )
