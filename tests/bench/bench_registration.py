"""Registration under a burst, against a running server, and the event index with many
events. Prints figures; fails only on wrong results (overbooking, server errors)."""

import re
import statistics
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.cookiejar import CookieJar

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from events.models import EventPage, EventSession, Message, Registration
from tests.events.conftest import make_event, make_index

ATTEMPTS = 500
SEATS = 100
WORKERS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_500_registrations_for_100_seats(live_server):
    event = make_event(capacity=SEATS)
    quota = event.quotas.get()
    url = live_server.url + event.url
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

    def attempt(i):
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "name": f"参加者{i}",
                "email": f"p{i}@example.jp",
                "companions": "0",
                "language": "ja",
                "quota": str(quota.pk),
                "consent": "on",
                "submission_key": f"bench-{i}",
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (the live test server, http only)
            url, data=body, headers={"Cookie": cookie, "Referer": url}, method="POST"
        )
        opener = urllib.request.build_opener(urllib.request.HTTPRedirectHandler())
        start = time.perf_counter()
        try:
            status = opener.open(request).status
        except urllib.error.HTTPError as error:
            status = error.code
        return status, (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(attempt, range(ATTEMPTS)))
    elapsed = time.perf_counter() - start
    latencies = sorted(ms for _status, ms in results)
    assert all(status in (200, 302) for status, _ms in results)
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    waiting = Registration.objects.filter(event=event, status="waitlisted").count()
    assert not Message.objects.exclude(last_error="").exists()
    assert (confirmed, waiting) == (SEATS, ATTEMPTS - SEATS)
    print(
        f"\nburst: {ATTEMPTS} attempts / {WORKERS} clients in {elapsed:.1f} s "
        f"= {ATTEMPTS / elapsed:.0f}/s; latency median {statistics.median(latencies):.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)]:.0f} ms; "
        f"{confirmed} confirmed, {waiting} waitlisted"
    )


def create_events(index, count):
    """Many events fast: child pages written with their tree paths directly (add_child would
    re-read the parent for every page) and without search indexing."""
    start_at = timezone.now() + timedelta(days=1)
    for n in range(count):
        starts = start_at + timedelta(hours=n)
        event = EventPage(
            title=f"イベント{n}",
            slug=f"e{n}",
            summary="概要",
            category="lecture",
            area="飯山地区",
            locale_id=index.locale_id,
            depth=index.depth + 1,
            path=EventPage._get_path(index.path, index.depth + 1, n + 1),
            live=True,
        )
        event.sessions = [EventSession(starts_at=starts, ends_at=starts + timedelta(hours=1))]
        event.save(clean=False)
    Page.objects.filter(pk=index.pk).update(numchild=count)


@pytest.mark.django_db
def test_event_index_with_5000_events(client):
    index = make_index()
    started = time.perf_counter()
    with override_settings(
        WAGTAILSEARCH_BACKENDS={
            "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
        }
    ):
        create_events(index, 5000)
    print(f"\ncreated 5,000 events in {time.perf_counter() - started:.0f} s")
    for query in ("", "?category=lecture&area=飯山地区", "?when=past", "?page=200"):
        client.get(index.url + query)
        timings = []
        for _ in range(10):
            began = time.perf_counter()
            response = client.get(index.url + query)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(index.url + query)
        print(
            f"index{query or ' (upcoming)'}: median {statistics.median(timings):.0f} ms, "
            f"max {max(timings):.0f} ms, {len(queries)} queries"
        )
