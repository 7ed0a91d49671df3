"""Hybrid events and workshop tracks: each kind of place (on site, online, one track) fills on
its own; the public form offers them as radio buttons and refuses a place of another event
clearly; the online meeting link goes only to those who take part online.

Here tracks are quotas of one event: a registrant chooses one track for the whole workshop
(the last test). A workshop whose participants choose one track per session has tracks of its
sessions: tests/events/test_session_tracks.py."""

import re

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from cms.people import mypage
from cms.people.services import issue_token
from events import services
from events.capacity import Status
from events.models import Registration
from events.private_feeds import CALENDAR_PURPOSE
from tests.events.conftest import make_event
from tests.events.test_registration_views import form_data

ONLINE_URL = "https://meet.example.jp/tsunagu-symposium-2026"
ONSITE, ONLINE = "会場参加", "オンライン参加"


@pytest.fixture
def hybrid(db):
    """Ikoma's symposium, small: one seat in the hall, two online, a waitlist."""
    return make_event(
        "生駒市 孤独・孤立対策シンポジウム",
        quotas=[(ONSITE, "onsite", 1), (ONLINE, "online", 2)],
        waitlist_enabled=True,
        online_url=ONLINE_URL,
    )


def quota(event, label):
    return event.quotas.get(label=label)


def register(run, client, event, label, email, **overrides):
    data = form_data(
        event,
        email=email,
        quota=str(quota(event, label).pk),
        submission_key=f"key-{email}",
        **overrides,
    )
    return run(client.post, event.url, data)


def mails_to(email):
    return [m for m in mail.outbox if m.to == [email]]


def test_the_hall_full_waitlists_while_online_still_confirms(run, client, hybrid):
    register(run, client, hybrid, ONSITE, "a@example.jp")
    register(run, client, hybrid, ONSITE, "b@example.jp")
    register(run, client, hybrid, ONLINE, "c@example.jp")
    status = dict(Registration.objects.values_list("person__email", "status"))
    assert status == {
        "a@example.jp": Status.CONFIRMED,
        "b@example.jp": Status.WAITLISTED,
        "c@example.jp": Status.CONFIRMED,
    }
    page = client.get(hybrid.url).content.decode()
    # Each kind of place says its own state; the form still registers (not "join the waitlist").
    assert f"{ONSITE}: 満席（キャンセル待ち受付中）" in page or f"{ONSITE}: 満席" in page
    assert f"{ONLINE}: 残り1席" in page
    assert "キャンセル待ちに登録する" not in page
    # The hall's cancellation promotes the hall's waiting person, not anyone online.
    first = Registration.objects.get(person__email="a@example.jp")
    run(services.cancel_registration, first)
    assert Registration.objects.get(person__email="b@example.jp").status == Status.CONFIRMED
    register(run, client, hybrid, ONLINE, "d@example.jp")
    register(run, client, hybrid, ONLINE, "e@example.jp")
    assert Registration.objects.get(person__email="d@example.jp").status == Status.CONFIRMED
    assert Registration.objects.get(person__email="e@example.jp").status == Status.WAITLISTED


def test_the_form_offers_each_kind_of_place_as_a_radio_button(client, hybrid):
    page = client.get(hybrid.url).content.decode()
    radios = re.findall(r'<input type="radio" name="quota" value="(\d+)"', page)
    assert sorted(int(pk) for pk in radios) == sorted(hybrid.quotas.values_list("pk", flat=True))
    assert ONSITE in page and ONLINE in page
    one = make_event("一つだけの枠", slug="single")
    single = client.get(one.url).content.decode()
    assert 'type="radio" name="quota"' not in single
    assert f'type="hidden" name="quota" value="{one.quotas.get().pk}"' in single


