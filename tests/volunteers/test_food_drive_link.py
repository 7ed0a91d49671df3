"""A volunteer opportunity may be for a food drive, as it may be for an event: its shifts and
its kiosk page link the drive, and the drive's page lists the opportunity (through the
`food_drive_page_slots` hook, since events cannot import volunteers)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail import hooks
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from tests.fooddrives.admin_fixtures import make_drive
from tests.volunteers.conftest import make_opportunity, make_shift
from volunteers.models import VolunteerOpportunity

pytestmark = pytest.mark.django_db


def english():
    return Locale.objects.get_or_create(language_code="en")[0]


def slots(page, language="ja"):
    request = RequestFactory().get(page.url)
    with translation.override(language):
        return "".join(
            hook(page, request) or "" for hook in hooks.get_hooks("food_drive_page_slots")
        )


def test_the_shifts_and_the_kiosk_page_of_an_opportunity_link_its_food_drive(client):
    drive = make_drive()
    opportunity = make_opportunity(food_drive=drive)
    make_shift(opportunity)
    link = f'<a href="{drive.url}">{drive.title}</a>'
    assert link in client.get(reverse("volunteers:shifts")).content.decode()
    assert link in client.get(f"/ja/volunteers/at/{opportunity.pk}/").content.decode()
    other = make_opportunity("地域食堂の調理")
    make_shift(other)
    kiosk = client.get(f"/ja/volunteers/at/{other.pk}/").content.decode()
    assert drive.url not in kiosk


def test_the_hook_lists_the_drives_opportunities_with_shifts_ahead_linking_their_shifts():
    drive, other_drive = make_drive(), make_drive("別のフードドライブ")
    sorting = make_opportunity("フードドライブ 仕分け", food_drive=drive)
    make_shift(sorting)
    idle = make_opportunity("フードドライブ 片付け", food_drive=drive)
    make_shift(idle, hours=-48)  # only past shifts
    elsewhere = make_opportunity("別の仕分け", food_drive=other_drive)
    make_shift(elsewhere)
    html = slots(drive)
    assert f'href="/ja/volunteers/at/{sorting.pk}/"' in html and "フードドライブ 仕分け" in html
    assert "片付け" not in html and "別の仕分け" not in html
    assert slots(make_drive("ボランティア募集のないドライブ")) == ""


def test_a_translated_opportunity_keeps_pointing_at_the_drive_and_speaks_the_visitors_language(
    client,
):
    drive = make_drive()
    drive_en = drive.copy_for_translation(english(), copy_parents=True)
    drive_en.title = "Food drive: a cafeteria for everyone"
    drive_en.save_revision().publish()
    opportunity = make_opportunity(food_drive=drive)
    make_shift(opportunity)
    # As wagtail-localize translates it: the drive, a page, is synchronised like the event.
    source, _created = TranslationSource.get_or_create_from_instance(opportunity)
    translated, _created = source.create_or_update_translation(english(), fallback=True)
    assert translated.locale == english() and translated.food_drive_id == drive.pk
    translated.title = "Food drive: sorting"
    translated.save()
    shifts = client.get("/en/volunteers/").content.decode()
    assert f'<a href="{drive_en.url}">{drive_en.title}</a>' in shifts
    html = slots(drive_en, "en")
    assert "Food drive: sorting" in html
    assert f'href="/en/volunteers/at/{opportunity.pk}/"' in html
    # An opportunity that names the English page is the same drive's.
    VolunteerOpportunity.objects.filter(pk=opportunity.pk).update(food_drive=drive_en)
    assert "フードドライブ 仕分けボランティア" in slots(drive)


def test_a_deleted_drive_leaves_the_opportunity_without_it():
    drive = make_drive()
    opportunity = make_opportunity(food_drive=drive)
    drive.delete()
    opportunity.refresh_from_db()
    assert opportunity.food_drive is None
