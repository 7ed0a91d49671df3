"""The yearly report's 「協賛・協力」 section: sponsorships by kind of support in the 年度 and
the previous one (a sponsorship counts in every year its period meets), and the sponsors by
tier, individuals not named but counted; two queries whatever the number of sponsors."""

from datetime import date

import pytest
from django.utils import translation

from cms.core import yearly
from sponsors.models import Sponsor
from tests.platforms import default_platform, other_platform
from tests.sponsors.conftest import sponsor, sponsorship, tier

pytestmark = pytest.mark.django_db


def section(year=2025):
    scope = yearly.Scope(year, (default_platform().pk,))
    return next(s for s in yearly.sections(scope) if s.key == "sponsors")


def figures(found):
    return {f.label: (f.value, f.previous) for f in found.figures}


@pytest.fixture
def thanked():
    gold, helpers = tier("ゴールド", 10), tier("協力", 30)
    # 2025年度 is 2025-04-01 … 2026-03-31
    sponsorship(sponsor("北信米穀店"), helpers, support="goods", starts_on=date(2025, 4, 1))
    sponsorship(sponsor("JA北信濃"), helpers, support="goods", ends_on=date(2025, 3, 31))
    sponsorship(
        sponsor("ホテル千曲川"),
        gold,
        support="venue",
        starts_on=date(2024, 10, 1),
        ends_on=date(2025, 4, 1),
    )
    sponsorship(sponsor("信州銀行"), gold, support="money")  # open: every year
    sponsorship(sponsor("木島 和子", Sponsor.Kind.INDIVIDUAL), helpers, support="people")
    sponsorship(sponsor("松本 健一", Sponsor.Kind.INDIVIDUAL, named_publicly=True), helpers)
    sponsorship(sponsor("来年度の協賛", Sponsor.Kind.SPONSORSHIP), gold, starts_on=date(2026, 4, 1))
    nagano = other_platform()
    sponsorship(sponsor("よその銀行", platform=nagano), support="goods")


def test_the_section_counts_support_by_kind_this_year_and_last(thanked):
    with translation.override("en"):
        found = figures(section())
    assert found == {
        "Goods provided": (1, 1),
        "Venues provided": (1, 1),
        "People sent": (1, 1),
        "Money given": (1, 1),
    }
    with translation.override("en"):
        assert figures(section(2026))["Goods provided"] == (1, 1)


def test_the_section_lists_the_sponsors_by_tier_individuals_anonymous(thanked):
    with translation.override("ja"):
        found = section()
        assert found.title == "協賛・協力"
    rows = dict(found.tables[0].rows)
    assert list(rows) == ["ゴールド", "協力"]
    assert rows["ゴールド"] == "ホテル千曲川、信州銀行"
    assert rows["協力"] == "北信米穀店、松本 健一、匿名の個人"
    assert "木島" not in str(found.tables) and "よその銀行" not in str(found.tables)
    assert "来年度の協賛" not in str(found.tables)


def test_the_section_costs_two_queries_whatever_the_number_of_sponsors(
    thanked, django_assert_num_queries
):
    from sponsors.yearly import sponsors_section

    scope = yearly.Scope(2025, (default_platform().pk,))
    with django_assert_num_queries(2):
        sponsors_section(scope)
    for n in range(5):
        sponsorship(sponsor(f"協賛{n}"), tier(f"区分{n}", 50 + n), support="goods")
    with django_assert_num_queries(2):
        found = sponsors_section(scope)
    assert len(found.tables[0].rows) == 7
