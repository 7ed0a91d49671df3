"""The next events on the home page, through the cms home_page_sections hook."""

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from tests.events.conftest import make_event


def upcoming_titles(client):
    response = client.get("/ja/")
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").find(
        "section", attrs={"aria-labelledby": "upcoming-events-title"}
    )
    if section is None:
        return None
    return [h.get_text(strip=True) for h in section.find_all("h3")], section


def test_the_home_page_shows_the_next_three_events_soonest_first(client, db):
    make_event("来月の講座", days=30, slug="later")
    make_event("明日の交流会", days=1, slug="tomorrow", capacity=1)
    make_event("来週の勉強会", days=7, slug="next-week")
    make_event("再来月の集い", days=60, slug="much-later")
    make_event("中止の講演会", days=2, slug="cancelled", cancelled_at=timezone.now())
    make_event("先月の報告会", days=-30, slug="past")
    full = make_event("満席の交流会", days=3, slug="full", capacity=1)
    services.register(full, quota=full.quotas.get(), name="a", email="a@example.jp")

    titles, section = upcoming_titles(client)
    assert titles == ["明日の交流会", "満席の交流会", "来週の勉強会"]
    assert "満席（キャンセル待ち受付中）" in section.get_text()
    assert section.find("a", href="/ja/events/") is not None
    assert section.find("a", href="webcal://testserver/ja/calendar.ics") is not None
    head = BeautifulSoup(client.get("/ja/").content, "html.parser").head
    feed = head.find("link", rel="alternate", type="text/calendar")
    assert feed["href"] == "http://testserver/ja/calendar.ics"


def test_no_section_without_upcoming_events(client, db):
    make_event("先月の報告会", days=-30, slug="past")
    assert upcoming_titles(client) is None


def test_the_section_costs_the_same_queries_for_few_or_many_events(client, db):
    make_event("一つ目", days=1, slug="one")
    client.get("/ja/")
    with CaptureQueriesContext(connection) as few:
        client.get("/ja/")
    for n in range(5):
        make_event(f"追加{n}", days=2 + n, slug=f"more-{n}")
    client.get("/ja/")  # a publication changes the frame, read again once (cms/core/frame.py)
    with CaptureQueriesContext(connection) as many:
        client.get("/ja/")
    assert len(many) == len(few)
