"""The public food drive pages: the list, a drive's page, its English translation; what they
show and what they never show."""

from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from wagtail.models import Locale

from events.fooddrives import services
from events.fooddrives.models import (
    DropOffPoint,
    FoodDriveIndexPage,
    FoodDrivePage,
    Pledge,
    WantedItem,
)
from tests.fooddrives.conftest import item, make_drive, make_index
from tests.fooddrives.test_public_pledge import LINK, body, form_data


def pledge(drive, name="飯山 花子", email="hanako@example.jp", phone="0269-62-0000", **lines):
    return services.pledge(
        drive,
        point=drive.points.first(),
        drop_off_on=timezone.localdate() + timedelta(days=1),
        lines=[services.Line(item(drive, n), q) for n, q in (lines or {"お米": 5}).items()],
        name=name,
        email=email,
        phone=phone,
    )[0]


def translate(drive, title="Food drive for the everyone's canteen"):
    english = drive.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = title
    english.summary = "We collect food for the canteen."
    english.save_revision().publish()
    return FoodDrivePage.objects.get(pk=english.pk)


def test_the_index_lists_open_drives_with_their_progress_then_past_ones(client, db):
    drive = make_drive("だれでも食堂 フードドライブ")
    later = make_drive("春のフードドライブ", starts_in=20)
    closed = make_drive("去年のフードドライブ", starts_in=-40, days=10)
    cancelled = make_drive("中止したフードドライブ", cancelled_at=timezone.now())
    services.record_intake(drive, item=item(drive, "お米"), quantity=100)
    pledge(drive, お米=20, 缶詰=3)
    services.record_intake(closed, item=item(closed, "缶詰"), quantity=40, donor="回収ボックス")
    page = body(client.get(make_index().url))
    order = [page.index(d.title) for d in (drive, later, closed)]
    assert order == sorted(order)
    assert page.index(gettext("Past food drives")) > page.index(later.title)
    assert cancelled.title in page[page.index(gettext("Past food drives")) :]
    open_part = page[: page.index(gettext("Past food drives"))]
    assert gettext("Enough, thank you") in open_part  # お米: 100 received + 20 pledged
    progress = gettext("%(committed)s of %(target)s %(unit)s pledged or received")
    assert progress % {"committed": 3, "target": 200, "unit": "個"} in open_part
    assert 'max="200" value="3"' in open_part
    assert "缶詰 40 個" in page  # what the past drive collected


