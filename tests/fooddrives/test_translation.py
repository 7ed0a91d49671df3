"""A food drive translated with wagtail-localize (issue 20): the wanted food and the drop-off
points are translated with the page (their names, units, notes, addresses and hours), while the
targets, the amounts and the pledges stay the Japanese original's."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from events.fooddrives import services
from events.fooddrives.models import DropOffPoint, FoodDrivePage, Pledge, WantedItem
from tests.fooddrives.conftest import item, make_index
from tests.fooddrives.test_public_pledge import body

ENGLISH = {
    "だれでも食堂 フードドライブ": "Food drive for the everyone's canteen",
    "お米": "Rice",
    "缶詰": "Tinned food",
    "乾麺": "Dried noodles",
    "精米・玄米どちらでも": "Polished or brown",
    "飯山市社会福祉協議会": "Iiyama Social Welfare Council",
    "平日 9:00〜17:00": "Weekdays 9:00–17:00",
}


def translate(page, locale, words, django_capture_on_commit_callbacks):
    """As a translator would in wagtail-localize's editor: the strings of the page, then the
    translation saved and published."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        if segment.string.data in words:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": words[segment.string.data]},
            )
    with django_capture_on_commit_callbacks(execute=True):
        translated, _created = source.create_or_update_translation(locale, fallback=True)
    return translated


def test_the_english_page_names_the_food_in_english_with_the_japanese_amounts(
    client, drive, django_capture_on_commit_callbacks
):
    english = Locale.objects.get(language_code="en")
    index = make_index()
    index.copy_for_translation(english).save_revision().publish()
    services.record_intake(drive, item=item(drive, "お米"), quantity=100)
    translated = translate(drive, english, ENGLISH, django_capture_on_commit_callbacks)
    translated = FoodDrivePage.objects.get(pk=translated.pk)
    assert translated.live and translated.url.startswith("/en/")

    rows = list(translated.items.order_by("sort_order"))
    assert [r.name for r in rows] == ["Rice", "Tinned food", "Dried noodles"]
    assert [r.target for r in rows] == [120, 200, None]  # synced from the original
    assert {r.locale_id for r in rows} == {english.pk}
    originals = list(drive.items.order_by("sort_order"))
    assert [r.translation_key for r in rows] == [r.translation_key for r in originals]
    point = translated.points.order_by("sort_order").first()
    assert (point.name, point.hours) == ("Iiyama Social Welfare Council", "Weekdays 9:00–17:00")

    page = body(client.get(translated.url))
    assert "Rice" in page and "Tinned food" in page and "Polished or brown" in page
    assert "Iiyama Social Welfare Council" in page
    assert "お米" not in page and "飯山市社会福祉協議会" not in page
    assert "120" in page and "100" in page  # the original's target and what it received

    # The English list of drives names the food in English too.
    listing = body(client.get(index.get_translation(english).url))
    assert "Rice" in listing and "お米" not in listing

    # The Japanese page is unchanged, and a pledge from the English page is the original's.
    assert "お米" in body(client.get(drive.url))
    rice = item(drive, "お米")
    services.pledge(
        drive,
        point=drive.points.first(),
        drop_off_on=timezone.localdate() + timedelta(days=1),
        lines=[services.Line(rice, 5)],
        name="Jane Doe",
        email="jane@example.com",
        phone="0269-62-0000",
    )
    assert Pledge.objects.get().lines.get().item == rice
    assert WantedItem.objects.filter(locale=english).count() == 3
    assert DropOffPoint.objects.filter(locale=english).count() == 2


def test_the_food_drive_photo_has_the_editors_alternative_text(client, db):
    """The shared page photo (core/includes/page_photo.html): the alt the editor wrote on the
    page, not the image's title; a decorative photo has alt=""."""
    from bs4 import BeautifulSoup
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from tests.fooddrives.conftest import make_drive

    image = get_image_model().objects.create(
        title="IMG_0042", description="", file=get_test_image_file()
    )
    drive = make_drive(image=image, image_alt="お米の袋を並べた受付の机")
    soup = BeautifulSoup(client.get(drive.url).content, "html.parser")
    img = soup.select_one("figure.page-photo img")
    assert img["alt"] == "お米の袋を並べた受付の机"
    assert "IMG_0042" not in str(soup.select_one("main"))

    drive.image_alt, drive.image_decorative = "", True
    drive.save_revision().publish()
    soup = BeautifulSoup(client.get(drive.url).content, "html.parser")
    assert soup.select_one("figure.page-photo img")["alt"] == ""


def test_the_english_mail_names_the_food_and_the_point_in_english(
    run, drive, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.fooddrives.test_mail import calendar_of
    from tests.fooddrives.test_mail import pledge as pledge_with_mail

    english = Locale.objects.get(language_code="en")
    make_index().copy_for_translation(english).save_revision().publish()
    translate(drive, english, ENGLISH, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    pledge_with_mail(run, drive, language="en")
    (message,) = mail.outbox
    assert "Rice 5 kg" in message.body and "Tinned food 12" in message.body
    assert "Iiyama Social Welfare Council" in message.body
    assert "お米" not in message.body
    location = str(calendar_of(message)["location"])
    assert "Iiyama Social Welfare Council" in location and "飯山市社会福祉協議会" not in location
    # The pledge itself holds the original's rows.
    assert {line.item.name for line in Pledge.objects.get().lines.all()} == {"お米", "缶詰"}
