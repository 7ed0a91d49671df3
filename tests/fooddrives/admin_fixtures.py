"""Food drives for the staff-side tests: a drive with wanted items and drop-off points, its
pledges, and staff logged in as the platform sets them up (`tests.roles`)."""

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from cms.home.services import ensure_site
from events.fooddrives import services
from events.fooddrives.models import DropOffPoint, FoodDriveIndexPage, FoodDrivePage, WantedItem
from tests.roles import secretariat

ITEMS = (("米", "kg", 120), ("缶詰", "個", 100), ("調味料", "本", None))
POINTS = ("飯山市社会福祉協議会", "飯山市公民館")
_numbers = count(1)


def make_index(home=None):
    """The food drive index of `home` (the default site's when not given)."""
    home = home or ensure_site()
    index = FoodDriveIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=FoodDriveIndexPage(title="食品の寄付", slug="food-drives"))
    return index


def make_drive(
    title="だれでも食堂 フードドライブ", *, items=ITEMS, points=POINTS, home=None, **fields
):
    """A published drive collecting from yesterday for two weeks (on `home`'s platform)."""
    index = make_index(home)
    today = timezone.localdate()
    drive = FoodDrivePage(
        title=title,
        slug=fields.pop("slug", f"drive-{next(_numbers)}"),
        summary="家庭で余っている食品をお寄せください。",
        collection_starts_on=fields.pop("collection_starts_on", today - timedelta(days=1)),
        collection_ends_on=fields.pop("collection_ends_on", today + timedelta(days=14)),
        min_days_to_best_before=fields.pop("min_days_to_best_before", 30),
        **fields,
    )
    drive.items = [WantedItem(name=name, unit=unit, target=target) for name, unit, target in items]
    drive.points = [DropOffPoint(name=name) for name in points]
    index.add_child(instance=drive)
    drive.save_revision().publish()
    return FoodDrivePage.objects.get(pk=drive.pk)


def item(drive, name):
    return drive.items.get(name=name)


def make_pledge(drive, quantities=None, *, day=1, point=0, email=True, n=None, **fields):
    """A pledge of {item name: quantity} (5 kg of rice unless told), brought in `day` days."""
    n = n if n is not None else next(_numbers)
    points = list(drive.points.all())
    lines = [
        services.Line(item(drive, name), quantity)
        for name, quantity in (quantities or {"米": 5}).items()
    ]
    pledge, _created = services.pledge(
        drive,
        point=points[point],
        drop_off_on=timezone.localdate() + timedelta(days=day),
        lines=lines,
        name=fields.pop("name", f"寄付 太郎{n}"),
        name_kana=fields.pop("name_kana", f"きふ たろう{n}"),
        phone=fields.pop("phone", f"0269-00-{n:04d}"),
        email=f"donor{n}@example.jp" if email else "",
        **fields,
    )
    return pledge


# Registered under the short names; test modules import these (`*_fixture`) so that the
# names their tests take as arguments do not shadow an import.
@pytest.fixture(name="staff")
def staff_fixture(client, db):
    user = secretariat()
    client.force_login(user)
    return user


@pytest.fixture(name="drive")
def drive_fixture(db):
    return make_drive()
