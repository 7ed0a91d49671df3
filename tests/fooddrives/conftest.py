"""Food drives to pledge to: an index under the home page and drives with wanted items and
drop-off points, published as an editor would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.home.services import ensure_site
from events.fooddrives.models import DropOffPoint, FoodDriveIndexPage, FoodDrivePage, WantedItem
from tests.events.conftest import run  # noqa: F401  (the fixture, shared)

ITEMS = [
    ("お米", "kg", 120, "精米・玄米どちらでも"),
    ("缶詰", "個", 200, ""),
    ("乾麺", "袋", None, ""),
]
POINTS = [
    ("飯山市社会福祉協議会", "長野県飯山市大字飯山1110-1", "平日 9:00〜17:00"),
    ("木島公民館", "長野県飯山市大字木島", "土曜 10:00〜15:00"),
]


def make_index():
    home = ensure_site()
    index = FoodDriveIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=FoodDriveIndexPage(
                title="フードドライブ", slug="food-drive-index", intro="食品の寄付"
            )
        )
        index.save_revision().publish()
    return index


def make_drive(
    title="だれでも食堂 フードドライブ",
    *,
    items=ITEMS,
    points=POINTS,
    starts_in=0,
    days=14,
    **fields,
):
    """A published drive collecting from `starts_in` days from today for `days` days, with the
    given [(name, unit, target, note)] and [(name, address, hours)]."""
    index = make_index()
    today = timezone.localdate()
    drive = FoodDrivePage(
        title=title,
        slug=fields.pop("slug", f"drive-{FoodDrivePage.objects.count() + 1}"),
        summary=fields.pop("summary", "だれでも食堂で使う食品を集めます"),
        beneficiaries=fields.pop("beneficiaries", "市内の子ども食堂・だれでも食堂"),
        collection_starts_on=today + timedelta(days=starts_in),
        collection_ends_on=today + timedelta(days=starts_in + days),
        conditions=fields.pop("conditions", "未開封で常温保存できるもの"),
        **fields,
    )
    drive.items = [
        WantedItem(name=name, unit=unit, target=target, note=note)
        for name, unit, target, note in items
    ]
    drive.points = [
        DropOffPoint(name=name, address=address, hours=hours) for name, address, hours in points
    ]
    index.add_child(instance=drive)
    drive.save_revision().publish()
    return FoodDrivePage.objects.get(pk=drive.pk)


def item(drive, name):
    return drive.items.get(name=name)


@pytest.fixture
def drive(db):
    return make_drive()
