"""Expanding an ibasho's schedule into its next dates, in Tokyo time."""

import datetime as dt

import pytest

from cms.directory.ibasho.schedule import (
    LAST,
    TOKYO,
    ExtraDate,
    Occurrence,
    Rule,
    Schedule,
    parse_weeks,
)

T10, T12, T11, T14 = dt.time(10), dt.time(12), dt.time(11), dt.time(14)
WED, FRI, SAT = 2, 4, 5


def at(*args):
    return dt.datetime(*args, tzinfo=TOKYO)


def starts(occurrences):
    return [o.start for o in occurrences]


def test_every_wednesday_gives_the_next_wednesdays_with_their_times():
    schedule = Schedule(rules=[Rule(WED, T10, T12)])
    found = schedule.next_occurrences(at(2026, 11, 22, 9), count=3)
    assert found == [
        Occurrence(at(2026, 11, 25, 10), at(2026, 11, 25, 12)),
        Occurrence(at(2026, 12, 2, 10), at(2026, 12, 2, 12)),
        Occurrence(at(2026, 12, 9, 10), at(2026, 12, 9, 12)),
    ]


def test_second_and_fourth_saturday_of_the_month():
    schedule = Schedule(rules=[Rule(SAT, T11, T14, weeks=(2, 4))])
    found = schedule.next_occurrences(at(2026, 11, 1), count=4)
    assert starts(found) == [
        at(2026, 11, 14, 11),
        at(2026, 11, 28, 11),
        at(2026, 12, 12, 11),
        at(2026, 12, 26, 11),
    ]


def test_last_friday_of_the_month_handles_months_of_every_length():
    schedule = Schedule(rules=[Rule(FRI, T10, T12, weeks=(LAST,))])
    found = schedule.next_occurrences(at(2027, 1, 1), count=4)
    # January has 31 days, February 28 (2027), April 30: always the last Friday.
    assert [o.start.date() for o in found] == [
        dt.date(2027, 1, 29),
        dt.date(2027, 2, 26),
        dt.date(2027, 3, 26),
        dt.date(2027, 4, 30),
    ]


def test_fifth_weekday_exists_only_in_some_months():
    schedule = Schedule(rules=[Rule(FRI, T10, T12, weeks=(5,))])
    found = schedule.next_occurrences(at(2027, 1, 1), count=2)
    assert [o.start.date() for o in found] == [dt.date(2027, 1, 29), dt.date(2027, 4, 30)]


def test_a_cancelled_date_is_skipped():
    schedule = Schedule(rules=[Rule(WED, T10, T12)], cancelled=frozenset({dt.date(2026, 12, 30)}))
    found = schedule.next_occurrences(at(2026, 12, 20), count=2)
    assert [o.start.date() for o in found] == [dt.date(2026, 12, 23), dt.date(2027, 1, 6)]


def test_an_extra_date_is_added_in_order_and_survives_a_cancellation_of_that_day():
    schedule = Schedule(
        rules=[Rule(WED, T10, T12)],
        cancelled=frozenset({dt.date(2026, 12, 26)}),
        extra=[ExtraDate(dt.date(2026, 12, 26), dt.time(17), dt.time(19))],
    )
    found = schedule.next_occurrences(at(2026, 12, 20), count=3)
    assert starts(found) == [at(2026, 12, 23, 10), at(2026, 12, 26, 17), at(2026, 12, 30, 10)]


def test_an_opening_under_way_is_still_next_but_an_ended_one_is_not():
    schedule = Schedule(rules=[Rule(WED, T10, T12)])
    assert starts(schedule.next_occurrences(at(2026, 11, 25, 11), count=1)) == [
        at(2026, 11, 25, 10)
    ]
    assert starts(schedule.next_occurrences(at(2026, 11, 25, 12), count=1)) == [at(2026, 12, 2, 10)]


def test_now_in_utc_is_read_as_tokyo_time():
    schedule = Schedule(rules=[Rule(WED, T10, T12)])
    # 2026-11-24 23:30 UTC is already Wednesday 08:30 in Tokyo.
    now = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC)
    assert starts(schedule.next_occurrences(now, count=1)) == [at(2026, 11, 25, 10)]


def test_times_are_the_same_wall_clock_all_year_round():
    # Tokyo keeps no daylight saving time: the offset is +09:00 in January and in July.
    schedule = Schedule(rules=[Rule(WED, T10, T12)])
    for month in (1, 7):
        first = schedule.next_occurrences(at(2027, month, 1), count=1)[0]
        assert first.start.utcoffset() == dt.timedelta(hours=9)
        assert first.start.astimezone(dt.UTC).hour == 1


def test_a_rule_ends_on_its_last_date():
    schedule = Schedule(rules=[Rule(WED, T10, T12, until=dt.date(2026, 12, 2))])
    assert [o.start.date() for o in schedule.next_occurrences(at(2026, 11, 22), count=5)] == [
        dt.date(2026, 11, 25),
        dt.date(2026, 12, 2),
    ]


def test_an_evening_that_ends_after_midnight_ends_the_next_day():
    schedule = Schedule(rules=[Rule(FRI, dt.time(21), dt.time(1))])
    first = schedule.next_occurrences(at(2026, 11, 22), count=1)[0]
    assert first.end == at(2026, 11, 28, 1)


def test_open_in_the_next_seven_days():
    schedule = Schedule(rules=[Rule(SAT, T11, T14, weeks=(2, 4))])
    assert schedule.is_open_between(at(2026, 11, 22), at(2026, 11, 29))
    assert not schedule.is_open_between(at(2026, 11, 29), at(2026, 12, 6))


def test_rules_read_as_rrule_parts_for_the_calendar_feed():
    assert Rule(WED, T10, T12).as_rrule() == {"FREQ": "WEEKLY", "BYDAY": ["WE"]}
    assert Rule(SAT, T11, T14, weeks=(2, 4)).as_rrule() == {
        "FREQ": "MONTHLY",
        "BYDAY": ["2SA", "4SA"],
    }
    assert Rule(FRI, T10, T12, weeks=(LAST,), until=dt.date(2027, 3, 31)).as_rrule() == {
        "FREQ": "MONTHLY",
        "BYDAY": ["-1FR"],
        "UNTIL": dt.date(2027, 3, 31),
    }


@pytest.mark.parametrize(
    ("typed", "weeks"),
    [
        ("", ()),
        ("2,4", (2, 4)),
        ("２・４", (2, 4)),
        ("L", (LAST,)),
        ("最終", (LAST,)),
        ("4, 1, L", (1, 4, LAST)),
    ],
)
def test_weeks_as_editors_type_them(typed, weeks):
    assert parse_weeks(typed) == weeks


@pytest.mark.parametrize("typed", ["6", "0", "第2", "x"])
def test_weeks_that_make_no_sense_are_refused(typed):
    with pytest.raises(ValueError):
        parse_weeks(typed)
