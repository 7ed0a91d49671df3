"""The food drives' part of the scale data set (`load_scale`): one drive with no targets
(Japanese and English) and 20,000 pledges through `services.pledge_many`."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.core import platform as platforms
from cms.core.demo_helpers import upsert_translation
from cms.people.models import Person
from events.fooddrives import services
from events.fooddrives.models import DropOffPoint, FoodDrivePage, Pledge, WantedItem

PLEDGES, BATCH = 20_000, 1_000
ITEMS = [("米", "kg"), ("缶詰", "個"), ("乾麺", "袋"), ("レトルト食品", "個"), ("調味料", "本")]


def _drive():
    home = Site.objects.get(is_default_site=True).root_page
    index = Page.objects.child_of(home).get(slug="food-drives")
    drive = FoodDrivePage.objects.child_of(index).filter(slug="scale-food-drive").first()
    if drive is None:
        today = timezone.localdate()
        drive = FoodDrivePage(
            slug="scale-food-drive",
            title="規模データ フードドライブ",
            summary="ご家庭で使い切れない食品をお寄せください。",
            beneficiaries="市内の子ども食堂",
            collection_starts_on=today - timedelta(days=1),
            collection_ends_on=today + timedelta(days=60),
            min_days_to_best_before=30,
        )
        drive.items = [WantedItem(name=name, unit=unit, target=None) for name, unit in ITEMS]
        drive.points = [DropOffPoint(name="飯山市福祉センター", hours="平日 9:00〜17:00")]
        index.add_child(instance=drive)
        drive.save_revision().publish()
    upsert_translation(
        drive,
        Locale.objects.get(language_code="en"),
        title="Food drive (scale data)",
        summary="Bring food your household will not use.",
        beneficiaries="The children's cafeterias of the city",
    )
    return FoodDrivePage.objects.get(pk=drive.pk)


def load(command):
    drive = _drive()
    items = list(drive.items.order_by("sort_order"))
    point = drive.points.first()
    total = command.count(PLEDGES)
    done = Pledge.objects.filter(drive=drive).count()
    command.check_size("pledges", done, total)
    drop_off_on = timezone.localdate() + timedelta(days=7)
    platform = platforms.of_page(drive)
    for start in range(done, total, BATCH):
        numbers = range(start, min(total, start + BATCH))
        people = Person.objects.bulk_create(
            [
                Person(
                    platform=platform,
                    name=f"規模 寄付者{n}",
                    email=f"scale-donor-{n}@example.invalid",
                )
                for n in numbers
            ]
        )
        pledges = [
            (
                person,
                [services.Line(items[(n + k) % len(items)], 1 + n % 3) for k in range(1 + n % 2)],
            )
            for n, person in zip(numbers, people, strict=True)
        ]
        services.pledge_many(drive, point=point, drop_off_on=drop_off_on, pledges=pledges)
        command.progress("pledges", numbers[-1] + 1, total)
    command.stdout.write(f"  food drives: {total} pledges for 「{drive.title}」 (ja, en)")
