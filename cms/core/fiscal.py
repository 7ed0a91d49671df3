"""The Japanese fiscal year (年度, April to March) that every yearly report to the prefecture
and the government counts in."""

from datetime import date, datetime, time

from django.utils import timezone

from cms.core.params import parse_year


def fiscal_year(day):
    """The 年度 a day belongs to: 2026-03-31 is in 2025, 2026-04-01 in 2026."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year):
    """[start, end) of 年度 `year` as aware datetimes in Tokyo time."""
    start = timezone.make_aware(datetime.combine(date(year, 4, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 4, 1), time.min))
    return start, end


def requested_year(request):
    """The 年度 asked for in ?year=, this 年度 when it is missing or not a year."""
    return parse_year(request.GET.get("year")) or fiscal_year(timezone.localdate())
