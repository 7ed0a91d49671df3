"""Recurring schedules of ibasho: "毎週水曜 10:00–12:00", "毎月第2・第4土曜", "毎月最終金曜".

Pure functions on plain values, so they are tested without a database and reused by the pages,
the index filters and (later) the iCal feed: a `Rule` says which weekday and which weeks of the
month; `as_rrule()` gives it in RFC 5545 terms (FREQ/BYDAY/UNTIL) and cancelled dates become EXDATE.
Times are wall-clock times in Asia/Tokyo, which has no daylight saving time, so a local time plus
the zone is always one unambiguous instant.
"""

import calendar
import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LAST = -1


@dataclass(frozen=True)
class Rule:
    """Every week on `weekday` (0 = Monday), or, with `weeks`, only on the nth weekdays of the
    month (1–5, or LAST for the last one)."""

    weekday: int
    start: dt.time
    end: dt.time
    weeks: tuple[int, ...] = ()
    until: dt.date | None = None

    def as_rrule(self):
        day = ICAL_DAYS[self.weekday]
        rule = (
            {"FREQ": "MONTHLY", "BYDAY": [f"{week}{day}" for week in self.weeks]}
            if self.weeks
            else {"FREQ": "WEEKLY", "BYDAY": [day]}
        )
        if self.until:
            rule["UNTIL"] = self.until
        return rule

    def matches(self, day):
        if day.weekday() != self.weekday or (self.until and day > self.until):
            return False
        if not self.weeks:
            return True
        nth = (day.day - 1) // 7 + 1
        is_last = day.day + 7 > calendar.monthrange(day.year, day.month)[1]
        return nth in self.weeks or (LAST in self.weeks and is_last)


@dataclass(frozen=True)
class ExtraDate:
    """A one-off opening outside the rules (a summer special, a moved date)."""

    date: dt.date
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class Occurrence:
    start: dt.datetime
    end: dt.datetime


@dataclass
class Schedule:
    rules: list[Rule] = field(default_factory=list)
    cancelled: frozenset[dt.date] = frozenset()
    extra: list[ExtraDate] = field(default_factory=list)

    def occurrences(self, after, until):
        """Every opening that has not ended by `after` and starts before `until` (aware
        datetimes), in order; a cancelled date removes the rule's openings on that day but
        never an extra date that an editor added on purpose."""
        first_day = after.astimezone(TOKYO).date()
        last_day = until.astimezone(TOKYO).date()
        found = set()
        day = first_day
        while day <= last_day:
            if day not in self.cancelled:
                for rule in self.rules:
                    if rule.matches(day):
                        found.add(_occurrence(day, rule.start, rule.end))
            day += dt.timedelta(days=1)
        for extra in self.extra:
            if first_day <= extra.date <= last_day:
                found.add(_occurrence(extra.date, extra.start, extra.end))
        return sorted(
            (o for o in found if o.end > after and o.start < until), key=lambda o: o.start
        )

    def next_occurrences(self, now, count=5, horizon_days=400):
        """The next `count` openings from `now`, looking at most `horizon_days` ahead (two
        months at a time: most ibasho open within the first)."""
        found, start, horizon = [], now, now + dt.timedelta(days=horizon_days)
        while len(found) < count and start < horizon:
            end = min(start + dt.timedelta(days=62), horizon)
            found += [o for o in self.occurrences(start, end) if o not in found]
            start = end
        return found[:count]

    def is_open_between(self, after, until):
        return bool(self.occurrences(after, until))


def _occurrence(day, start, end):
    begins = dt.datetime.combine(day, start, tzinfo=TOKYO)
    ends = dt.datetime.combine(day, end, tzinfo=TOKYO)
    if ends <= begins:  # an evening opening that ends after midnight
        ends += dt.timedelta(days=1)
    return Occurrence(begins, ends)


def parse_weeks(text):
    """「2,4」「2・4」「L」「最終」 as typed in the admin → (2, 4) / (LAST,). Raises ValueError."""
    text = unicodedata.normalize("NFKC", text or "")
    for separator in "・、 /":
        text = text.replace(separator, ",")
    weeks = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        if part.lower() in {"l", "last", "最終", "-1"}:
            weeks.append(LAST)
        elif part.isdigit() and 1 <= int(part) <= 5:
            weeks.append(int(part))
        else:
            raise ValueError(part)
    return tuple(sorted(set(weeks), key=lambda w: (w == LAST, w)))
