"""When a consultation window answers (issue 21): its weekly rows of hours in Tokyo time, so
that "open now", today's hours and the next opening or closing are plain arithmetic, with no
query of their own (the rows are prefetched: `opening_hours`).

A row closing at or before its opening time closes the next day (22:00–翌6:00). A window
"closed on public holidays" does not open on a Japanese public holiday (振替休日 and 国民の休日
included: cms.core.public_holidays): none of its rows of that day apply. A row belongs to the
day it opens: the eve's night line (22:00–翌6:00) still answers until 6:00 on the holiday, as
the person on the phone is not cut off at midnight, and the holiday's own night row does not
open. A window open 24 hours stays open (its editor said so); 年末年始 is not known (no field).

Rows are (days, opens, closes, closed_on_holidays): the window's flag rides with each row, so
that a platform's rows of many windows are one list (`next_change`)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext

from cms.core.public_holidays import is_public_holiday

TOKYO = ZoneInfo("Asia/Tokyo")
DAY = 24 * 60
WEEK = 7 * DAY

# The days a row applies to: one day of the week, or a usual group of them.
DAY_SETS = {
    "daily": range(7),
    "weekdays": range(5),
    "weekends": (5, 6),
    "mon": (0,),
    "tue": (1,),
    "wed": (2,),
    "thu": (3,),
    "fri": (4,),
    "sat": (5,),
    "sun": (6,),
}


def _minutes(time):
    return time.hour * 60 + time.minute


def intervals(days, opens, closes):
    """The row's spans as (start, end) minutes of the week (Monday 0:00 is 0), an end past the
    week's wrapping to its start."""
    start, end = _minutes(opens), _minutes(closes)
    if end <= start:
        end += DAY
    spans = []
    for day in DAY_SETS.get(days, ()):
        first, last = day * DAY + start, day * DAY + end
        if last > WEEK:
            spans += [(first, WEEK), (0, last - WEEK)]
        else:
            spans.append((first, last))
    return spans


def overlapping(rows):
    """Whether any two of the rows ((days, opens, closes)) share a minute."""
    spans = [
        (start, end, index) for index, row in enumerate(rows) for start, end in intervals(*row)
    ]
    return any(a[2] < b[2] and a[0] < b[1] and b[0] < a[1] for a in spans for b in spans)


def _rows(window):
    closed = window.closed_on_holidays
    return [(row.days, row.opens, row.closes, closed) for row in window.opening_hours.all()]


def _local_date(at):
    return timezone.localtime(at, TOKYO).date()


def closed_for_holiday(window, at=None):
    """True when the window does not open today (the day of `at` in Tokyo) because it is a
    public holiday and the window is closed on them: its card says so instead of the hours."""
    return window.closed_on_holidays and is_public_holiday(_local_date(at or timezone.now()))


def dated_spans(rows, first, last):
    """(opening, closing) moments, in Tokyo, of the rows' spans that open on the days from
    `first` to `last` (dates, both included), but not on a public holiday for a row of a
    window closed on them."""
    day = first
    while day <= last:
        holiday = is_public_holiday(day)
        for days, opens, closes, closed_on_holidays in rows:
            if day.weekday() not in DAY_SETS.get(days, ()) or (holiday and closed_on_holidays):
                continue
            ends_on = day if closes > opens else day + dt.timedelta(days=1)
            yield (
                dt.datetime.combine(day, opens, tzinfo=TOKYO),
                dt.datetime.combine(ends_on, closes, tzinfo=TOKYO),
            )
        day += dt.timedelta(days=1)


def open_by_rows(rows, at):
    """Whether one of the rows is open at `at`: a span of the day or of the day before (a
    night row) holds it, a minute before closing open, at closing closed."""
    day = _local_date(at)
    return any(
        start <= at < end for start, end in dated_spans(rows, day - dt.timedelta(days=1), day)
    )


def is_open(window, at=None):
    """True or False when the window's hours say, None when nobody can tell: no rows, only
    free-text hours. A window open 24 hours is open."""
    if window.is_24h:
        return True
    rows = _rows(window)
    if not rows:
        return None
    return open_by_rows(rows, at or timezone.now())


# How far `next_change` looks: runs of holidays are short (Golden Week), but a row of one day
# of the week (月曜 only) may fall on holidays several weeks running; only rows whose every
# day in a year is a holiday (none in any calendar) find nothing.
_LOOK_AHEAD_DAYS = 366


def next_change(rows, now):
    """The next moment after `now` at which any of the rows opens or closes (None: no rows),
    the openings and closings of a holiday's rows of windows closed on holidays skipped: the
    cached directory flips at the next working day's opening, not at a holiday's 9:00."""
    day = _local_date(now) - dt.timedelta(days=1)
    last = day + dt.timedelta(days=_LOOK_AHEAD_DAYS)
    found = None
    while day <= last and rows:
        # A span opening on `day` has both its edges at or after the day's midnight: once
        # that midnight is past the earliest edge found, no later day can give an earlier one.
        if found is not None and dt.datetime.combine(day, dt.time(), tzinfo=TOKYO) >= found:
            break
        edges = [edge for span in dated_spans(rows, day, day) for edge in span if edge > now]
        if edges:
            found = min([found, *edges] if found else edges)
        day += dt.timedelta(days=1)
    return found


def today(window, at=None):
    """The window's hours of the day of `at` in Tokyo, in words (「8:30–17:15」「22:00–翌6:00」):
    none on a public holiday for a window closed on them (`closed_for_holiday` says why)."""
    at = at or timezone.now()
    if closed_for_holiday(window, at):
        return []
    weekday = timezone.localtime(at, TOKYO).weekday()
    return [
        describe(row.opens, row.closes)
        for row in window.opening_hours.all()
        if weekday in DAY_SETS.get(row.days, ())
    ]


def describe(opens, closes):
    if closes <= opens:
        return gettext("%(opens)s–%(closes)s the next day") % {
            "opens": f"{opens:%H:%M}",
            "closes": f"{closes:%H:%M}",
        }
    return f"{opens:%H:%M}–{closes:%H:%M}"
