"""The home page on a phone's first visit: light (under 300 KB over the wire, everything it
loads counted: HTML, CSS, JavaScript, fonts and images) and private (no request to another
host: no web font, analytics or map tile service learns who reads it)."""

import pytest

from tests.e2e.conftest import requests_to_other_hosts

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

BUDGET = 300 * 1024  # bytes transferred, headers included


def test_the_home_page_loads_under_300_kb_from_the_site_alone(page, live_server, demo_site, capsys):
    elsewhere = requests_to_other_hosts(page, live_server)
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.goto(live_server.url + "/ja/", wait_until="networkidle")
    # Images below the fold count too: a phone scrolling down loads them.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")

    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    fetched = [request for request in requests if request.url.startswith(live_server.url)]
    assert fetched, "the home page was not requested"
    sizes = []
    for request in fetched:
        response = request.response()
        assert response is not None, f"{request.url} was never answered"
        transferred = request.sizes()
        sizes.append(
            (
                transferred["responseHeadersSize"] + transferred["responseBodySize"],
                request.resource_type,
                request.url.removeprefix(live_server.url),
            )
        )
    total = sum(size for size, _, _ in sizes)
    lines = [f"{size:>9,} B  {kind:<10} {url}" for size, kind, url in sorted(sizes, reverse=True)]
    with capsys.disabled():  # the measure, in every run's output
        print(f"\nThe home page (ja), first load: {total:,} bytes in {len(sizes)} requests")
        print("\n".join(lines))
    assert total < BUDGET, f"{total:,} bytes, over {BUDGET:,}:\n" + "\n".join(lines)