def test_no_personal_data_appears_on_public_pages(client, drive):
    pledge(drive, name="飯山 花子", email="hanako@example.jp", phone="0269-62-0000")
    services.receive_pledge(Pledge.objects.get(), {})
    pledge(drive, name="木島 太郎", email="taro@example.jp", phone="0269-00-1111", 缶詰=2)
    for url in (make_index().url, drive.url, drive.url + "pledged/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        page = body(response)
        for secret in ("飯山 花子", "hanako@", "木島 太郎", "taro@", "0269-62", "0269-00"):
            assert secret not in page, (url, secret)


def test_the_drive_page_shows_what_where_when_and_the_rules(client, drive):
    page = body(client.get(drive.url))
    for text in (
        drive.summary,
        drive.beneficiaries,
        drive.conditions,
        "長野県飯山市大字飯山1110-1",
        "平日 9:00〜17:00",
        "木島公民館",
        drive.collection_ends_on.isoformat(),
        "精米・玄米どちらでも",
    ):
        assert text in page
    assert '<progress max="120" value="0"' in page
    assert 'aria-describedby="item-' in page  # the bar points at its words
    rule = ngettext(
        "Best-before date: at least %(days)s day after the day you bring the food.",
        "Best-before date: at least %(days)s days after the day you bring the food.",
        30,
    )
    assert rule % {"days": 30} in page


def _drive_page_queries(client, items, points):
    drive = make_drive(
        f"drive with {items} items",
        items=[(f"食品{n}", "個", 50 + n, "") for n in range(items)],
        points=[(f"公民館{n}", f"住所{n}", "土曜") for n in range(points)],
    )
    for n in range(3):
        services.pledge(
            drive,
            point=drive.points.all()[n % points],
            drop_off_on=timezone.localdate(),
            lines=[services.Line(i, 1) for i in drive.items.all()[:3]],
            name=f"p{n}",
            email=f"p{n}@example.jp",
        )
    services.record_intake(drive, item=drive.items.first(), quantity=5)
    client.get(drive.url)  # warm the site and locale caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(drive.url).status_code == 200
    return len(queries)


# It counts the queries of a render: from the page cache there would be none.
@override_settings(PAGE_CACHE=False)
def test_the_drive_page_takes_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    few = _drive_page_queries(client, items=2, points=1)
    many = _drive_page_queries(client, items=9, points=5)
    assert few == many
    drive = FoodDrivePage.objects.get(title="drive with 9 items")
    # What the page needs (site, menu, footer, the drive, its items' three sums, its points)
    # and some room for what other apps add through the page's hook.
    with django_assert_max_num_queries(30):
        client.get(drive.url)


def _index_queries(client, drives):
    for n in range(drives):
        drive = make_drive(f"open {n}")
        pledge(drive, name=f"p{n}", email=f"p{n}@example.jp")
        past = make_drive(f"past {n}", starts_in=-30, days=3)
        services.record_intake(past, item=item(past, "お米"), quantity=3)
    url = make_index().url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# It counts the queries of a render: from the page cache there would be none.
@override_settings(PAGE_CACHE=False)
def test_the_index_takes_a_fixed_number_of_queries(client, db):
    assert _index_queries(client, 1) == _index_queries(client, 4)


def test_the_english_page_shows_its_language_and_pledges_to_the_same_drive(run, client, drive):
    english = translate(drive)
    pledge(drive, お米=20)
    page = body(client.get(english.url))
    assert english.url.startswith("/en/")
    assert "Food drive for the everyone&#x27;s canteen" in page
    assert "We collect food for the canteen." in page
    assert "Food we are collecting" in page and "20 of 120 kg pledged or received" in page
    response = run(
        client.post,
        english.url,
        form_data(drive, email="en@example.jp", language="en", submission_key="en-1"),
    )
    assert response.status_code == 302
    assert response["Location"] == english.url + "pledged/"
    made = Pledge.objects.get(person__email="en@example.jp")
    assert made.drive_id == drive.pk
    assert {line.item.page_id for line in made.lines.all()} == {drive.pk}
    assert "Thank you for your pledge" in body(client.get(response["Location"]))
    message = mail.outbox[-1]
    assert message.subject.startswith("We received your pledge: Food drive for the everyone")
    assert "/en/food-drives/pledge/" in LINK.search(message.body).group(0)


def test_the_english_index_shows_untranslated_drives_in_japanese(client, drive):
    translate(drive)
    other = make_drive("春のフードドライブ")
    english_index = FoodDriveIndexPage.objects.get(locale__language_code="en")
    page = body(client.get(english_index.url))
    assert "Food drive for the everyone&#x27;s canteen" in page
    assert f'<a href="{other.url}" lang="ja">春のフードドライブ</a>' in page
    assert "Some food drives have not been translated yet" in page


def test_an_editors_preview_shows_items_and_points_not_saved_yet(drive):
    drive.items = [*drive.items.all(), WantedItem(name="レトルト食品", unit="個", target=30)]
    drive.points = [*drive.points.all(), DropOffPoint(name="市役所ロビー")]
    response = drive.make_preview_request()
    assert response.status_code == 200
    page = body(response)
    assert "レトルト食品" in page and "市役所ロビー" in page
    assert f'name="item_{item(drive, "お米").pk}"' in page
    assert 'name="item_None"' not in page
