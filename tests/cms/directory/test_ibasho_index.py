"""The ibasho list: filters, a constant number of queries, the public GeoJSON layer and pages."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.directory.ibasho.models import IbashoPage
from cms.directory.queries import filter_ibasho, ibasho_of
from cms.people.models import Person
from tests.cms.navigator.factories import ibasho, ibasho_index, topic
from tests.platforms import default_platform

pytestmark = pytest.mark.django_db
WED, SAT = 2, 5


def titles(ids):
    return sorted(IbashoPage.objects.filter(pk__in=ids).values_list("title", flat=True))


@pytest.fixture
def places():
    topic("older-people")
    topic("children-youth")
    return [
        ibasho("秋津サロン", area="秋津地区", groups=["older-people"], is_free=False, fee=100),
        ibasho(
            "木島こども食堂",
            kind="children_cafeteria",
            area="木島地区",
            groups=["children-youth"],
            rules=[(SAT, "2,4", "11:00", "14:00")],
        ),
        ibasho("だれでも食堂", kind="cafeteria_for_all", area="木島地区", rules=[]),
    ]


def test_filters_by_area_kind_group_day_and_free(places):
    index = ibasho_index()
    assert titles(filter_ibasho(ibasho_of(index), {"area": "木島地区"})) == [
        "だれでも食堂",
        "木島こども食堂",
    ]
    assert titles(filter_ibasho(ibasho_of(index), {"kind": "children_cafeteria"})) == [
        "木島こども食堂"
    ]
    assert titles(filter_ibasho(ibasho_of(index), {"group": "older-people"})) == ["秋津サロン"]
    assert titles(filter_ibasho(ibasho_of(index), {"day": SAT})) == ["木島こども食堂"]
    assert titles(filter_ibasho(ibasho_of(index), {"free": True})) == [
        "だれでも食堂",
        "木島こども食堂",
    ]


def test_open_in_the_next_seven_days_uses_the_schedule(places):
    index = ibasho_index()
    # Sunday 2026-11-22: the salon opens on Wednesday the 25th, the cafeteria on the 4th
    # Saturday (the 28th); the cafeteria without a schedule never.
    sunday = dt.datetime(2026, 11, 22, 9, tzinfo=timezone.get_default_timezone())
    assert titles(filter_ibasho(ibasho_of(index), {"soon": True}, now=sunday)) == [
        "木島こども食堂",
        "秋津サロン",
    ]
    # From Sunday the 29th: the next cafeteria day is 12 December.
    assert titles(
        filter_ibasho(ibasho_of(index), {"soon": True}, now=sunday + dt.timedelta(days=7))
    ) == ["秋津サロン"]


def test_the_list_page_filters_by_get_and_works_without_javascript(client, places):
    response = client.get("/ja/ibasho/", {"area": "木島地区", "free": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "木島こども食堂" in html and "だれでも食堂" in html and "秋津サロン" not in html
    assert '<form class="filters" method="get"' in html


def test_an_unknown_filter_value_shows_everything_rather_than_failing(client, places):
    response = client.get("/ja/ibasho/", {"day": "九", "area": "<script>"})
    assert response.status_code == 200
    assert "秋津サロン" in response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_page_needs_the_same_number_of_queries_for_3_or_13_ibasho(client, places):
    client.get("/ja/ibasho/")  # warm the site and locale caches
    few = count_queries(client, "/ja/ibasho/?soon=on")
    for number in range(10):
        ibasho(f"サロン{number}", groups=["older-people"], area="秋津地区")
    # A publication changes the frame and the filter's choices, read again once.
    client.get("/ja/ibasho/")
    assert count_queries(client, "/ja/ibasho/?soon=on") == few


def test_geojson_carries_public_fields_only(client, places):
    person = Person.objects.create(
        platform=default_platform(),
        name="山田花子",
        email="hanako@example.jp",
        phone="090-0000-0000",
    )
    ibasho(
        "常盤カフェ",
        area="常盤地区",
        latitude="36.868200",
        longitude="138.384400",
        contact_person=person,
        internal_note="鍵は隣家に預けてある",
    )
    response = client.get("/ja/ibasho/geojson/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.content.decode()
    data = json.loads(body)
    [feature] = data["features"]
    assert feature["geometry"]["coordinates"] == [138.3844, 36.8682]
    assert set(feature["properties"]) == {"title", "kind", "area", "address", "free", "url"}
    for private in ("山田花子", "hanako", "090-0000-0000", "鍵は隣家"):
        assert private not in body


def test_the_page_shows_next_dates_and_no_private_contact(client, places):
    person = Person.objects.create(
        platform=default_platform(), name="山田花子", email="hanako@example.jp"
    )
    page = ibasho(
        "外様サロン",
        rules=[(4, "L", "10:00", "12:00")],
        contact_person=person,
        internal_note="非公開メモ",
        contact_phone="0269-00-2001",
    )
    html = client.get(page.url).content.decode()
    assert "<time datetime=" in html
    assert "0269-00-2001" in html
    assert "山田花子" not in html and "非公開メモ" not in html


def test_a_rule_with_nonsense_weeks_is_refused_with_a_message():
    from django.core.exceptions import ValidationError

    from cms.directory.ibasho.models import IbashoScheduleRule

    rule = IbashoScheduleRule(
        weekday=WED, weeks="第6", start_time=dt.time(10), end_time=dt.time(12)
    )
    with pytest.raises(ValidationError) as error:
        rule.clean()
    assert "weeks" in error.value.message_dict
    rule.weeks = "２・４"
    rule.clean()
    assert rule.weeks == "2,4"


def test_the_schedule_reads_as_weekday_and_weeks(places):
    salon = places[1]
    assert [rule.describe() for rule in salon.schedule_rules.all()] != []
    assert salon.schedule.rules[0].as_rrule() == {"FREQ": "MONTHLY", "BYDAY": ["2SA", "4SA"]}


def test_the_list_is_paginated_keeping_the_filters(client, places, monkeypatch):
    monkeypatch.setattr("cms.directory.ibasho.views.PER_PAGE", 1)
    first = client.get("/ja/ibasho/", {"area": "木島地区"}).content.decode()
    assert "page=2" in first and "area=%E6%9C%A8" in first
    second = client.get("/ja/ibasho/", {"area": "木島地区", "page": 2}).content.decode()
    shown = [name for name in ("だれでも食堂", "木島こども食堂") if f">{name}</a>" in second]
    assert len(shown) == 1 and "秋津サロン" not in second
