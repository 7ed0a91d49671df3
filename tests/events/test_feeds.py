"""The events' calendar feeds: what they contain, that two parsers read them, that entries keep
their UID and raise their SEQUENCE only for changes that matter, and that polling is cheap."""

import re
from datetime import timedelta
from decimal import Decimal

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from cms.people.models import Person
from cms.people.services import issue_token, revoke_tokens
from events import services
from events.models import EventPage, EventSession
from events.private_feeds import CALENDAR_PURPOSE
from tests.events.conftest import make_event, make_index
from tests.events.test_flyer import organiser

LONG_SUMMARY = (
    "孤独・孤立の問題を地域全体で考え、誰もが安心して暮らせるまちを目指すシンポジウム" * 3
)


def events_of(content):
    """The VEVENTs, read by icalendar; vobject must read the same feed too."""
    calendar = icalendar.Calendar.from_ical(content)
    parsed = vobject.readOne(content.decode())
    events = list(calendar.walk("VEVENT"))
    assert len(getattr(parsed, "vevent_list", [])) == len(events)
    return events


def by_summary(events):
    return {str(event["summary"]): event for event in events}


def republish(event, **changes):
    page = EventPage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


@pytest.fixture
def event(db):
    return make_event(
        venue_name="飯山市文化交流館なちゅら",
        venue_address="長野県飯山市大字飯山1436-1",
        latitude=Decimal("36.851400"),
        longitude=Decimal("138.365300"),
        online_url="https://meet.example.jp/secret-room",
        attendance=EventPage.Attendance.HYBRID,
    )


def test_the_site_feed_lists_coming_public_events_with_place_and_link(client, event):
    make_event("終わったイベント", days=-5)
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("public")
    events = by_summary(events_of(response.content))
    assert set(events) == {event.title}
    entry = events[event.title]
    assert "なちゅら" in str(entry["location"])
    assert entry["geo"].latitude == pytest.approx(36.8514)
    assert str(entry["url"]).endswith(event.url)
    assert str(entry["description"]).startswith("地域でつながる")
    assert "ORGANIZER" not in entry
    assert b"meet.example.jp" not in response.content
    # The language-prefixed address names the calendar in the page's language.
    english = client.get("/en/calendar.ics")
    calendar = icalendar.Calendar.from_ical(english.content)
    assert str(calendar["x-wr-calname"]) == "Events"
    assert calendar["x-wr-calname"].params["LANGUAGE"] == "en"
    assert str(calendar["x-wr-timezone"]) == "Asia/Tokyo"


def test_no_personal_data_reaches_a_public_feed(client, event):
    services.register(
        event, quota=event.quotas.first(), name="個人 情報子", email="kojin@example.jp"
    )
    content = client.get("/calendar.ics").content.decode()
    for secret in ("個人", "kojin@example.jp", "meet.example.jp"):
        assert secret not in content


def test_a_session_keeps_its_uid_across_edits_and_languages(client, event):
    before = events_of(client.get("/calendar.ics").content)[0]
    event = republish(event, title="名称を変えたシンポジウム", slug="renamed")
    english = event.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Symposium on loneliness"
    english.save_revision().publish()
    after = events_of(client.get("/ja/calendar.ics").content)[0]
    in_english = events_of(client.get("/en/calendar.ics").content)[0]
    assert before["uid"] == after["uid"] == in_english["uid"]
    assert str(after["summary"]) == "名称を変えたシンポジウム"
    assert str(in_english["summary"]) == "Symposium on loneliness"
    assert str(before["uid"]).startswith("event-session-")  # a stored key, never the URL
    assert "/" not in str(before["uid"])


