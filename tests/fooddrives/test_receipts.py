"""Receipts (受領書) for what was actually received: from the desk (a pledge, food brought
without one), from the donor's private link and my page once something came, numbered per
platform and fiscal year, the same number on every download; and the hand-over slip
(引渡し票) of what one organisation received on one day. The PDFs are read back as text."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.core import platform as platforms
from cms.core import roles
from cms.core.models import PlatformSettings
from cms.people import mypage
from cms.people.erasure import erase_person
from events.fooddrives import documents, services
from events.fooddrives.models import Receipt
from events.fooddrives.tasks import private_link
from tests.documents import pdf_text
from tests.fooddrives.admin_fixtures import (  # noqa: F401
    drive_fixture,
    item,
    make_drive,
    make_pledge,
    staff_fixture,
)
from tests.platform_staff import not_found, staff_for
from tests.platforms import default_platform, other_platform
from tests.roles import food_drive_desk, member_editor

pytestmark = pytest.mark.django_db

STATEMENT = "上記の食品を寄附として受領いたしました。"


def url(name, drive, *args):
    return reverse(f"fooddrives_admin:{name}", args=[drive.pk, *args])


def received(drive, quantities, **fields):
    pledge = make_pledge(drive, quantities, **fields)
    services.receive_pledge(
        pledge,
        {line.pk: line.quantity - 1 for line in pledge.lines.all()},  # a little less came
        received_on=date(2026, 12, 5),
    )
    return pledge


@pytest.fixture
def settings_of_platform(db):
    platform = default_platform()
    PlatformSettings.objects.update_or_create(
        site=platform.site,
        defaults={
            "secretariat_name": "飯山市孤独・孤立対策官民連携プラットフォーム事務局",
            "address": "長野県飯山市大字飯山1110-1",
            "phone": "0269-62-3111",
            "email": "kodoku@city.iiyama.example",
        },
    )
    return platform


def test_the_desk_issues_a_receipt_of_what_was_received_with_the_company_name(
    client, staff, drive, settings_of_platform
):
    pledge = received(drive, {"米": 10, "缶詰": 24}, name="山田 太郎")
    make_pledge(drive, {"米": 3})  # another pledge, not on this receipt
    address = url("pledge_receipt", drive, pledge.pk)
    form = client.get(address)
    assert form.status_code == 200 and form.context["form"]["addressee"].value() == "山田 太郎"
    response = client.post(address, {"addressee": "株式会社　飯山フーズ"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"].startswith("private, no-store")
    text = pdf_text(response.content)
    receipt = Receipt.objects.get()
    assert receipt.addressee == "株式会社 飯山フーズ"  # full-width space normalised
    for expected in (
        "受領書",
        "株式会社飯山フーズ様",
        "令和8年（2026年）12月5日",
        "米9kg",
        "缶詰23個",
        STATEMENT,
        platforms.platform_name(settings_of_platform),
        "長野県飯山市大字飯山1110-1",
        "0269-62-3111",
        f"2026-{receipt.number:04d}",
    ):
        assert expected in text, expected
    assert "米10kg" not in text  # what came, not what was pledged
    # Again: the same number, straight away, no second receipt.
    again = client.get(address)
    assert again["Content-Type"] == "application/pdf"
    assert f"2026-{receipt.number:04d}" in pdf_text(again.content)
    assert Receipt.objects.count() == 1


def test_food_without_a_pledge_gets_a_receipt_in_the_donors_name(client, staff, drive):
    intake = services.record_intake(
        drive, item=item(drive, "缶詰"), quantity=48, donor="株式会社北信ストア"
    )
    address = url("intake_receipt", drive, intake.pk)
    text = pdf_text(client.post(address, {"addressee": ""}).content)
    assert "株式会社北信ストア様" in text and "缶詰48個" in text and STATEMENT in text
    # An anonymous collection box has no name to print: asked for, kept on the form.
    box = services.record_intake(drive, item=item(drive, "米"), quantity=3)
    response = client.post(url("intake_receipt", drive, box.pk), {"addressee": "　"})
    assert response.status_code == 200 and response.context["form"].errors["addressee"]
    # An intake of a pledge prints its pledge's receipt.
    pledge = received(drive, {"米": 5})
    of_pledge = pledge.intakes.get()
    response = client.post(url("intake_receipt", drive, of_pledge.pk), {"addressee": ""})
    assert response["Content-Type"] == "application/pdf"
    assert Receipt.objects.get(pledge=pledge).intake is None


def test_numbers_run_per_platform_and_fiscal_year(drive):
    other = other_platform()
    foreign = make_drive("長野のフードドライブ", home=other.site.root_page)
    first = services.issue_receipt(pledge=received(drive, {"米": 5}), today=date(2026, 3, 31))
    second = services.issue_receipt(pledge=received(drive, {"米": 5}), today=date(2026, 4, 1))
    third = services.issue_receipt(pledge=received(drive, {"米": 5}), today=date(2026, 4, 2))
    theirs = services.issue_receipt(pledge=received(foreign, {"米": 5}), today=date(2026, 4, 2))
    assert [(r.fiscal_year, r.number) for r in (first, second, third, theirs)] == [
        (2025, 1),
        (2026, 1),
        (2026, 2),
        (2026, 1),
    ]
    assert theirs.platform == other and third.platform == default_platform()
    assert services.issue_receipt(pledge=third.pledge, addressee="別の名前") == third


def test_the_donor_downloads_the_receipt_from_the_private_link_once_food_came(client, drive):
    pledge = make_pledge(drive, {"米": 6}, name="飯山 花子")
    link = private_link(pledge, "ja").split("example.jp", 1)[-1]
    link = link[link.index("/ja/") :]
    page = client.get(link).content.decode()
    assert "受け取った後" in page or "receipt" in page.lower()
    # Not received yet: no receipt, a clear message on the pledge's page.
    response = client.get(link + "receipt/", follow=True)
    assert response.redirect_chain[-1][0] == link
    assert "まだ受け取っていません" in response.content.decode()
    assert not Receipt.objects.exists()
    services.receive_pledge(pledge, {pledge.lines.get().pk: 6})
    response = client.get(link + "receipt/")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "飯山花子様" in text and "米6kg" in text and STATEMENT in text
    number = Receipt.objects.get().label
    assert number in pdf_text(client.get(link + "receipt/").content)
    # A wrong token opens nothing.
    assert client.get(link.replace(link.split("/")[-2], "x" * 20) + "receipt/").status_code == 404


def test_the_donor_downloads_it_from_my_page(client, drive):
    pledge = make_pledge(drive, {"缶詰": 12})
    token = mypage.link(pledge.person, "ja").rstrip("/").rsplit("/", 1)[-1]
    my_page = reverse("people:my_page", args=[token])
    receipt_url = reverse(
        "fooddrives:my_receipt", kwargs={"token": token, "reference": pledge.reference}
    )
    assert receipt_url not in client.get(my_page).content.decode()
    response = client.get(receipt_url, follow=True)
    assert response.redirect_chain[-1][0] == my_page
    services.receive_pledge(pledge, {pledge.lines.get().pk: 12})
    assert receipt_url in client.get(my_page).content.decode()
    assert "缶詰12個" in pdf_text(client.get(receipt_url).content)
    # Someone else's pledge through this token: nothing.
    stranger = make_pledge(drive, {"米": 1})
    services.receive_pledge(stranger, {stranger.lines.get().pk: 1})
    other = reverse(
        "fooddrives:my_receipt", kwargs={"token": token, "reference": stranger.reference}
    )
    assert client.get(other).status_code == 404


def test_the_hand_over_slip_lists_the_days_food_for_one_organisation(client, staff, drive):
    rice, cans = item(drive, "米"), item(drive, "缶詰")
    services.record_intake(drive, item=rice, quantity=30)
    services.record_intake(drive, item=cans, quantity=30)
    day = timezone.localdate()
    first = services.distribute(
        drive, item=rice, quantity=12, recipient_name="だれでも食堂", distributed_on=day
    )
    services.distribute(
        drive, item=cans, quantity=8, recipient_name="だれでも食堂", distributed_on=day
    )
    services.distribute(
        drive, item=cans, quantity=5, recipient_name="フードバンク北信州", distributed_on=day
    )
    services.distribute(
        drive,
        item=rice,
        quantity=2,
        recipient_name="だれでも食堂",
        distributed_on=day - timedelta(days=1),
    )
    response = client.get(url("hand_over_slip", drive, first.pk))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "引渡し票",
        "だれでも食堂",
        "米12kg",
        "缶詰8個",
        "引渡者（署名）",
        "受領者（署名）",
    ):
        assert expected in text, expected
    assert "フードバンク北信州" not in text and "米2kg" not in text
    assert drive.title.replace(" ", "") in text


def test_the_drive_page_links_receipts_and_slips_in_a_fixed_number_of_queries(
    client, staff, drive, django_assert_max_num_queries
):
    def page_queries():
        client.get(url("drive", drive))  # warm the caches (site, locale, settings)
        with django_assert_max_num_queries(40) as captured:
            body = client.get(url("drive", drive)).content.decode()
        return len(captured), body

    received(drive, {"米": 5})
    services.distribute(drive, item=item(drive, "米"), quantity=1, recipient_name="食堂")
    few, _body = page_queries()
    for _n in range(5):
        received(drive, {"米": 5})
        services.distribute(drive, item=item(drive, "米"), quantity=1, recipient_name="食堂")
        services.correct_stock(drive, item=item(drive, "米"), change=-1, reason="damaged")
    many, body = page_queries()
    assert many == few
    assert body.count("/receipt/") == 12 and body.count("/slip/") == 6


def test_another_platforms_desk_gets_nothing(client):
    other = other_platform()
    drive = make_drive("飯山のフードドライブ", home=default_platform().site.root_page)
    pledge = received(drive, {"米": 5})
    intake = pledge.intakes.get()
    services.record_intake(drive, item=item(drive, "米"), quantity=10)
    distribution = services.distribute(
        drive, item=item(drive, "米"), quantity=3, recipient_name="食堂"
    )
    client.force_login(staff_for(other, roles.FOOD_DRIVE_DESK))
    for name, args in (
        ("pledge_receipt", [pledge.pk]),
        ("intake_receipt", [intake.pk]),
        ("hand_over_slip", [distribution.pk]),
        ("correct_stock", []),
    ):
        assert not_found(client, url(name, drive, *args)), name
    client.post(url("pledge_receipt", drive, pledge.pk), {"addressee": "X"})
    assert not Receipt.objects.exists()
    # A member organisation's editor (no pledge permissions) is refused.
    client.force_login(member_editor())
    assert client.get(url("pledge_receipt", drive, pledge.pk)).status_code in (302, 403)
    # The platform's own desk may.
    client.force_login(food_drive_desk())
    assert client.get(url("hand_over_slip", drive, distribution.pk)).status_code == 200


def test_erasing_the_donor_erases_the_name_on_the_receipt_and_keeps_its_number(drive):
    pledge = received(drive, {"米": 4}, name="消去 される")
    receipt = services.issue_receipt(pledge=pledge)
    assert receipt.addressee == "消去 される"
    erase_person(pledge.person)
    receipt.refresh_from_db()
    assert receipt.addressee == "" and receipt.number == 1
    text = pdf_text(documents.receipt_pdf(receipt, [pledge.intakes.get()]))
    assert "消去" not in text and "米3kg" in text


def test_a_donor_who_chose_english_downloads_an_english_receipt_and_the_desk_a_japanese_one(
    client, staff, drive
):
    """The donor's own download is in the language they chose for their mails (issue 20);
    the desk prints the same receipt, with the same number, in Japanese."""
    pledge = make_pledge(drive, {"米": 6}, name="Maria Silva", language="en")
    services.receive_pledge(pledge, {pledge.lines.get().pk: 6})
    link = private_link(pledge, "en").split("example.jp", 1)[-1]
    link = link[link.index("/en/") :]
    english = pdf_text(client.get(link + "receipt/").content)
    assert "Wehavereceivedthefoodaboveasadonation." in english  # pdf_text drops spaces
    assert STATEMENT not in english
    number = Receipt.objects.get().label
    assert number in english
    japanese = pdf_text(documents.receipt_response(Receipt.objects.get()).content)
    assert STATEMENT in japanese and number in japanese
