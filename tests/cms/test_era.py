"""Japanese era dates: the era changes at midnight, the first year is 元年, a 年度 is named by
the era at the end of the calendar year it begins in, other languages read Western years."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from cms.core import era


def test_the_era_changes_between_30_april_and_1_may_2019():
    assert era.era_date_ja(date(2019, 4, 30)) == "平成31年4月30日"
    assert era.era_date_ja(date(2019, 5, 1)) == "令和元年5月1日"
    assert era.era_year_ja(date(2019, 4, 30)) == "平成31年"
    assert era.era_year_ja(date(2019, 5, 1)) == "令和元年"


def test_the_first_year_of_an_era_is_gannen():
    assert era.era_year_ja(date(1989, 1, 8)) == "平成元年"
    assert era.era_year_ja(date(1989, 1, 7)) == "昭和64年"
    assert era.era_year_ja(date(2020, 1, 1)) == "令和2年"


def test_today_and_full_dates():
    assert era.era_year_ja(date(2026, 12, 7)) == "令和8年"
    assert era.era_date_ja(date(2026, 12, 7)) == "令和8年12月7日"
    assert era.era_date_ja(date(2026, 12, 7), western=True) == "令和8年（2026年）12月7日"


def test_an_aware_datetime_is_read_in_tokyo_time():
    # 2019-04-30 15:00 UTC is already 1 May in Tokyo: 令和.
    moment = datetime(2019, 4, 30, 15, 0, tzinfo=UTC)
    assert era.era_date_ja(moment) == "令和元年5月1日"


def test_the_fiscal_year_is_named_by_the_era_at_the_end_of_its_first_calendar_year():
    assert era.fiscal_era_ja(2025) == "令和7年度"
    assert era.fiscal_era_ja(2019) == "令和元年度"  # began on 1 April 2019 under 平成
    assert era.fiscal_era_ja(2018) == "平成30年度"
    assert era.fiscal_era_ja(1989) == "平成元年度"


def test_labels_follow_the_language():
    with translation.override("ja"):
        assert era.fiscal_year_label(2025) == "令和7年度（2025年度）"
        assert era.era_year(date(2026, 1, 5)) == "令和8年（2026年）"
        assert era.era_date(date(2026, 12, 7)) == "令和8年12月7日"
    with translation.override("en"):
        assert era.fiscal_year_label(2025) == "FY2025"
        assert era.era_year(date(2026, 1, 5)) == "2026"
        assert "令和" not in era.era_date(date(2026, 12, 7))
        assert "2026" in era.era_date(date(2026, 12, 7))


def test_nothing_in_gives_nothing_out():
    assert era.fiscal_year_label(None) == era.era_year(None) == era.era_date(None) == ""


@pytest.mark.parametrize(
    "language, expected",
    [("ja", "令和7年度（2025年度） 令和8年12月7日"), ("en", "FY2025 Dec. 7, 2026")],
)
def test_template_filters(language, expected):
    template = Template("{% load era %}{{ year|fiscal_year_label }} {{ day|era_date }}")
    with translation.override(language):
        text = template.render(Context({"year": 2025, "day": date(2026, 12, 7)}))
    assert text == expected