def test_each_session_has_its_own_uid_and_the_event_download_has_them_all(client, event):
    page = EventPage.objects.get(pk=event.pk)
    start = timezone.now() + timedelta(days=20)
    page.sessions.add(
        EventSession(title="第2回", starts_at=start, ends_at=start + timedelta(hours=1))
    )
    page.save_revision().publish()
    response = client.get(event.url + "calendar/")
    assert response["Content-Disposition"].startswith("attachment")
    events = events_of(response.content)
    assert len(events) == 2
    assert len({str(e["uid"]) for e in events}) == 2
    assert any("第2回" in str(e["summary"]) for e in events)


def test_sequence_rises_for_time_place_or_status_and_not_for_other_edits(client, event):
    def sequence():
        return int(events_of(client.get("/calendar.ics").content)[0]["sequence"])

    assert sequence() == 0
    republish(event, summary="説明文を直しました")
    assert sequence() == 0
    page = EventPage.objects.get(pk=event.pk)
    sessions = list(page.sessions.all())
    sessions[0].starts_at += timedelta(hours=1)
    sessions[0].ends_at += timedelta(hours=1)
    page.sessions = sessions
    page.save_revision().publish()
    assert sequence() == 1
    republish(event, venue_name="飯山市役所 大会議室")
    assert sequence() == 2
    republish(event, cancelled_at=timezone.now())
    entry = events_of(client.get("/calendar.ics").content)[0]
    assert (int(entry["sequence"]), str(entry["status"])) == (3, "CANCELLED")
    assert entry["last-modified"].dt <= timezone.now()


def test_a_cancelled_event_stays_in_the_feed_for_a_while_then_goes(client, event):
    republish(event, cancelled_at=timezone.now() - timedelta(days=31))
    assert events_of(client.get("/calendar.ics").content) == []
    past = make_event("中止の交流会", days=-1)
    republish(past, cancelled_at=timezone.now() - timedelta(days=2))
    assert [str(e["status"]) for e in events_of(client.get("/calendar.ics").content)] == [
        "CANCELLED"
    ]


