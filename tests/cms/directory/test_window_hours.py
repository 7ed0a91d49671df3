"""Structured opening hours of consultation windows (issue 21): rows of days and times in Tokyo
time, "open now" from them (a minute before closing open, at closing closed, rows closing after
midnight), evaluated for a list in a fixed number of queries, refused when they overlap, and
the directory's 「受付中」 that the page cache ends at the closing time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.core import freshness
from cms.core.pagecache import HEADER
from cms.directory import queries
from cms.directory.windows import opening
from cms.directory.windows.models import ConsultationWindow, OpeningHours
from cms.navigator import demo_hours
from cms.navigator.demo import WINDOWS
from cms.navigator.demo_nagano import NAGANO_WINDOWS
from tests.cms.navigator.factories import window
from tests.pagecache import warm
from tests.platforms import default_platform

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
URL = "/ja/navigator/windows/"
OFFICE = [("weekdays", "08:30", "17:15")]
NIGHT = [("fri", "22:00", "06:00"), ("sun", "22:00", "06:00")]


def tokyo(day, hour, minute=0):
    """A moment in Tokyo time in the week of Monday 2026-12-07 (day 0: Monday), as UTC."""
    local = dt.datetime(2026, 12, 7 + day, hour, minute, tzinfo=TOKYO)
    return local.astimezone(dt.UTC)


def test_a_minute_before_closing_it_is_open_and_at_closing_closed():
    office = window("市の窓口", opening=OFFICE)
    assert office.is_open(tokyo(0, 8, 29)) is False
    assert office.is_open(tokyo(0, 8, 30)) is True
    assert office.is_open(tokyo(4, 17, 14)) is True
    assert office.is_open(tokyo(4, 17, 15)) is False
    assert office.is_open(tokyo(5, 12)) is False  # Saturday


def test_the_time_is_tokyos_whatever_the_moments_zone():
    office = window("市の窓口", opening=OFFICE)
    # 23:30 UTC on Sunday is 8:30 on Monday in Tokyo; 8:00 UTC on Friday is 17:00 in Tokyo
    assert office.is_open(dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)) is True
    assert office.is_open(dt.datetime(2026, 12, 6, 23, 29, tzinfo=dt.UTC)) is False
    assert office.is_open(dt.datetime(2026, 12, 11, 8, 14, tzinfo=dt.UTC)) is True
    assert office.is_open(dt.datetime(2026, 12, 11, 8, 15, tzinfo=dt.UTC)) is False


def test_a_row_closing_after_midnight_is_open_the_next_morning_and_across_the_week():
    night = window("夜の電話", opening=NIGHT)
    assert night.is_open(tokyo(4, 21, 59)) is False
    assert night.is_open(tokyo(4, 22, 0)) is True
    assert night.is_open(tokyo(5, 5, 59)) is True  # Saturday morning
    assert night.is_open(tokyo(5, 6, 0)) is False
    # Sunday night's row closes on Monday morning: the week wraps
    assert night.is_open(tokyo(0, 5, 59)) is True
    assert night.is_open(tokyo(0, 6, 0)) is False
    assert opening.today(night, tokyo(4, 12)) == ["22:00〜翌06:00"]


def test_free_text_hours_tell_nothing_and_24_hours_is_always_open():
    assert window("相談", hours="平日 9:00〜17:00").is_open(tokyo(0, 10)) is None
    assert window("24時間", is_24h=True).is_open(tokyo(0, 3)) is True


def test_a_row_with_the_same_opening_and_closing_time_is_refused():
    row = OpeningHours(days="daily", opens=dt.time(9), closes=dt.time(9))
    with pytest.raises(ValidationError) as error:
        row.clean()
    assert "closes" in error.value.message_dict


@pytest.mark.parametrize(
    "rows,overlap",
    [
        ([*OFFICE, ("mon", "16:00", "20:00")], True),
        ([*OFFICE, ("sat", "09:00", "12:00")], False),
        ([*OFFICE, ("mon", "17:15", "20:00")], False),  # back to back
        ([("sun", "22:00", "06:00"), ("mon", "05:00", "09:00")], True),  # across the week
        ([("daily", "22:00", "06:00")], False),
    ],
)
def test_overlapping_rows(rows, overlap):
    rows = [(d, dt.time.fromisoformat(o), dt.time.fromisoformat(c)) for d, o, c in rows]
    assert opening.overlapping(rows) is overlap


def _rows_data(rows):
    data = {
        "opening_hours-TOTAL_FORMS": str(len(rows)),
        "opening_hours-INITIAL_FORMS": "0",
        "opening_hours-MIN_NUM_FORMS": "0",
        "opening_hours-MAX_NUM_FORMS": "1000",
    }
    for n, (days, opens, closes) in enumerate(rows):
        data |= {
            f"opening_hours-{n}-days": days,
            f"opening_hours-{n}-opens": opens,
            f"opening_hours-{n}-closes": closes,
            f"opening_hours-{n}-ORDER": str(n + 1),
            f"opening_hours-{n}-id": "",
            f"opening_hours-{n}-DELETE": "",
        }
    return data


def test_the_editor_saves_the_rows_and_refuses_overlapping_or_empty_ones(admin_client):
    add = "/admin/snippets/directory/consultationwindow/add/?locale=ja"
    base = {
        "name": "市の窓口",
        "area_level": "city",
        "sort_order": "0",
        "by_visit": "on",
        "address": "飯山市役所 1階",
        "platform": default_platform().pk,
    }
    response = admin_client.post(add, base | _rows_data([*OFFICE, ("mon", "16:00", "20:00")]))
    assert response.status_code == 200
    assert "受付時間の行が重なっています" in response.content.decode()
    response = admin_client.post(add, base | _rows_data([("daily", "09:00", "09:00")]))
    assert response.status_code == 200
    assert not ConsultationWindow.objects.filter(name="市の窓口").exists()

    # the rows are the counter's hours: no free text needed
    response = admin_client.post(add, base | _rows_data([*OFFICE, ("sat", "09:00", "12:00")]))
    assert response.status_code == 302
    saved = ConsultationWindow.objects.get(name="市の窓口")
    assert [(r.days, f"{r.opens:%H:%M}") for r in saved.opening_hours.all()] == [
        ("weekdays", "08:30"),
        ("sat", "09:00"),
    ]
    assert saved.ways_in == ["visit"]
    edit = admin_client.get(f"/admin/snippets/directory/consultationwindow/edit/{saved.pk}/")
    assert edit.status_code == 200
    assert 'name="opening_hours-1-days"' in edit.content.decode()


def test_open_now_for_a_list_costs_the_same_queries_for_many_windows(
    django_assert_num_queries,
):
    for n in range(12):
        window(f"窓口{n}", opening=OFFICE if n % 2 else NIGHT, sort_order=n)
    window("24時間", is_24h=True)
    with django_assert_num_queries(2):
        found = queries.open_at(ConsultationWindow.objects.all(), tokyo(0, 10))
    names = set(ConsultationWindow.objects.filter(pk__in=found).values_list("name", flat=True))
    assert names == {"24時間", *(f"窓口{n}" for n in range(1, 12, 2))}


def _cards(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.h3.get_text(strip=True): card.select_one(".window-open").get_text(" ", strip=True)
        for card in soup.select(".card-list .card")
        if card.select_one(".window-open")
    }


def test_the_directory_filters_open_now_and_shows_each_cards_state(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: tokyo(1, 10))  # Tuesday 10:00
    window("市の窓口", opening=OFFICE)
    window("夜の電話", opening=NIGHT)
    window("よりそいホットライン", is_24h=True)
    window("心配ごと相談", hours="毎週水曜")

    cards = _cards(client.get(URL))
    assert cards["市の窓口"].startswith("受付中") and "今日 08:30–17:15" in cards["市の窓口"]
    assert cards["夜の電話"].startswith("受付時間外") and "今日はお休み" in cards["夜の電話"]
    assert cards["よりそいホットライン"] == "受付中"
    assert "心配ごと相談" not in cards  # free text only: nothing claimed

    assert set(_cards(client.get(URL + "?open_now=on"))) == {"市の窓口", "よりそいホットライン"}
    # full-width as typed on a phone
    assert set(_cards(client.get(URL + "?open_now=ｏｎ"))) == {"市の窓口", "よりそいホットライン"}


def test_a_bad_open_now_value_is_reported_and_the_other_filters_still_apply(client):
    window("市の窓口", opening=OFFICE, is_free=False)
    window("無料の電話", opening=OFFICE)
    response = client.get(URL + "?open_now=maybe&free=on")
    assert response.status_code == 200
    html = response.content.decode()
    assert "チェックを入れるか、空のままにしてください。" in html
    soup = BeautifulSoup(html, "html.parser")
    assert [h3.get_text(strip=True) for h3 in soup.select(".card-list .card h3")] == ["無料の電話"]


def test_the_cached_directory_turns_closed_at_the_closing_time(client, monkeypatch):
    now = tokyo(0, 17, 10)
    monkeypatch.setattr(timezone, "now", lambda: now)
    window("市の窓口", opening=OFFICE)
    closing = tokyo(0, 17, 15)
    assert freshness.next_change_by_clock(now, default_platform().site) == closing

    assert "受付中" in _cards(warm(client, URL))["市の窓口"]
    now = tokyo(0, 17, 14)
    assert client.get(URL)[HEADER] == "hit"
    now = closing
    response = client.get(URL)
    assert response[HEADER] == "miss"
    assert _cards(response)["市の窓口"].startswith("受付時間外")


def test_a_nationwide_lines_hours_end_every_platforms_pages():
    window("国の電話", opening=[("daily", "10:00", "22:00")], nationwide=True)
    window("市の窓口", opening=OFFICE)
    found = queries.next_opening_or_closing(tokyo(0, 9))
    assert found == {None: tokyo(0, 10), default_platform().pk: tokyo(0, 17, 15)}


def test_the_demo_hours_name_demo_windows_and_do_not_overlap():
    names = {spec[0] for spec in [*WINDOWS, *NAGANO_WINDOWS]}
    assert set(demo_hours.HOURS) <= names
    for name in demo_hours.HOURS:
        rows = [(r.days, r.opens, r.closes) for r in demo_hours.rows(name)]
        assert rows and not opening.overlapping(rows), name
