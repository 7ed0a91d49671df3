"""Render time of the public pages of the demo site. Prints figures; never fails on time."""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

URLS = ["/ja/", "/en/", "/ja/about/", "/healthz"]


@pytest.mark.parametrize("url", URLS)
def test_render_time(client, demo, url):
    client.get(url)  # warm caches and templates
    timings = []
    for _ in range(50):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(
        f"\n{url:<14} median {statistics.median(timings):6.1f} ms  "
        f"p95 {sorted(timings)[int(len(timings) * 0.95)]:6.1f} ms  queries {len(queries)}"
    )
