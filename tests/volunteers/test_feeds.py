"""Shifts as calendars: the public feed of open shifts (filtered like the list) and the SEQUENCE
that tells subscribed calendars a shift moved or was cancelled."""

import icalendar
import vobject
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.core.ical import uid
from tests.volunteers.conftest import make_opportunity, make_role, make_shift, make_volunteer
from volunteers import services

FEED = "/ja/volunteers/shifts.ics"


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    list(vobject.readComponents(body))  # a second, independent parser accepts it too
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_the_public_feed_lists_shifts_to_come_and_nobody_on_them(client, db):
    food = make_opportunity()
    sorting = make_shift(food, make_role("仕分け"))
    make_shift(food, make_role("運転"), hours=-5)  # over
    volunteer = make_volunteer("飯山 花子", email="hanako@example.jp")
    services.sign_up(volunteer, sorting)

    response = client.get(FEED)
    found = entries(response)
    assert list(found) == ["仕分け – フードドライブ 仕分けボランティア"]
    entry = found["仕分け – フードドライブ 仕分けボランティア"]
    assert str(entry["LOCATION"]) == "鳥取市福祉会館"
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["UID"]) == uid(sorting.reference, "volunteer-shift")
    body = response.content.decode()
    assert "飯山 花子" not in body and "hanako@example.jp" not in body
    assert response["Cache-Control"].startswith("public")


def test_the_feed_takes_the_lists_filters(client, db):
    food = make_opportunity()
    make_shift(food, make_role("仕分け"))
    driving = make_role("運転")
    make_shift(food, driving, hours=72)
    assert list(entries(client.get(f"{FEED}?role={driving.pk}"))) == [
        "運転 – フードドライブ 仕分けボランティア"
    ]
    assert len(entries(client.get(f"{FEED}?role=abc"))) == 2  # a bad filter is ignored


def test_the_list_page_links_its_feed_with_its_filters(client, db):
    role = make_role("仕分け")
    make_shift(role=role)
    page = BeautifulSoup(client.get(f"/ja/volunteers/?role={role.pk}").content, "html.parser")
    link = page.head.find("link", rel="alternate", type="text/calendar")
    assert link["href"] == f"http://testserver{FEED}?role={role.pk}"
    assert page.find("a", href=f"webcal://testserver{FEED}?role={role.pk}") is not None


def test_sequence_rises_when_time_place_or_status_change_and_only_then(client, db):
    shift = make_shift()
    shift.min_people = 2
    shift.save()
    assert shift.sequence == 0
    shift.place = "公民館 2階"
    shift.save()
    assert shift.sequence == 1
    services.cancel_shift(shift)
    shift.refresh_from_db()
    assert shift.sequence == 2 and shift.cancelled_at is not None
    (entry,) = entries(client.get(FEED)).values()
    assert str(entry["STATUS"]) == "CANCELLED"
    assert int(entry["SEQUENCE"]) == 2
    assert str(entry["LOCATION"]) == "公民館 2階"


def test_a_poll_with_the_etag_costs_a_couple_of_queries(client, db):
    for hours in (24, 48, 72):
        make_shift(hours=hours)
    etag = client.get(FEED)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert len(queries) <= 4
    make_shift(hours=96)
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_kiosk_page_links_the_feed_of_its_opportunity(client, db):
    food = make_opportunity()
    make_shift(food)
    other = make_shift(make_opportunity("地域食堂"))
    page = BeautifulSoup(client.get(f"/ja/volunteers/at/{food.pk}/").content, "html.parser")
    feed = f"{FEED}?opportunity={food.pk}"
    assert page.head.find("link", type="text/calendar")["href"] == f"http://testserver{feed}"
    titles = list(entries(client.get(feed)))
    assert titles == ["仕分け – フードドライブ 仕分けボランティア"]
    assert other.opportunity.title not in " ".join(titles)
