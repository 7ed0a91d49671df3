"""The site feed is built from cached VEVENT fragments: a warm feed is the cold one byte for
byte, any change to what an entry shows reaches it (and the ETag) on the next poll, nothing
else moves the ETag, and a poll that gets a 304 costs two queries."""

from datetime import timedelta

import icalendar
import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale

from events import feeds, services
from events.models import CalendarSource, EventPage, ImportedEvent
from tests.events.conftest import make_event, make_index
from tests.events.test_feeds import republish
from tests.events.test_flyer import organiser


def entries(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def no_rendering(*args, **kwargs):
    raise AssertionError("a warm feed renders no entry")


@pytest.fixture
def imported(db):
    source = CalendarSource.objects.create(
        name="NPOつなぎ手のカレンダー",
        url="https://calendar.example.jp/member.ics",
        organisation=organiser(),
        index=make_index(),
        publish_directly=True,
    )
    starts = timezone.now() + timedelta(days=3)
    return ImportedEvent.objects.create(
        source=source,
        uid="a@example.jp",
        title="子ども食堂",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        live=True,
    )


def test_a_warm_feed_is_the_cold_one_from_fragments_alone(client, event, imported, monkeypatch):
    make_event("第二のイベント", days=12)
    cold = client.get("/calendar.ics")
    monkeypatch.setattr(feeds, "session_occurrence", no_rendering)
    monkeypatch.setattr(feeds, "imported_occurrence", no_rendering)
    warm = client.get("/calendar.ics")
    assert warm.content == cold.content
    assert warm["ETag"] == cold["ETag"]
    assert len(entries(warm)) == 3
    # Rendered again after the cache lost them, the entries are the same bytes (DTSTAMP is the
    # entry's last change, not the time of rendering): a strong ETag stays honest.
    monkeypatch.undo()
    cache.clear()
    assert client.get("/calendar.ics").content == cold.content


def test_a_published_title_edit_changes_the_entry_and_the_etag(client, event):
    first = client.get("/calendar.ics")
    republish(event, title="名称を変えたシンポジウム")
    second = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert set(entries(second)) == {"名称を変えたシンポジウム"}


def test_a_session_moved_in_time_changes_its_entry_and_the_etag(client, event):
    first = client.get("/calendar.ics")
    page = EventPage.objects.get(pk=event.pk)
    sessions = list(page.sessions.all())
    sessions[0].starts_at += timedelta(hours=3)
    sessions[0].ends_at += timedelta(hours=3)
    page.sessions = sessions
    page.save_revision().publish()
    second = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    (entry,) = entries(second).values()
    assert entry.decoded("dtstart") == sessions[0].starts_at.replace(microsecond=0)
    assert int(entry["sequence"]) == 1


def test_a_cancellation_changes_the_entry_and_the_etag(client, event):
    first = client.get("/calendar.ics")
    republish(event, cancelled_at=timezone.now())
    second = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert str(entries(second)[event.title]["status"]) == "CANCELLED"


def test_an_imported_event_updated_changes_its_entry_and_the_etag(client, imported):
    first = client.get("/calendar.ics")
    imported.title = "こども食堂（会場変更）"
    imported.location = "公民館"
    imported.save()
    second = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert str(entries(second)["こども食堂（会場変更）"]["location"]) == "公民館"


def test_a_translation_changes_the_entry_in_its_language_only(client, event):
    japanese = client.get("/ja/calendar.ics")
    english = client.get("/en/calendar.ics")
    assert set(entries(english)) == {event.title}  # no translation yet: the original
    translated = event.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    translated.title = "Symposium on loneliness"
    translated.save_revision().publish()
    again = client.get("/en/calendar.ics", headers={"If-None-Match": english["ETag"]})
    assert again.status_code == 200
    (entry,) = entries(again).values()
    assert str(entry["summary"]) == "Symposium on loneliness"
    assert str(entry["url"]).endswith(translated.url)
    assert client.get("/ja/calendar.ics").content.count(b"BEGIN:VEVENT") == 1
    assert set(entries(client.get("/ja/calendar.ics"))) == set(entries(japanese))


def test_a_registration_changes_neither_the_feed_nor_its_etag(client, event):
    """The feed shows no seats, so a registration is not a change to it."""
    first = client.get("/calendar.ics")
    services.register(event, quota=event.quotas.first(), name="つなぐ 花子", email="h@example.jp")
    again = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("header", ["If-None-Match", "If-Modified-Since"])
def test_a_poll_that_gets_a_304_costs_two_queries(
    client, event, imported, header, django_assert_max_num_queries
):
    first = client.get("/calendar.ics")
    value = first["ETag"] if header == "If-None-Match" else first["Last-Modified"]
    with django_assert_max_num_queries(2):
        again = client.get("/calendar.ics", headers={header: value})
    assert again.status_code == 304


def test_the_etag_holds_across_hours_and_moves_when_a_session_ends(client, event, monkeypatch):
    make_event("明日のイベント", days=1)
    now = timezone.now()
    first = client.get("/calendar.ics")
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=5))
    later = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert later.status_code == 304
    assert later["ETag"] == first["ETag"]
    # Tomorrow's event has ended two days on: it leaves the feed, and the ETag moves.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=2))
    after = client.get("/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200
    assert set(entries(after)) == {event.title}
