"""An ibasho's schedule as an iCalendar feed that calendar apps can subscribe to."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from cms.directory.ibasho.models import IbashoCancelledDate, IbashoExtraDate
from cms.people.models import Person
from tests.cms.navigator.factories import ibasho
from tests.platforms import default_platform

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
SAT = 5


@pytest.fixture
def cafeteria():
    page = ibasho(
        "木島こども食堂",
        kind="children_cafeteria",
        address="長野県飯山市大字木島1234",
        latitude="36.863600",
        longitude="138.353700",
        rules=[(SAT, "2,4", "11:00", "14:00")],
        contact_person=Person.objects.create(
            platform=default_platform(), name="担当 太郎", email="private@example.jp"
        ),
    )
    page.cancelled_dates = [IbashoCancelledDate(date=dt.date(2027, 1, 23), reason="雪のため")]
    page.extra_dates = [
        IbashoExtraDate(date=dt.date(2027, 1, 3), start_time=dt.time(12), end_time=dt.time(13))
    ]
    page.save_revision().publish()
    return page


def feed(client, page, **headers):
    return client.get(page.url + "calendar/", headers=headers)


def test_the_feed_repeats_the_schedule_without_the_cancelled_date(client, cafeteria):
    response = feed(client, cafeteria)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    starts = sorted(
        event.decoded("dtstart").astimezone(TOKYO)
        for event in recurring_ical_events.of(calendar).between(
            dt.datetime(2027, 1, 1, tzinfo=TOKYO), dt.datetime(2027, 2, 1, tzinfo=TOKYO)
        )
    )
    assert starts == [
        dt.datetime(2027, 1, 3, 12, tzinfo=TOKYO),  # the extra date
        dt.datetime(2027, 1, 9, 11, tzinfo=TOKYO),  # 2nd Saturday; the 4th (23rd) is cancelled
    ]
    assert "RRULE:FREQ=MONTHLY;BYDAY=2SA,4SA" in response.text


def test_the_feed_carries_place_and_link_but_no_personal_data(client, cafeteria):
    text = feed(client, cafeteria).text
    assert "LOCATION:長野県飯山市大字木島1234" in text
    assert "GEO:36.8636;138.3537" in text
    assert "URL:http" in text
    assert "private@example.jp" not in text and "担当 太郎" not in text
    assert "ORGANIZER" not in text


def test_uids_do_not_change_between_requests_and_a_poll_gets_a_304(client, cafeteria):
    first = feed(client, cafeteria)
    second = feed(client, cafeteria)
    uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(first.content).walk("VEVENT")]
    assert uids == [
        str(e["uid"]) for e in icalendar.Calendar.from_ical(second.content).walk("VEVENT")
    ]
    assert all(uid.startswith("ibasho-") for uid in uids)
    assert feed(client, cafeteria, **{"If-None-Match": first["ETag"]}).status_code == 304


def test_the_page_links_its_feed(client, cafeteria):
    html = client.get(cafeteria.url).text
    feed = f"http://testserver{cafeteria.url}calendar/"
    assert f'type="text/calendar" title="木島こども食堂" href="{feed}"' in html
    assert "webcal://testserver" + cafeteria.url + "calendar/" in html
