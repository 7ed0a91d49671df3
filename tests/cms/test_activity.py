"""The public "our activity" figures (issue 19): events, participants, supporters trained and
food collected of this 年度 and the last, for the platform of the site, as a block any page can
hold; no personal data, cached, and fresh on the next request after a write."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from wagtail.models import Locale, Site

from cms.core import activity
from cms.core.demo_helpers import upsert_translation
from cms.core.fiscal import fiscal_year
from cms.core.models import PlatformSettings
from cms.home.models import StandardPage
from cms.home.services import ensure_site
from events.fooddrives import services as food
from tests.cms.reports.test_yearly_report import held_event
from tests.fooddrives.conftest import item, make_drive
from tests.pagecache import assert_shows_the_change, warm
from tests.platforms import default_platform

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def year_now():
    return fiscal_year(timezone.localdate())


def start_of(year):
    return datetime(year, 4, 2, 10, 0, tzinfo=TOKYO)


def activity_page():
    page = StandardPage(
        title="活動実績",
        slug="activity",
        body=[("activity_figures", {"heading": ""})],
    )
    ensure_site().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def figures(db):
    """This 年度: an event with 3 who came, 12 kg of rice; last 年度: one with 2, 5 kg."""
    year = year_now()
    held_event("今年度の交流会", start_of(year), people=3)
    held_event("前年度の交流会", start_of(year - 1), people=2)
    drive = make_drive()
    rice = item(drive, "お米")
    food.record_intake(drive, item=rice, quantity=12, received_on=start_of(year).date())
    food.record_intake(drive, item=rice, quantity=5, received_on=start_of(year - 1).date())
    return drive


def by_key(lines):
    return {line.key: (line.this, line.previous) for line in lines}


def test_headline_figures_of_this_year_and_the_last_come_from_the_yearly_sections(figures):
    with translation.override("en"):
        this, previous, lines = activity.headlines(default_platform())
    year = year_now()
    assert (this, previous) == (f"FY{year}", f"FY{year - 1}")
    found = by_key(lines)
    assert found["events_held"] == ("1 events", "1 events")
    assert found["participants"] == ("3 people", "2 people")
    assert found["supporters_trained"] == ("0 people", "0 people")
    assert found["food_received"] == ("12 kg", "5 kg")


def test_food_is_summed_per_unit_and_numbers_are_grouped_per_language(figures):
    canned = item(figures, "缶詰")
    food.record_intake(figures, item=canned, quantity=1500, received_on=start_of(year_now()).date())
    with translation.override("en"):
        _this, _previous, lines = activity.headlines(default_platform())
    assert by_key(lines)["food_received"][0] == "1,500 個・12 kg"
    with translation.override("pt-br"):
        _this, _previous, lines = activity.headlines(default_platform())
    assert by_key(lines)["food_received"][0] == "1.500 個・12 kg"


def test_a_platform_with_nothing_yet_shows_zeros_not_nothing(db):
    with translation.override("en"):
        _this, _previous, lines = activity.headlines(default_platform())
    assert by_key(lines)["food_received"] == ("0", "0")
    assert by_key(lines)["events_held"] == ("0 events", "0 events")


def test_the_page_shows_the_era_year_and_no_names_in_a_fixed_number_of_queries(
    figures, django_assert_max_num_queries, settings
):
    page = activity_page()
    client = Client()
    with translation.override("ja"):
        url = page.url
    settings.PAGE_CACHE = False
    Client().get(url)  # the first render writes the site's settings row and keeps the figures
    # Within a public page's budget (tests/test_query_budgets.py): the figures (every yearly
    # section, some sixty queries) are kept under the site's version, even with no page cache.
    with django_assert_max_num_queries(12) as counted:
        html = client.get(url).content.decode()
    fixed = len(counted)
    year = year_now()
    assert "今年度の交流会" not in html  # the block shows counts, not events
    assert "参加 0" not in html and "p0@ex.jp" not in html
    assert "活動実績" in html
    assert f"（{year}年度）" in html and "令和" in html
    assert "12 kg" in html

    # as many queries with ten times the rows
    for n in range(10):
        held_event(f"交流会{n}", start_of(year) + timedelta(days=n + 1), people=2)
    client.get(url)  # the writes moved the version: the figures are counted again, and kept
    with django_assert_max_num_queries(fixed):
        client.get(url)


@pytest.mark.parametrize("language", ["en", "vi", "ne"])
def test_the_page_works_in_every_language_with_its_number_format(figures, language):
    page = activity_page()
    for code in ("en", "vi", "ne"):
        Locale.objects.get_or_create(language_code=code)
    PlatformSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"languages": [code for code, _name in settings.LANGUAGES]},
    )
    upsert_translation(page, Locale.objects.get(language_code=language), title="Activity")
    canned = item(figures, "缶詰")
    food.record_intake(figures, item=canned, quantity=1500, received_on=start_of(year_now()).date())
    response = Client().get(f"/{language}/activity/")
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        expected = activity.headlines(default_platform())[2]
        year = activity.headlines(default_platform())[0]
    assert year in html and "令和" not in html
    assert by_key(expected)["food_received"][0] in html
    if language == "en":
        assert "1,500 個" in html


def test_the_cached_page_counts_a_new_intake_on_the_next_request(figures):
    page = activity_page()
    client = Client()
    url = "/ja/activity/"
    before = warm(client, url)
    assert "12 kg" in before.content.decode()
    rice = item(figures, "お米")
    food.record_intake(figures, item=rice, quantity=30, received_on=start_of(year_now()).date())
    served = assert_shows_the_change(client, url, before)
    assert "42 kg" in served.content.decode()
    assert page.live
