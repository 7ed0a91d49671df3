"""Food drives for tests: an index under the home page and a published drive."""

from datetime import timedelta

from django.utils import timezone

from cms.home.services import ensure_site
from events.fooddrives.models import DropOffPoint, FoodDriveIndexPage, FoodDrivePage, WantedItem


def make_index():
    home = ensure_site()
    index = FoodDriveIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=FoodDriveIndexPage(title="フードドライブ", slug="food-drives")
        )
    return index


def make_drive(title="だれでも食堂 フードドライブ", *, items=None, points=None, days=14, **fields):
    """A published drive collecting from today for `days` days; items are (name, unit, target)."""
    today = timezone.localdate()
    drive = FoodDrivePage(
        title=title,
        slug=fields.pop("slug", f"drive-{FoodDrivePage.objects.count() + 1}"),
        summary="ご家庭で使い切れない食品をお寄せください",
        collection_starts_on=fields.pop("collection_starts_on", today),
        collection_ends_on=fields.pop("collection_ends_on", today + timedelta(days=days)),
        **fields,
    )
    drive.items = [
        WantedItem(name=name, unit=unit, target=target)
        for name, unit, target in (items or [("お米", "kg", 120), ("缶詰", "個", None)])
    ]
    drive.points = [
        DropOffPoint(name=name, address="飯山市飯山1110-1", hours="平日 9:00〜17:00")
        for name in (points or ["飯山市社会福祉協議会"])
    ]
    make_index().add_child(instance=drive)
    drive.save_revision().publish()
    return FoodDrivePage.objects.get(pk=drive.pk)