def test_long_japanese_text_is_folded_at_75_octets_between_characters(client, event):
    republish(event, title=LONG_SUMMARY[:255])
    content = client.get("/calendar.ics").content
    lines = content.split(b"\r\n")
    assert content.endswith(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")
    assert str(events_of(content)[0]["summary"]) == LONG_SUMMARY[:255]


@pytest.mark.parametrize("header", ["If-None-Match", "If-Modified-Since"])
def test_a_conditional_poll_gets_a_304_for_a_few_queries(
    client, event, header, django_assert_max_num_queries
):
    first = client.get("/calendar.ics")
    value = first["ETag"] if header == "If-None-Match" else first["Last-Modified"]
    with django_assert_max_num_queries(3):
        again = client.get("/calendar.ics", headers={header: value})
    assert again.status_code == 304
    republish(event, venue_name="別の会場")
    if header == "If-None-Match":
        assert client.get("/calendar.ics", headers={header: value}).status_code == 200


def test_the_index_feed_follows_the_list_filters(client, event):
    make_event("ワークショップ", category=EventPage.Category.WORKSHOP)
    index = make_index()
    everything = events_of(client.get(index.url + "calendar/").content)
    assert len(everything) == 2
    workshops = events_of(client.get(index.url + "calendar/?category=workshop").content)
    assert [str(e["summary"]) for e in workshops] == ["ワークショップ"]
    page = client.get(index.url + "?category=workshop").content.decode()
    assert 'type="text/calendar"' in page
    assert "calendar/?category=workshop" in page
    assert "webcal://testserver" in page
    assert "calendar.google.com" in page


def test_the_organisation_feed_has_what_it_organises_or_co_organises(client, db):
    member = organiser()
    other = organiser(title="別の団体", slug="other")
    own = make_event("主催イベント", organiser=member)
    shared = make_event("共催イベント")
    shared.co_organisers.add(member)
    shared.save_revision().publish()
    make_event("よそのイベント", organiser=other)
    url = reverse("events:organisation_calendar", kwargs={"organisation_id": member.pk})
    summaries = {str(e["summary"]) for e in events_of(client.get(url).content)}
    assert summaries == {own.title, shared.title}
    assert (
        client.get(
            reverse("events:organisation_calendar", kwargs={"organisation_id": 999999})
        ).status_code
        == 404
    )


def test_the_event_page_links_its_feed_and_google_calendar_per_session(client, event):
    content = client.get(event.url).content.decode()
    assert (
        f'type="text/calendar" title="{event.title}" href="http://testserver{event.url}calendar/"'
        in content
    )
    assert "webcal://testserver" + event.url + "calendar/" in content
    assert content.count("calendar.google.com/calendar/render?action=TEMPLATE") == 1


# Private feeds -----------------------------------------------------------------------------


def registrant_feed(client, token):
    return client.get(reverse("events:my_calendar", kwargs={"token": token}))


def test_a_registrant_feed_shows_their_events_privately_and_a_revoked_token_is_404(client, event):
    other = make_event("参加していないイベント")
    registration, _ = services.register(
        event, quota=event.quotas.first(), name="山田 花子", email="hanako@example.jp"
    )
    token = issue_token(registration.person, CALENDAR_PURPOSE)
    response = registrant_feed(client, token)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert [str(e["summary"]) for e in events_of(response.content)] == [event.title]
    assert other.title not in response.content.decode()
    assert registrant_feed(client, token + "x").status_code == 404
    assert registrant_feed(client, issue_token(registration.person, "other")).status_code == 404
    revoke_tokens(registration.person, CALENDAR_PURPOSE)
    assert registrant_feed(client, token).status_code == 404


def test_a_discreet_event_is_only_a_booking_in_the_private_feed(client, db):
    event = make_event("心の相談会", discreet=True)
    registration, _ = services.register(
        event, quota=event.quotas.first(), name="山田 花子", email="hanako@example.jp"
    )
    token = issue_token(registration.person, CALENDAR_PURPOSE)
    content = registrant_feed(client, token).content
    assert "相談会" not in content.decode()
    assert str(events_of(content)[0]["summary"]).startswith("ご予約")


def test_the_manage_page_makes_and_stops_the_calendar_link(run, client, event):
    from tests.events.test_registration_views import LINK, post

    post(run, client, event)
    link = LINK.search(mail.outbox[0].body).group(0)
    reference, token = link.rstrip("/").split("/")[-2:]
    action = reverse("events:calendar_link", kwargs={"reference": reference, "token": token})
    page = client.post(action, {"action": "new"}, follow=True).content.decode()
    feed_url = re.search(r"<code>(\S+\.ics)</code>", page).group(1)
    assert client.get(feed_url).status_code == 200
    client.post(action, {"action": "revoke"})
    assert client.get(feed_url).status_code == 404
    assert client.post(action.replace(token, "wrong"), {"action": "new"}).status_code == 404


def test_the_confirmation_carries_an_ics_and_the_cancellation_cancels_it(run, event):
    registration, _ = run(
        services.register,
        event,
        quota=event.quotas.first(),
        name="山田 花子",
        email="hanako@example.jp",
    )
    confirmation = mail.outbox[-1]
    (_name, content, mimetype) = next(a for a in confirmation.attachments if a[0].endswith(".ics"))
    assert mimetype.startswith("text/calendar")
    added = events_of(content.encode() if isinstance(content, str) else content)[0]
    assert str(added["status"]) == "CONFIRMED"
    run(republish, event, cancelled_at=timezone.now())
    cancelled_mail = mail.outbox[-1]
    (_name, content, mimetype) = next(
        a for a in cancelled_mail.attachments if a[0].endswith(".ics")
    )
    removed = events_of(content.encode() if isinstance(content, str) else content)[0]
    assert str(removed["uid"]) == str(added["uid"])
    assert str(removed["status"]) == "CANCELLED"
    assert int(removed["sequence"]) > int(added["sequence"])
    assert Person.objects.filter(pk=registration.person_id).exists()