@pytest.mark.parametrize("chosen", ["", "abc", "9999999", "-1", "1.5", "other-event"])
def test_a_bad_or_foreign_place_is_refused_clearly_keeping_what_was_typed(
    run, client, hybrid, chosen
):
    if chosen == "other-event":
        chosen = str(make_event("別の催し", slug="other").quotas.get().pk)
    response = run(
        client.post,
        hybrid.url,
        form_data(hybrid, quota=chosen, name="佐藤 陽子", email="yoko@example.jp"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page or "errorlist" in page
    assert "佐藤 陽子" in page and "yoko@example.jp" in page
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_the_service_refuses_a_place_of_another_event(hybrid):
    other = make_event("別の催し", slug="other")
    with pytest.raises(services.RegistrationError) as refused:
        services.quota_for(hybrid, other.quotas.get().pk)
    assert refused.value.code == "wrong_quota"
    with pytest.raises(services.RegistrationError):
        services.quota_for(hybrid, "not a number")


def test_the_online_link_is_mailed_only_to_those_with_an_online_place(run, client, hybrid):
    register(run, client, hybrid, ONSITE, "hall@example.jp")
    register(run, client, hybrid, ONSITE, "hall-waiting@example.jp")
    register(run, client, hybrid, ONLINE, "online@example.jp")
    register(run, client, hybrid, ONLINE, "online2@example.jp")
    register(run, client, hybrid, ONLINE, "online-waiting@example.jp")
    (confirmed,) = mails_to("online@example.jp")
    assert ONLINE_URL in confirmed.body
    for email in ("hall@example.jp", "hall-waiting@example.jp", "online-waiting@example.jp"):
        (only,) = mails_to(email)
        assert ONLINE_URL not in only.body, email
    # A place frees up online: the promoted mail carries the link; the hall's does not.
    run(services.cancel_registration, Registration.objects.get(person__email="online@example.jp"))
    run(services.cancel_registration, Registration.objects.get(person__email="hall@example.jp"))
    promoted_online = mails_to("online-waiting@example.jp")[-1]
    assert "席が空き" in promoted_online.body or "確定" in promoted_online.body
    assert ONLINE_URL in promoted_online.body
    promoted_hall = mails_to("hall-waiting@example.jp")[-1]
    assert promoted_hall is not mails_to("hall-waiting@example.jp")[0]
    assert ONLINE_URL not in promoted_hall.body
    # The cancelled online registrant's cancellation mail does not repeat it.
    assert ONLINE_URL not in mails_to("online@example.jp")[-1].body
    # The attachments (the .ics) do not carry it either, to anyone.
    calendars = [
        content
        for message in mail.outbox
        for _name, content, kind in message.attachments
        if kind.startswith("text/calendar")
    ]
    assert calendars
    for content in calendars:
        text = content.decode() if isinstance(content, bytes) else content
        assert ONLINE_URL not in text


def test_the_online_link_is_shown_on_the_online_registrants_private_page_only(run, client, hybrid):
    register(run, client, hybrid, ONSITE, "hall@example.jp")
    register(run, client, hybrid, ONLINE, "online@example.jp")
    link = re.compile(r"https?://\S+/events/registration/\S+/")
    online = link.search(mails_to("online@example.jp")[0].body).group(0)
    hall = link.search(mails_to("hall@example.jp")[0].body).group(0)
    assert ONLINE_URL in client.get(online).content.decode()
    assert ONLINE_URL not in client.get(hall).content.decode()


def test_the_online_link_is_never_on_public_pages_or_feeds(run, client, hybrid):
    register(run, client, hybrid, ONLINE, "online@example.jp")
    index = hybrid.get_parent()
    public = [
        hybrid.url,
        hybrid.url + "calendar/",
        hybrid.url + "flyer/",
        index.url,
        index.url + "?view=calendar",
        index.url + "calendar/",
        "/ja/search/?q=シンポジウム",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = b"".join(response) if response.streaming else response.content
        assert ONLINE_URL.encode() not in body, url


# The person's own calendar (issue 21): the file from my page and the private feed carry the
# link for an online place, as LOCATION and in DESCRIPTION; nobody else's does.


def _own_calendars(client, registration):
    """The registration's calendar file from my page and the person's private feed, parsed."""
    token = issue_token(registration.person, mypage.MY_PAGE)
    download = client.get(
        reverse(
            "events:my_calendar_file",
            kwargs={"token": token, "reference": registration.reference},
        )
    )
    feed = client.get(
        reverse(
            "events:my_calendar",
            kwargs={"token": issue_token(registration.person, CALENDAR_PURPOSE)},
        )
    )
    found = []
    for response in (download, feed):
        assert response.status_code == 200
        # One person's file: never kept by the page cache or a shared proxy.
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        found.append((response.content, icalendar.Calendar.from_ical(response.content)))
    return found


def test_the_online_registrants_own_calendar_carries_the_link(run, client, hybrid):
    register(run, client, hybrid, ONLINE, "online@example.jp")
    registration = Registration.objects.get(person__email="online@example.jp")
    for _content, calendar in _own_calendars(client, registration):
        [vevent] = calendar.walk("VEVENT")
        assert str(vevent["LOCATION"]) == ONLINE_URL
        assert str(vevent["DESCRIPTION"]).startswith(f"オンライン参加のリンク: {ONLINE_URL}")
        assert "GEO" not in vevent  # the hall's pin is not where this person goes
        assert str(vevent["SUMMARY"]).startswith("生駒市 孤独・孤立対策シンポジウム")


def test_the_on_site_or_waiting_registrants_own_calendar_has_no_link(run, client, hybrid):
    register(run, client, hybrid, ONSITE, "hall@example.jp")
    register(run, client, hybrid, ONLINE, "online@example.jp")
    register(run, client, hybrid, ONLINE, "online2@example.jp")
    register(run, client, hybrid, ONLINE, "online-waiting@example.jp")
    for email in ("hall@example.jp", "online-waiting@example.jp"):
        registration = Registration.objects.get(person__email=email)
        for content, calendar in _own_calendars(client, registration):
            assert ONLINE_URL.encode() not in content, email
            assert calendar.walk("VEVENT"), email


def test_a_discreet_online_events_own_calendar_has_the_link_and_the_neutral_title(run, client, db):
    event = make_event(
        "こころの相談会",
        quotas=[(ONLINE, "online", 5)],
        online_url=ONLINE_URL,
        discreet=True,
    )
    register(run, client, event, ONLINE, "online@example.jp")
    registration = Registration.objects.get(person__email="online@example.jp")
    for content, calendar in _own_calendars(client, registration):
        [vevent] = calendar.walk("VEVENT")
        assert str(vevent["LOCATION"]) == ONLINE_URL
        assert str(vevent["SUMMARY"]).startswith("ご予約")
        assert "こころの相談会".encode() not in content
        assert "URL" not in vevent


def test_the_public_feeds_still_have_no_link_with_an_online_registrant(run, client, hybrid):
    register(run, client, hybrid, ONLINE, "online@example.jp")
    index = hybrid.get_parent()
    for url in ("/calendar.ics", index.url + "calendar/", hybrid.url + "calendar/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"BEGIN:VEVENT" in response.content, url
        assert ONLINE_URL.encode() not in response.content, url


# Tracks -------------------------------------------------------------------------------------


@pytest.fixture
def workshop(db):
    """Tottori's workshop in three tracks, one seat each in the first (small to fill)."""
    return make_event(
        "官民連携ワークショップ",
        quotas=[("ピアサポート分科会", "onsite", 1), ("居場所づくり分科会", "onsite", 2)],
        waitlist_enabled=True,
        category="workshop",
    )


def test_a_participant_chooses_one_track_and_each_track_has_its_own_capacity(run, client, workshop):
    page = client.get(workshop.url).content.decode()
    assert "ピアサポート分科会" in page and "居場所づくり分科会" in page
    register(run, client, workshop, "ピアサポート分科会", "p1@example.jp")
    register(run, client, workshop, "ピアサポート分科会", "p2@example.jp")
    register(run, client, workshop, "居場所づくり分科会", "i1@example.jp")
    rows = {
        email: (label, status)
        for email, label, status in Registration.objects.values_list(
            "person__email", "quota__label", "status"
        )
    }
    assert rows == {
        "p1@example.jp": ("ピアサポート分科会", Status.CONFIRMED),
        "p2@example.jp": ("ピアサポート分科会", Status.WAITLISTED),
        "i1@example.jp": ("居場所づくり分科会", Status.CONFIRMED),
    }
    # One registration holds one track: the same person again is "registered already", not a
    # second track.
    register(run, client, workshop, "居場所づくり分科会", "p1@example.jp")
    assert Registration.objects.filter(person__email="p1@example.jp").count() == 1
