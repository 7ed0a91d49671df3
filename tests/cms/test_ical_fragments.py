"""Feeds write their VEVENTs directly and keep them in the cache: the bytes must be exactly
icalendar's, a calendar joined from fragments exactly `build_calendar`'s, and the cache must
be asked once for all the entries of a feed and render only what it lacks."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from cms.core.ical import (
    Occurrence,
    _event,
    build_calendar,
    cached_vevents,
    calendar_bytes,
    serialize,
    uid,
    vevent,
)

TOKYO = ZoneInfo("Asia/Tokyo")
STAMP = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# Text that exercises escaping and folding: separators, line ends, backslashes, carets,
# multi-byte and four-byte characters.
TEXT = st.text(alphabet=st.sampled_from([*'ab ,;:\\^\n\r"N', "孤", "独", "é", "😀"]), max_size=200)
WHEN = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(TOKYO)
)


def icalendars_vevent(occurrence, stamp=STAMP):
    return _event(occurrence, occurrence.last_modified or stamp).to_ical()


@settings(max_examples=300, deadline=None)
@given(
    summary=TEXT,
    description=TEXT,
    location=TEXT,
    categories=st.lists(TEXT.filter(bool), max_size=3),
    start=WHEN,
    hours=st.integers(1, 48),
    all_day=st.booleans(),
    geo=st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
    url=st.sampled_from(["", "https://tsunagu.example.jp/ja/events/" + "長い" * 30 + "/"]),
    sequence=st.integers(0, 1000),
    modified=st.none() | st.datetimes(timezones=st.just(UTC)),
    cancelled=st.booleans(),
)
def test_a_vevent_is_written_exactly_as_icalendar_writes_it(
    summary,
    description,
    location,
    categories,
    start,
    hours,
    all_day,
    geo,
    url,
    sequence,
    modified,
    cancelled,
):
    end = start + timedelta(hours=hours)
    occurrence = Occurrence(
        uid=uid("0f8e4c1a-2b6d-4e0a-9c1f-3d5e7a9b1c2d"),
        start=start.date() if all_day else start,
        end=end.date() + timedelta(days=1) if all_day else end.astimezone(UTC),
        summary=summary,
        description=description,
        location=location,
        geo=geo,
        url=url,
        status="CANCELLED" if cancelled else "CONFIRMED",
        sequence=sequence,
        last_modified=modified,
        categories=tuple(categories),
    )
    stamp = (modified or STAMP).replace(microsecond=0)
    assert vevent(occurrence, STAMP) == _event(occurrence, stamp).to_ical()


def test_what_the_writer_does_not_know_is_left_to_icalendar():
    start = datetime(2026, 12, 5, 13, 30, tzinfo=TOKYO)
    occurrence = Occurrence(
        uid="ibasho-1@tsunagu.example.jp",
        start=start,
        end=start + timedelta(hours=2),
        summary="こども食堂",
        rrule={"FREQ": "MONTHLY", "BYDAY": ["2SA"]},
        exdates=(start + timedelta(days=35),),
        extra={"x-tsunagu-kind": "ibasho"},
    )
    assert vevent(occurrence, STAMP) == _event(occurrence, STAMP).to_ical()


def test_a_calendar_joined_from_fragments_is_build_calendars_calendar():
    start = datetime(2026, 12, 5, 13, 30, tzinfo=TOKYO)
    occurrences = [
        Occurrence(
            uid=uid(n),
            start=start + timedelta(days=n),
            end=start + timedelta(days=n, hours=2),
            summary=f"講座 第{n}回",
            last_modified=STAMP,
        )
        for n in range(3)
    ] + [Occurrence(uid=uid("day"), start=date(2026, 12, 24), end=date(2026, 12, 25), summary="")]
    calendar = build_calendar(occurrences, name="飯山市のイベント", language="ja")
    for event in calendar.walk("VEVENT"):
        event.pop("DTSTAMP")
        event.add("dtstamp", STAMP)
    joined = calendar_bytes(
        [vevent(o, STAMP) for o in occurrences], name="飯山市のイベント", language="ja"
    )
    assert joined == serialize(calendar)


def test_fragments_are_read_in_one_round_trip_and_only_the_missing_rendered(
    django_assert_num_queries, monkeypatch
):
    cache.clear()
    start = datetime(2026, 12, 5, 13, 30, tzinfo=TOKYO)
    items = list(range(5))
    rendered = []

    def occurrences(missing):
        rendered.append(list(missing))
        for n in missing:
            yield Occurrence(uid=uid(n), start=start, end=start, summary=f"第{n}回")

    calls = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or get_many(keys))
    first = cached_vevents(items[:3], key=lambda n: ("test", n), occurrences=occurrences)
    both = cached_vevents(items, key=lambda n: ("test", n), occurrences=occurrences)
    assert rendered == [[0, 1, 2], [3, 4]]
    assert len(calls) == 2
    assert both[:3] == first
    assert both[3].startswith("BEGIN:VEVENT\r\nSUMMARY:第3回\r\n".encode())
