"""Japan's public holidays in the windows' opening hours (issue 21): a window "closed on public
holidays" does not open on a 祝日, a 振替休日 or a 国民の休日 (Tokyo's date), its card says
「本日は祝日のため休み」, the directory's "open now" and the navigator's ranking leave it out,
and the cached directory does not flip at the holiday's 9:00 but at the next working day's."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cms.core import freshness
from cms.core.pagecache import HEADER
from cms.core.public_holidays import holiday_name, is_public_holiday
from cms.directory import queries
from cms.directory.windows import opening
from cms.directory.windows.models import ConsultationWindow
from cms.navigator.ranking import open_now
from tests.cms.navigator.factories import window
from tests.pagecache import warm
from tests.platforms import default_platform

TOKYO = ZoneInfo("Asia/Tokyo")
URL = "/ja/navigator/windows/"
OFFICE = [("weekdays", "09:00", "17:00")]
HOLIDAY_NOTE = "本日は祝日のため休み"


def tokyo(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO).astimezone(dt.UTC)


# 2027-01-11 is a Monday, 成人の日; 2026-05-06 a Wednesday, the 振替休日 of 憲法記念日 (a
# Sunday); 2026-09-22 a Tuesday, a 国民の休日 between 敬老の日 and 秋分の日.
COMING_OF_AGE = dt.date(2027, 1, 11)
SUBSTITUTE = dt.date(2026, 5, 6)
CITIZENS = dt.date(2026, 9, 22)


@pytest.mark.parametrize(
    "day,name",
    [
        (COMING_OF_AGE, "成人の日"),
        (SUBSTITUTE, "振替休日"),
        (CITIZENS, "国民の休日"),
        (dt.date(2027, 1, 12), ""),  # a Tuesday
        (dt.date(2026, 12, 12), ""),  # a Saturday is no holiday
        (dt.date(1900, 1, 1), ""),  # before the law: no dates, no error
    ],
)
def test_the_public_holidays_of_japan(day, name):
    assert is_public_holiday(day) is bool(name)
    assert holiday_name(day) == name


def test_asking_with_a_moment_rather_than_a_date_is_an_error_not_a_silent_no():
    with pytest.raises(TypeError):
        is_public_holiday(dt.datetime(2027, 1, 11, 10, tzinfo=TOKYO))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "at,closed_on_holidays,expected",
    [
        (tokyo(2027, 1, 11, 10), True, False),  # 成人の日
        (tokyo(2026, 5, 6, 10), True, False),  # 振替休日
        (tokyo(2026, 9, 22, 10), True, False),  # 国民の休日
        (tokyo(2027, 1, 12, 10), True, True),  # the next working day
        (tokyo(2026, 5, 7, 10), True, True),
        (tokyo(2027, 1, 11, 10), False, True),  # not closed on holidays: open as any Monday
        (tokyo(2026, 5, 6, 10), False, True),
    ],
)
def test_a_window_closed_on_holidays_is_closed_all_day_on_one(at, closed_on_holidays, expected):
    office = window("市の窓口", opening=OFFICE, closed_on_holidays=closed_on_holidays)
    assert office.is_open(at) is expected
    assert open_now(office, at) is expected  # the navigator's ranking
    found = queries.open_at(ConsultationWindow.objects.all(), at)
    assert (office.pk in found) is expected
    assert opening.closed_for_holiday(office, at) is (not expected)
    assert opening.today(office, at) == ([] if not expected else ["09:00–17:00"])


@pytest.mark.django_db
def test_the_eves_night_row_answers_until_morning_and_the_holidays_own_does_not_open():
    night = window(
        "夜の電話",
        opening=[("daily", "22:00", "06:00")],
        closed_on_holidays=True,
    )
    assert night.is_open(tokyo(2027, 1, 10, 23)) is True  # Sunday night, the eve
    assert night.is_open(tokyo(2027, 1, 11, 5, 59)) is True  # the eve's row, on the holiday
    assert night.is_open(tokyo(2027, 1, 11, 6)) is False
    assert night.is_open(tokyo(2027, 1, 11, 23)) is False  # the holiday's row
    assert night.is_open(tokyo(2027, 1, 12, 3)) is False
    assert night.is_open(tokyo(2027, 1, 12, 22)) is True


@pytest.mark.django_db
def test_the_next_moment_skips_the_holidays_opening_to_the_next_working_days():
    window("市の窓口", opening=OFFICE, closed_on_holidays=True)
    platform = default_platform().pk
    # on the holiday itself, before and after its 9:00
    for at in (tokyo(2027, 1, 11, 8), tokyo(2027, 1, 11, 10)):
        assert queries.next_opening_or_closing(at) == {platform: tokyo(2027, 1, 12, 9)}
    # from Friday's closing, over the weekend and the Monday holiday
    assert queries.next_opening_or_closing(tokyo(2027, 1, 8, 17)) == {
        platform: tokyo(2027, 1, 12, 9)
    }
    # Golden Week 2026: 5/2–5/6 closed (weekend, 憲法記念日, みどりの日, こどもの日, 振替休日)
    assert queries.next_opening_or_closing(tokyo(2026, 5, 1, 17)) == {
        platform: tokyo(2026, 5, 7, 9)
    }


@pytest.mark.django_db
def test_a_window_not_closed_on_holidays_keeps_its_holiday_moments():
    window("県の窓口", opening=OFFICE)
    found = queries.next_opening_or_closing(tokyo(2027, 1, 11, 8))
    assert found == {default_platform().pk: tokyo(2027, 1, 11, 9)}


def test_next_change_with_no_rows_or_rows_never_opening_is_none():
    assert opening.next_change([], tokyo(2027, 1, 11, 8)) is None
    never = [("mon", dt.time(9), dt.time(17), True)]
    # a Monday row: 2027-01-11 is a holiday, the next Monday is not
    assert opening.next_change(never, tokyo(2027, 1, 11, 8)) == tokyo(2027, 1, 18, 9)


def _cards(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.h3.get_text(strip=True): card.select_one(".window-open").get_text(" ", strip=True)
        for card in soup.select(".card-list .card")
        if card.select_one(".window-open")
    }


@pytest.mark.django_db
def test_the_directory_on_a_holiday_says_why_and_filters_open_now(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: tokyo(2027, 1, 11, 10))
    city = window("市の窓口", opening=OFFICE, closed_on_holidays=True)
    window("県の窓口", opening=OFFICE)
    window("よりそいホットライン", is_24h=True, closed_on_holidays=True)

    cards = _cards(client.get(URL))
    assert cards["市の窓口"].startswith("受付時間外") and HOLIDAY_NOTE in cards["市の窓口"]
    assert "今日 09:00" not in cards["市の窓口"]
    assert cards["県の窓口"].startswith("受付中") and HOLIDAY_NOTE not in cards["県の窓口"]
    assert cards["よりそいホットライン"] == "受付中"  # open 24 hours stays open
    assert set(_cards(client.get(URL + "?open_now=on"))) == {"県の窓口", "よりそいホットライン"}

    page = client.get(f"/ja/navigator/windows/{city.pk}/").content.decode()
    assert HOLIDAY_NOTE in page
    english = client.get(f"/en/navigator/windows/{city.pk}/").content.decode()
    assert "Closed today for the public holiday" in english


@pytest.mark.django_db
def test_the_directory_on_a_working_day_shows_the_hours_not_the_holiday(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: tokyo(2027, 1, 12, 10))
    window("市の窓口", opening=OFFICE, closed_on_holidays=True)
    card = _cards(client.get(URL))["市の窓口"]
    assert card.startswith("受付中") and "今日 09:00–17:00" in card and HOLIDAY_NOTE not in card


@pytest.mark.django_db
def test_the_cached_directory_does_not_flip_at_a_holidays_opening(client, monkeypatch):
    now = tokyo(2027, 1, 11, 8, 58)
    monkeypatch.setattr(timezone, "now", lambda: now)
    window("市の窓口", opening=OFFICE, closed_on_holidays=True)
    midnight = tokyo(2027, 1, 12, 0)
    assert freshness.next_change_by_clock(now, default_platform().site) == midnight

    assert _cards(warm(client, URL))["市の窓口"].startswith("受付時間外")
    now = tokyo(2027, 1, 11, 9, 2)
    response = client.get(URL)
    assert response[HEADER] == "hit"
    assert HOLIDAY_NOTE in _cards(response)["市の窓口"]
    # the next morning's opening ends the next day's cached page, as on any day
    now = tokyo(2027, 1, 12, 8, 55)
    assert freshness.next_change_by_clock(now, default_platform().site) == tokyo(2027, 1, 12, 9)
