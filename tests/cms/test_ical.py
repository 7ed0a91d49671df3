"""Calendars that phones read correctly: RFC 5545 to the letter, checked by two parsers."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import vobject
from django.test import RequestFactory

from cms.core.ical import (
    Occurrence,
    all_day,
    build_calendar,
    calendar_response,
    html_to_text,
    serialize,
    uid,
)

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 12, 5, 13, 30, tzinfo=TOKYO)

SYMPOSIUM = Occurrence(
    uid=uid("0f8e4c1a-2b6d-4e0a-9c1f-3d5e7a9b1c2d"),
    start=START,
    end=START + timedelta(hours=2),
    summary="孤独・孤立対策シンポジウム〜若者の孤独を考える〜",
    description="中野区地域包括ケアシンポジウム。大学生と一緒に20代〜30代の若者の孤独・孤立について考えます。"
    * 3,
    location="飯山市文化交流館なちゅら 大ホール",
    geo=(36.8514, 138.3653),
    url="https://tsunagu.example.jp/ja/events/symposium/",
    sequence=2,
    last_modified=datetime(2026, 11, 20, 9, 0, tzinfo=TOKYO),
)


def calendar_bytes(*occurrences):
    return serialize(build_calendar(occurrences, name="飯山市のイベント", language="ja"))


def test_lines_end_in_crlf_and_fold_at_75_octets_without_splitting_a_character():
    data = calendar_bytes(SYMPOSIUM)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a split multi-byte character would fail here
    assert any(line.startswith(b" ") for line in lines), "long Japanese text is folded"


def test_times_carry_the_tokyo_timezone_with_its_vtimezone():
    data = calendar_bytes(SYMPOSIUM).decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo" in data
    assert "DTSTART;TZID=Asia/Tokyo:20261205T133000" in data
    assert "X-WR-TIMEZONE:Asia/Tokyo" in data


def test_the_required_properties_are_there_and_organizer_is_not():
    data = calendar_bytes(SYMPOSIUM).decode()
    for prop in [
        "UID:event-0f8e4c1a",
        "DTSTAMP:",
        "SEQUENCE:2",
        "LAST-MODIFIED:20261120T000000Z",
        "STATUS:CONFIRMED",
        "GEO:36.8514;138.3653",
        "URL:https://tsunagu",
    ]:
        assert prop in data, prop
    assert "ORGANIZER" not in data
    assert "X-WR-CALNAME;LANGUAGE=ja:飯山市のイベント" in data


def test_icalendar_reads_back_the_same_event():
    parsed = icalendar.Calendar.from_ical(calendar_bytes(SYMPOSIUM))
    (event,) = parsed.walk("VEVENT")
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + timedelta(hours=2)
    assert str(event["summary"]) == SYMPOSIUM.summary
    assert str(event["description"]) == SYMPOSIUM.description


def test_an_independent_parser_reads_back_the_same_event():
    parsed = vobject.readOne(calendar_bytes(SYMPOSIUM).decode())
    event = parsed.vevent
    assert event.dtstart.value == START
    assert event.summary.value == SYMPOSIUM.summary
    assert event.location.value == SYMPOSIUM.location
    assert event.uid.value == SYMPOSIUM.uid


def test_a_recurring_schedule_has_its_until_in_utc_and_its_exceptions():
    first = datetime(2026, 12, 12, 11, 0, tzinfo=TOKYO)  # 第2土曜
    salon = Occurrence(
        uid=uid(7, "ibasho"),
        start=first,
        end=first + timedelta(hours=3),
        summary="だれでも食堂",
        rrule={
            "FREQ": "MONTHLY",
            "BYDAY": ["2SA", "4SA"],
            "UNTIL": datetime(2027, 3, 31, 23, 59, tzinfo=TOKYO),
        },
        exdates=(datetime(2026, 12, 26, 11, 0, tzinfo=TOKYO),),
    )
    data = calendar_bytes(salon).decode()
    assert "RRULE:FREQ=MONTHLY;UNTIL=20270331T145900Z;BYDAY=2SA,4SA" in data
    assert "EXDATE;TZID=Asia/Tokyo:20261226T110000" in data
    parsed = vobject.readOne(data).vevent
    dates = [d.astimezone(TOKYO).date() for d in list(parsed.getrruleset())[:3]]
    assert dates == [date(2026, 12, 12), date(2027, 1, 9), date(2027, 1, 23)]


def test_all_day_entries_use_dates_with_an_exclusive_end():
    start, end = all_day(date(2026, 12, 24))
    data = calendar_bytes(
        Occurrence(uid=uid(1, "drive"), start=start, end=end, summary="フードドライブ")
    ).decode()
    assert "DTSTART;VALUE=DATE:20261224" in data
    assert "DTEND;VALUE=DATE:20261225" in data


def test_a_cancelled_event_says_so():
    cancelled = Occurrence(**{**SYMPOSIUM.__dict__, "status": "CANCELLED", "sequence": 3})
    data = calendar_bytes(cancelled).decode()
    assert "STATUS:CANCELLED" in data and "SEQUENCE:3" in data


def test_rich_text_becomes_plain_text():
    html = "<p>日時：12月5日</p><ul><li>手話通訳あり</li><li>託児あり</li></ul><p>A&amp;B</p>"
    assert html_to_text(html) == "日時：12月5日\n・手話通訳あり\n・託児あり\nA&B"


class TestResponse:
    factory = RequestFactory()

    def respond(self, headers=None, **kwargs):
        calls = []

        def build():
            calls.append(1)
            return [SYMPOSIUM]

        request = self.factory.get("/calendar.ics", headers=headers or {})
        options = {
            "version": "3:2026-11-20",
            "name": "飯山市のイベント",
            "last_modified": SYMPOSIUM.last_modified,
            **kwargs,
        }
        return calendar_response(request, build=build, **options), calls

    def test_a_feed_is_text_calendar_with_validators(self):
        response, calls = self.respond()
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"] == "Fri, 20 Nov 2026 00:00:00 GMT"
        assert response["Cache-Control"] == "public, max-age=300"
        assert calls == [1]

    def test_a_matching_etag_gets_a_304_without_building_the_feed(self):
        first, _ = self.respond()
        response, calls = self.respond(headers={"If-None-Match": first["ETag"]})
        assert response.status_code == 304
        assert calls == []

    def test_an_unchanged_date_gets_a_304(self):
        response, calls = self.respond(
            headers={"If-Modified-Since": "Fri, 20 Nov 2026 00:00:00 GMT"}
        )
        assert response.status_code == 304 and calls == []

    def test_a_new_version_gets_the_feed_again(self):
        first, _ = self.respond()
        response, calls = self.respond(
            headers={"If-None-Match": first["ETag"]}, version="4:2026-11-21"
        )
        assert response.status_code == 200 and calls == [1]

    def test_a_private_feed_is_kept_by_no_cache(self):
        response, _ = self.respond(private=True)
        assert response["Cache-Control"] == "private, no-store"
