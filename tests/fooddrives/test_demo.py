"""The demo food drive: 飯山市's だれでも食堂 フードドライブ as in the seeds, with pledges in every
state, food from a collection box, a hand-over; one food nearly at its target and one that
reached it; the food drive's volunteers tied to it. (Loading twice changes nothing: tests/test_demo.py.)"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from cms.home.services import ensure_site
from events.fooddrives import services
from events.fooddrives.models import (
    Distribution,
    FoodDriveIndexPage,
    FoodDrivePage,
    Intake,
    Pledge,
)
from tests.roles import secretariat
from volunteers.models import VolunteerOpportunity


def demo_drive():
    return FoodDrivePage.objects.get(slug="daredemo-shokudo-food-drive", locale__language_code="ja")


def test_the_drive_of_the_seeds_under_a_food_donations_index_with_english(shared_demo):
    index = FoodDriveIndexPage.objects.child_of(ensure_site()).get()
    assert index.title == "食品の寄付" and index.live
    drive = demo_drive()
    assert drive.get_parent().pk == index.pk and drive.live
    assert drive.title == "だれでも食堂 フードドライブ"
    assert [(i.name, i.unit, i.target) for i in drive.items.all()] == [
        ("米", "kg", 120),
        ("缶詰", "個", 100),
        ("乾麺", "袋", 80),
        ("レトルト食品", "個", 60),
        ("調味料", "本", None),
    ]
    points = [point.name for point in drive.points.all()]
    assert "飯山市社会福祉協議会" in points and any("公民館" in name for name in points)
    today = timezone.localdate()
    assert drive.collection_starts_on <= today
    assert today + timedelta(days=10) <= drive.collection_ends_on <= today + timedelta(days=18)
    assert drive.pledge_state() == "open"
    assert "子ども食堂" in drive.beneficiaries and "だれでも食堂" in drive.beneficiaries
    english = Locale.objects.get(language_code="en")
    drive_en = drive.get_translation(english)
    assert drive_en.live and drive_en.title != drive.title
    assert drive_en.items.first().name == "Rice"
    assert drive_en.source == drive
    assert index.get_translation(english).title == "Food donations"


def test_pledges_in_every_state_food_in_and_out_and_targets_near_and_reached(shared_demo):
    drive = demo_drive()
    statuses = set(Pledge.objects.filter(drive=drive).values_list("status", flat=True))
    assert statuses == {"pledged", "received", "cancelled", "not_brought"}
    assert Pledge.objects.filter(drive=drive, person__email="").exists()  # taken by phone
    assert Intake.objects.filter(drive=drive, pledge__isnull=True).exists()
    assert Intake.objects.filter(drive=drive, pledge__isnull=False).exists()
    (handed,) = Distribution.objects.filter(drive=drive)
    assert "子ども食堂" in handed.recipient_label
    totals = {t.item.name: t for t in services.item_totals(drive)}
    rice, cans = totals["米"], totals["缶詰"]
    assert not rice.reached and rice.percent >= 85
    assert cans.reached
    assert all(t.stock >= 0 for t in totals.values())


def test_the_food_drive_volunteers_are_tied_to_the_drive(shared_demo):
    drive = demo_drive()
    (opportunity,) = VolunteerOpportunity.objects.filter(
        food_drive=drive, locale__language_code="ja"
    )
    assert "フードドライブ" in opportunity.title
    assert opportunity.shifts.filter(role__name="仕分け").exists()


def test_staff_see_the_demo_drive_and_the_yearly_report(client, shared_demo):
    client.force_login(secretariat())
    drive = demo_drive()
    page = client.get(reverse("fooddrives_admin:drive", args=[drive.pk])).content.decode()
    assert "北村 和子" in page and "0269-00-" in page
    assert client.get(reverse("yearly_report")).status_code == 200
