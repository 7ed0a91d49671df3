"""Food drives under a busy collection week: a drive with 8 wanted foods and 2,000 pledges.
Prints the time and query count of the drive page, the index, the staff page and one pledge;
never fails on time."""

import statistics
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.people.models import Person
from events.fooddrives import services
from events.fooddrives.models import Intake, Pledge, PledgeLine
from tests.fooddrives.conftest import make_drive
from tests.platforms import default_platform
from tests.roles import secretariat

PLEDGES = 2000
ITEMS = [(f"食品{i}", "個", 100_000, "") for i in range(8)]


@pytest.fixture
def busy_drive(db):
    drive = make_drive(items=ITEMS, days=20)
    items = list(drive.items.all())
    point = drive.points.first()
    platform = default_platform()
    people = Person.objects.bulk_create(
        Person(platform=platform, name=f"寄付者{n}", email=f"p{n}@example.jp")
        for n in range(PLEDGES)
    )
    pledges = Pledge.objects.bulk_create(
        Pledge(
            drive=drive,
            person=person,
            point=point,
            drop_off_on=timezone.localdate() + timedelta(days=n % 20),
        )
        for n, person in enumerate(people)
    )
    # Every third pledge brought, through the state machine (in one UPDATE).
    Pledge.objects.filter(pk__in=[p.pk for p in pledges[::3]]).move(
        Pledge.Status.PLEDGED, Pledge.Status.RECEIVED
    )
    PledgeLine.objects.bulk_create(
        PledgeLine(pledge=pledge, item=items[(n + k) % len(items)], quantity=1 + n % 5)
        for n, pledge in enumerate(pledges)
        for k in range(3)
    )
    Intake.objects.bulk_create(
        Intake(
            drive=drive, item=items[n % len(items)], quantity=3, received_on=timezone.localdate()
        )
        for n in range(PLEDGES // 3)
    )
    return drive


def _timed(function, runs=5):
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = function()
            timings.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    return statistics.median(timings), queries, response


def test_bench_food_drive_pages(client, busy_drive):
    from django.urls import reverse

    rows = []
    for label, address in (
        ("drive page", busy_drive.url),
        ("index", busy_drive.get_parent().url),
    ):
        ms, queries, response = _timed(lambda address=address: client.get(address))
        assert response.status_code == 200
        rows.append((label, ms, queries))
    client.force_login(secretariat())
    staff_page = reverse("fooddrives_admin:drive", args=[busy_drive.pk])
    ms, queries, response = _timed(lambda: client.get(staff_page))
    assert response.status_code == 200
    rows.append(("staff page (100 pledges shown)", ms, queries))
    item = busy_drive.items.first()
    point = busy_drive.points.first()
    counter = iter(range(10_000))

    def one_pledge():
        n = next(counter)
        return services.pledge(
            busy_drive,
            point=point,
            drop_off_on=timezone.localdate() + timedelta(days=1),
            lines=[services.Line(item, 2)],
            name="新しい寄付者",
            email=f"new{n}@example.jp",
        )

    ms, queries, _ = _timed(one_pledge)
    rows.append(("one pledge (service)", ms, queries))
    print(f"\nFood drive with {len(ITEMS)} foods and {PLEDGES} pledges")
    for label, ms, queries in rows:
        print(f"  {label:32} {ms:8.1f} ms  {queries:3d} queries")
