"""Japan's public holidays (国民の祝日, with 振替休日 and 国民の休日), the one place the site asks
(issue 21: a consultation window "closed on public holidays" is closed on them).

The dates come from python-holidays, whose Japanese calendar is kept upstream (a new holiday or
a moved one, as for the 2020 Olympics, is a dependency update, not a code change); it computes
them locally, with no network. A year's dates are read once per process and kept as a plain,
read-only mapping: no request computes them again, and threads share it safely (python-holidays'
own object grows when asked about another year).

Named `public_holidays` rather than `holidays` so that the library's name is never shadowed."""

import datetime as dt
from functools import lru_cache
from types import MappingProxyType

import holidays


@lru_cache(maxsize=8)
def _of_year(year):
    """{date: the holiday's Japanese name} of `year` (empty outside the library's range)."""
    return MappingProxyType(dict(holidays.country_holidays("JP", years=year, language="ja")))


def _day(day):
    # A datetime is a date too, but never equal to one: asking with a moment would answer
    # "no holiday" every time, silently. The caller turns it into a Tokyo date first.
    if isinstance(day, dt.datetime):
        raise TypeError("Ask with a date in Tokyo, not a moment.")
    return day


def is_public_holiday(day):
    """True when `day` (a date, in Tokyo) is a public holiday in Japan, a 振替休日 or a
    国民の休日 included; Sundays and Saturdays are not, unless they are one of those."""
    day = _day(day)
    return day in _of_year(day.year)


def holiday_name(day):
    """The holiday's name in Japanese (「成人の日」「振替休日」), or "" on another day."""
    day = _day(day)
    return _of_year(day.year).get(day, "")
