"""When a consultation window answers (issue 21): its weekly rows of hours read as minutes of
the week in Tokyo time, so that "open now", today's hours and the next opening or closing are
plain arithmetic, with no query of their own (the rows are prefetched: `opening_hours`).

A row closing at or before its opening time closes the next day (22:00–翌6:00). Public holidays
are not known to the site yet (no holiday calendar in the project): a window "closed on public
holidays" is read on a holiday as on any other day of its week, and says so in words."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext

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


def minute_of_week(at):
    local = timezone.localtime(at, TOKYO)
    return local.weekday() * DAY + local.hour * 60 + local.minute


def _rows(window):
    return [(row.days, row.opens, row.closes) for row in window.opening_hours.all()]


def is_open(window, at=None):
    """True or False when the window's hours say, None when nobody can tell: no rows, only
    free-text hours. A window open 24 hours is open."""
    if window.is_24h:
        return True
    rows = _rows(window)
    if not rows:
        return None
    minute = minute_of_week(at or timezone.now())
    return any(start <= minute < end for row in rows for start, end in intervals(*row))


def next_change(rows, now):
    """The next moment after `now` at which any of the rows opens or closes (None: no rows)."""
    minute = minute_of_week(now)
    ahead = [
        (edge - minute) % WEEK or WEEK for row in rows for span in intervals(*row) for edge in span
    ]
    if not ahead:
        return None
    local = timezone.localtime(now, TOKYO).replace(second=0, microsecond=0)
    return local + dt.timedelta(minutes=min(ahead))


def today(window, at=None):
    """The window's hours of the day of `at` in Tokyo, in words (「8:30–17:15」「22:00–翌6:00」)."""
    weekday = timezone.localtime(at or timezone.now(), TOKYO).weekday()
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
