"""Japanese era dates (和暦), as Japanese readers expect them on reports and certificates:
令和8年, 令和8年12月7日, the fiscal year as 令和7年度 (2025年度), 元年 for the first year of an era.

The eras come from `japanera` (its era table is maintained upstream and carries the next era
when it is proclaimed), never from a table of our own: a hand-kept table breaks silently at the
next era change. Only the modern eras (明治 onwards) are asked for.

Other languages see plain Western years: `era_year`, `era_date` and `fiscal_year_label` give the
Japanese form only when the active language is Japanese; the `*_ja` functions always do."""

from datetime import date, datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from japanera import EraDate, EraType


def _era_of(day):
    """japanera's EraDate for `day` in the general (official) eras."""
    if isinstance(day, datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return EraDate.from_date(day)


def _check_general(era_date):
    if era_date.era is None or era_date.era.era_type is not EraType.GENERAL:
        raise ValueError(f"no official era for {era_date}")
    return era_date


def _year_in_era(era_date):
    """令和8年, 令和元年: the era and the year within it, the first one called 元年."""
    number = era_date.era.calc_relative_year(era_date)
    return f"{era_date.era.kanji}{'元' if number == 1 else number}年"


def era_year_ja(day):
    """The era year of `day` (a date, or an aware datetime read in Tokyo time): 令和8年."""
    return _year_in_era(_check_general(_era_of(day)))


def era_date_ja(day, *, western=False):
    """`day` in full: 令和8年12月7日 (2019-04-30 is 平成31年4月30日, 2019-05-01 令和元年5月1日);
    with `western`, the Western year alongside, as certificates print it: 令和8年（2026年）12月7日."""
    era_date = _check_general(_era_of(day))
    year = _year_in_era(era_date)
    if western:
        year += f"（{era_date.year}年）"
    return f"{year}{era_date.month}月{era_date.day}日"


def fiscal_era_ja(year):
    """The fiscal year (年度) `year` as an era year: 令和7年度. A 年度 is named by the era reigning
    at the end of the calendar year it begins in, as the government does: the year from April
    2019 (when 平成 still reigned) is 令和元年度."""
    return era_year_ja(date(year, 12, 31)) + "度"


def _japanese():
    return (translation.get_language() or "").split("-")[0] == "ja"


def fiscal_year_label(year):
    """令和7年度 (2025年度) in Japanese, "FY2025" in other languages."""
    if year is None:
        return ""
    if _japanese():
        return f"{fiscal_era_ja(year)}（{year}年度）"
    return _("FY%(year)s") % {"year": year}


def era_year(day):
    """令和8年（2026年） in Japanese, 2026 in other languages."""
    if day is None:
        return ""
    if _japanese():
        return f"{era_year_ja(day)}（{_era_of(day).year}年）"
    return str(_era_of(day).year)


def era_date(day):
    """令和8年12月7日 in Japanese, the language's own date format in others."""
    if day is None:
        return ""
    if _japanese():
        return era_date_ja(day)
    plain = _era_of(day)
    return formats.date_format(date(plain.year, plain.month, plain.day), "DATE_FORMAT")
