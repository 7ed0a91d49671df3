"""Reading what a URL or a raw form field carries: ids, years, months, days, choices and
free text, one parser per kind for every view, filter and feed.

A value arrives as anyone typed or crafted it (`?organiser=٣`, `?month=0001-01`,
`?year=99999`, a NUL byte). Each parser normalises it as the public's input is everywhere
(NFKC: `２０２６` is 2026) and answers either a value the database and the calendar can use,
or None, which the caller treats as "not given": a filter is then not applied, a record asked
for is not found (404). None of them raises, so no parameter can make a 500."""

import re
from datetime import date

from django.utils.http import url_has_allowed_host_and_scheme

from cms.core.text import clean_text, normalise, strip_invisible

#: The years a record of a platform can be about. Wide enough for any real date, narrow
#: enough that a day before or after (a calendar's previous month, a fiscal year's end) and
#: the shift to UTC stay within what `datetime` and the databases accept.
MIN_YEAR, MAX_YEAR = 1900, 2999
#: Ids are 64-bit on every table (BigAutoField) and on SQLite, 32-bit on Wagtail's pages;
#: Django answers an out-of-range lookup on either with no rows, but not one beyond 64 bits.
MAX_ID = 2**63 - 1

_DIGITS = re.compile(r"[0-9]{1,19}")
_MONTH = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})")
_DATE = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,255}")


def parse_int(value, *, minimum=1, maximum=MAX_ID):
    """A whole number written in ASCII or full-width digits, within [minimum, maximum]
    (ids by default). Other digits (٣, ²) are not read as numbers by people either."""
    text = normalise(value) if isinstance(value, str) else ""
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def parse_ints(values, **bounds):
    """The ids among a repeated parameter (`?grant=1&grant=2`), the others dropped."""
    numbers = (parse_int(value, **bounds) for value in values)
    return [number for number in numbers if number is not None]


def parse_year(value):
    """A year between MIN_YEAR and MAX_YEAR."""
    return parse_int(value, minimum=MIN_YEAR, maximum=MAX_YEAR)


def parse_month(value):
    """The first day of the month written "YYYY-MM" (or YYYY/MM)."""
    match = _MONTH.fullmatch(normalise(value) if isinstance(value, str) else "")
    if not match:
        return None
    year, month = parse_year(match[1]), int(match[2])
    return date(year, month, 1) if year and 1 <= month <= 12 else None


def parse_date(value):
    """The day written "YYYY-MM-DD" (or with slashes, as Japanese forms often do)."""
    match = _DATE.fullmatch(normalise(value) if isinstance(value, str) else "")
    if not match or not parse_year(match[1]):
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_choice(value, choices, default=None):
    """One of `choices` (strings), else `default`."""
    text = normalise(value) if isinstance(value, str) else None
    return text if text in choices else default


def parse_slug(value):
    """A slug as Django's SlugField and `<slug:>` converter take it (ASCII letters, digits,
    - and _), so that a link to it can be reversed."""
    text = normalise(value) if isinstance(value, str) else ""
    return text if _SLUG.fullmatch(text) else None


def parse_text(value, max_length=200):
    """Free text to search or filter by: normalised, without control or format characters
    (a NUL is refused by PostgreSQL), at most max_length characters; "" when nothing is left."""
    if not isinstance(value, str):
        return ""
    return clean_text(value)[:max_length]


def parse_local_path(value):
    """A path on this site to go back to (`?next=/admin/…?status=open`): it begins with a
    single slash, has no host, and nothing a Location header cannot carry (a line break), so
    that a redirect to it goes nowhere else and cannot fail."""
    if not isinstance(value, str) or not value.startswith("/") or value != value.strip():
        return None
    if any(char.isspace() for char in value) or strip_invisible(value) != value:
        return None
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=set()) else None
