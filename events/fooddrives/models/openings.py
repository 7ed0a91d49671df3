"""When a drop-off point is open: the days of the week (stored as the digits of Python's
weekday numbers, Monday 0, in one short column so that the admin shows them as a row of
checkboxes), and the dates it is closed, typed one date or range a line. A date without a
year (「12-29〜01-03」 for 年末年始) is closed every year.

These are the values of one row; `DropOffPoint` uses them to answer "open on this day?" and
to say its openings the Japanese way: 「月〜金 9:00〜17:00」."""

import re
import unicodedata
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

WEEKDAY_CHOICES = [(str(number), name) for number, name in WEEKDAYS_ABBR.items()]

#: The most lines of closed dates one point keeps (one a line is read on every pledge).
MAX_CLOSED_LINES = 50

_FULL = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEARLY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_RANGE = re.compile(r"\s*[~〜]\s*")


class WeekdaysFormField(forms.TypedMultipleChoiceField):
    """Checkboxes, one a day; cleaned to the digits of the days ticked, in week order."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(choices=WEEKDAY_CHOICES, **kwargs)

    def prepare_value(self, value):
        return list(value) if isinstance(value, str) else value

    def clean(self, value):
        return "".join(sorted(set(super().clean(value))))


class WeekdaysField(models.CharField):
    """The days of the week, as the digits of their numbers ("01234": Monday to Friday)."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 7
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return WeekdaysFormField(
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


def _date(year, month, day, line):
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("“%(line)s” is not a date."), code="invalid", params={"line": line}
        ) from None


def _bound(text, line):
    """(year or None, date): a yearly date is kept in the leap year 2000."""
    if match := _FULL.match(text):
        year, month, day = (int(part) for part in match.groups())
        return True, _date(year, month, day, line)
    if match := _YEARLY.match(text):
        month, day = (int(part) for part in match.groups())
        return False, _date(2000, month, day, line)
    raise ValidationError(
        _("“%(line)s” is not a date: write 2026-12-29, or 12-29 for every year."),
        code="invalid",
        params={"line": line},
    )


def parse_closed_dates(text):
    """[(first, last, yearly)] from the typed lines; ValidationError naming the first line
    that cannot be read. Full-width digits and slashes are read as on every form."""
    ranges = []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_CLOSED_LINES:
        raise ValidationError(
            _("At most %(most)s lines."), code="too_many", params={"most": MAX_CLOSED_LINES}
        )
    for line in lines:
        normal = unicodedata.normalize("NFKC", line).replace("/", "-")
        parts = _RANGE.split(normal)
        if len(parts) > 2:
            raise ValidationError(
                _("“%(line)s” is not a date."), code="invalid", params={"line": line}
            )
        bounds = [_bound(part.strip(), line) for part in parts]
        (full, first), (full_last, last) = bounds[0], bounds[-1]
        if full != full_last or (full and last < first):
            raise ValidationError(
                _("“%(line)s”: give the first day, then the last, both with or without a year."),
                code="invalid",
                params={"line": line},
            )
        ranges.append((first, last, not full))
    return ranges


def describe_closed_dates(text):
    """The closed dates as residents read them, one line a date or range, in the active
    language: 「12月29日〜1月3日」 for a yearly range, 「2027年5月3日〜2027年5月5日」 with a
    year, where the public page showed what the editor typed (12-29〜01-03). Lines that
    cannot be read are shown as typed."""
    try:
        ranges = parse_closed_dates(text)
    except ValidationError:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]
    described = []
    for first, last, yearly in ranges:
        style = "MONTH_DAY_FORMAT" if yearly else "DATE_FORMAT"
        first_day, last_day = (formats.date_format(day, style) for day in (first, last))
        if first == last:
            described.append(first_day)
        else:
            # The weekdays' range says "from … to …" in every language already.
            range_of = pgettext("weekday range", "%(first)s–%(last)s")
            described.append(range_of % {"first": first_day, "last": last_day})
    return described


def closed_on(ranges, day):
    """Whether day falls in one of the ranges of parse_closed_dates."""
    for first, last, yearly in ranges:
        if not yearly:
            if first <= day <= last:
                return True
            continue
        key = (day.month, day.day)
        start, end = (first.month, first.day), (last.month, last.day)
        # 12-29〜01-03 runs over the new year.
        if (start <= key <= end) if start <= end else (key >= start or key <= end):
            return True
    return False


def _clock(value):
    return f"{value.hour}:{value.minute:02d}"


def weekdays_label(weekdays):
    """「月〜金」, 「月・水・金」, 「土・日」: three days or more in a row as a range."""
    numbers = sorted(int(digit) for digit in weekdays)
    runs = []
    for number in numbers:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    names = []
    for run in runs:
        if len(run) >= 3:
            names.append(
                pgettext("weekday range", "%(first)s–%(last)s")
                % {"first": WEEKDAYS_ABBR[run[0]], "last": WEEKDAYS_ABBR[run[-1]]}
            )
        else:
            names.extend(str(WEEKDAYS_ABBR[number]) for number in run)
    return pgettext("weekday list", ", ").join(names)


def openings_label(weekdays, opens, closes):
    """「月〜金 9:00〜17:00」; "" without days."""
    if not weekdays:
        return ""
    days = weekdays_label(weekdays)
    if opens and closes:
        return gettext("%(days)s %(opens)s–%(closes)s") % {
            "days": days,
            "opens": _clock(opens),
            "closes": _clock(closes),
        }
    return days
