"""The secretariat's page of a food drive: where each food stands, the pledges (filters, names
and phones for staff only), the drop-off desk (receive, food without a pledge, hand-over),
pledges taken by phone. Refusals come back on the form, never as a server error."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from events.fooddrives import services
from events.fooddrives.models import Distribution, Intake, Pledge, PledgeMessage
from tests.fooddrives.admin_fixtures import (  # noqa: F401
    drive_fixture,
    item,
    make_drive,
    make_pledge,
    staff_fixture,
)
from tests.roles import member_editor, secretariat, trainer

pytestmark = pytest.mark.django_db


def url(name, drive, *args):
    return reverse(f"fooddrives_admin:{name}", args=[drive.pk, *args])


def today(days=0):
    return timezone.localdate() + timedelta(days=days)


def test_the_page_shows_target_pledged_received_handed_over_stock_and_left(client, staff, drive):
    rice = item(drive, "米")
    make_pledge(drive, {"米": 10})
    brought = make_pledge(drive, {"米": 20})
    services.receive_pledge(brought, {brought.lines.get().pk: 20})
    services.record_intake(drive, item=rice, quantity=5, donor="回収ボックス")
    services.distribute(drive, item=rice, quantity=8, recipient_name="だれでも食堂")
    response = client.get(url("drive", drive))
    assert response.status_code == 200
    (totals,) = [t for t in response.context["totals"] if t.item == rice]
    assert (totals.pledged, totals.received, totals.distributed, totals.stock, totals.left) == (
        10,
        25,
        8,
        17,
        85,
    )
    body = response.content.decode()
    row = body[body.index('<th scope="row">米 (kg)') :].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:]]
    assert cells[:6] == ["120", "10", "25", "8", "0", "17"]  # no stock corrections
    assert cells[6].startswith("85 (") and "29%" in cells[6]


def test_staff_see_names_and_phones_and_filter_by_status_day_and_point(client, staff, drive):
    make_pledge(drive, name="飯山 花子", phone="0269-11-1111", day=1)
    make_pledge(drive, name="木島 次郎", day=2, point=1)
    cancelled = make_pledge(drive, name="秋津 三恵", day=2)
    services.cancel_pledge(cancelled)
    body = client.get(url("drive", drive)).content.decode()
    assert "飯山 花子" in body and "0269-11-1111" in body
    assert body.index("飯山 花子") < body.index("木島 次郎")  # by drop-off day

    def names(**params):
        body = client.get(url("drive", drive), params).content.decode()
        return {n for n in ("飯山 花子", "木島 次郎", "秋津 三恵") if n in body}

    assert names(status="cancelled") == {"秋津 三恵"}
    assert names(day=today(2).isoformat()) == {"木島 次郎", "秋津 三恵"}
    assert names(point=drive.points.all()[1].pk) == {"木島 次郎"}
    assert names(
        day=today(2).isoformat().translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    ) == {
        "木島 次郎",
        "秋津 三恵",
    }
    assert names(q="キフ") == {"飯山 花子", "木島 次郎", "秋津 三恵"}  # kana in either script
    assert names(q="1111") == {"飯山 花子"}
    # Nonsense filters are shown as errors and ignored, never a server error.
    response = client.get(url("drive", drive), {"day": "2026-13-45", "point": "x", "status": "?"})
    assert response.status_code == 200
    assert "飯山 花子" in response.content.decode()


def test_receiving_prefills_the_pledged_amounts_and_records_what_came(client, staff, drive):
    pledge = make_pledge(drive, {"米": 10, "缶詰": 6})
    rice, cans = (pledge.lines.get(item__name=n) for n in ("米", "缶詰"))
    form = client.get(url("receive", drive, pledge.pk)).content.decode()
    assert (
        f'name="line_{rice.pk}" value="10"' in form and f'name="line_{cans.pk}" value="6"' in form
    )
    response = client.post(
        url("receive", drive, pledge.pk),
        {f"line_{rice.pk}": "１２", f"line_{cans.pk}": "0", "received_on": today().isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == url("drive", drive)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.RECEIVED
    assert list(Intake.objects.values_list("item__name", "quantity", "recorded_by")) == [
        ("米", 12, staff.pk)
    ]
    assert PledgeMessage.objects.filter(pledge=pledge, kind="thanks").exists()  # to the outbox
    # Receiving again (a second tap, another desk) changes nothing.
    client.post(
        url("receive", drive, pledge.pk),
        {f"line_{rice.pk}": "12", f"line_{cans.pk}": "0", "received_on": today().isoformat()},
    )
    assert Intake.objects.count() == 1


def test_nothing_received_marks_the_pledge_not_brought_and_a_late_arrival_can_still_come(
    client, staff, drive
):
    pledge = make_pledge(drive, {"米": 5})
    line = pledge.lines.get()
    data = {f"line_{line.pk}": "0", "received_on": today().isoformat()}
    client.post(url("receive", drive, pledge.pk), data)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.NOT_BROUGHT
    client.post(url("receive", drive, pledge.pk), {**data, f"line_{line.pk}": "5"})
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.RECEIVED


def test_a_cancelled_pledge_or_bad_amounts_give_form_errors_not_server_errors(client, staff, drive):
    pledge = make_pledge(drive, {"米": 5})
    line = pledge.lines.get()
    for value in ("abc", "-1", "5000"):
        response = client.post(
            url("receive", drive, pledge.pk),
            {f"line_{line.pk}": value, "received_on": "２０２６／０１／０１"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors[f"line_{line.pk}"]
    services.cancel_pledge(pledge)
    response = client.post(
        url("receive", drive, pledge.pk),
        {f"line_{line.pk}": "5", "received_on": today().isoformat()},
    )
    assert response.status_code == 200
    assert str(services.PledgeError("not_allowed").message) in response.content.decode()
    assert not Intake.objects.exists()
    other = make_drive(slug="other")
    assert client.get(url("receive", other, pledge.pk)).status_code in (302, 404)


def test_food_without_a_pledge_is_recorded_with_full_width_input_normalised(client, staff, drive):
    rice = item(drive, "米")
    response = client.post(
        url("intake", drive),
        {
            "item": rice.pk,
            "quantity": "３０",
            "donor": "回収ボックス（市役所１階）",
            "received_on": "２０２６－０１－１０",
            "submission_key": "intake-1",
        },
    )
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert (intake.quantity, intake.donor, intake.pledge, intake.received_on.isoformat()) == (
        30,
        "回収ボックス(市役所1階)",
        None,
        "2026-01-10",
    )
    response = client.post(
        url("intake", drive),
        {"item": rice.pk, "quantity": "０", "received_on": "", "submission_key": "intake-2"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["quantity"] and form.errors["received_on"]
    assert 'value="0"' in response.content.decode()  # kept, and normalised


def test_a_hand_over_beyond_the_stock_is_refused_on_the_form_naming_the_stock(client, staff, drive):
    rice = item(drive, "米")
    services.record_intake(drive, item=rice, quantity=10)
    data = {
        "item": rice.pk,
        "quantity": "１５",
        "recipient_name": "だれでも食堂",
        "distributed_on": today().isoformat(),
        "submission_key": "hand-over-1",
    }
    response = client.post(url("hand_over", drive), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["quantity"]
    assert errors == [
        services.PledgeError("not_enough_stock", item="米", stock=10, unit="kg").message
    ]
    assert "10" in errors[0] and "米" in errors[0]
    assert 'value="15"' in response.content.decode()
    assert not Distribution.objects.exists()
    response = client.post(url("hand_over", drive), {**data, "quantity": "10"})
    assert response.status_code == 302
    assert Distribution.objects.get().recipient_label == "だれでも食堂"


def test_a_hand_over_goes_to_a_member_or_a_named_organisation_not_both_nor_neither(
    client, staff, drive
):
    rice = item(drive, "米")
    services.record_intake(drive, item=rice, quantity=10)
    member = member_editor()
    from cms.directory.models import MemberOrganisationPage

    organisation = MemberOrganisationPage.objects.get()
    data = {
        "item": rice.pk,
        "quantity": "3",
        "distributed_on": today().isoformat(),
        "submission_key": "hand-over-2",
    }
    neither = client.post(url("hand_over", drive), data)
    assert neither.context["form"].errors["recipient_name"]
    both = client.post(
        url("hand_over", drive), {**data, "recipient": organisation.pk, "recipient_name": "X"}
    )
    assert both.context["form"].errors["recipient_name"]
    assert (
        client.post(url("hand_over", drive), {**data, "recipient": organisation.pk}).status_code
        == 302
    )
    handed = Distribution.objects.get()
    assert (handed.recipient, handed.recipient_name, handed.recorded_by) == (
        organisation,
        "",
        staff,
    )
    assert member  # the organisation's editor exists, and nothing here depends on them


def test_staff_add_a_pledge_taken_by_phone_without_an_email(client, staff, drive):
    rice, cans = item(drive, "米"), item(drive, "缶詰")
    make_pledge(drive, {"米": 20})
    form = client.get(url("add", drive)).context["form"]
    assert "100" in str(form.fields[f"quantity_{rice.pk}"].help_text)  # left to pledge
    key = form["submission_key"].initial
    data = {
        "point": drive.points.first().pk,
        "drop_off_on": today(3).isoformat(),
        f"quantity_{rice.pk}": "１０",
        f"quantity_{cans.pk}": "",
        "name": "電話　受付",
        "name_kana": "デンワ ウケツケ",
        "phone": "０２６９－２２－３３３３",
        "email": "",
        "language": "ja",
        "submission_key": key,
    }
    response = client.post(url("add", drive), data)
    assert response.status_code == 302
    pledge = Pledge.objects.get(created_by=staff)
    assert (pledge.person.name, pledge.person.name_kana, pledge.person.phone) == (
        "電話 受付",
        "でんわ うけつけ",
        "0269-22-3333",
    )
    assert pledge.created_by == staff and pledge.person.email == ""
    assert [(line.item, line.quantity) for line in pledge.lines.all()] == [(rice, 10)]
    assert not PledgeMessage.objects.filter(pledge=pledge).exists()
    # The same form sent twice makes one pledge.
    client.post(url("add", drive), data)
    assert Pledge.objects.filter(created_by=staff).count() == 1


def test_a_refused_phone_pledge_says_why_next_to_the_field_and_keeps_the_input(
    client, staff, drive
):
    rice = item(drive, "米")
    data = {
        "point": drive.points.first().pk,
        "drop_off_on": today(3).isoformat(),
        f"quantity_{rice.pk}": "121",
        "name": "電話 受付",
        "language": "ja",
        "submission_key": "k1",
    }
    response = client.post(url("add", drive), data)
    assert response.status_code == 200
    (error,) = response.context["form"].errors[f"quantity_{rice.pk}"]
    assert "米" in error and "120" in error
    assert 'value="121"' in response.content.decode()
    past = client.post(
        url("add", drive),
        {
            **data,
            f"quantity_{rice.pk}": "1",
            "drop_off_on": today(-1).isoformat(),
            "submission_key": "k2",
        },
    )
    assert past.context["form"].errors["drop_off_on"]
    outside = client.post(
        url("add", drive),
        {
            **data,
            f"quantity_{rice.pk}": "1",
            "drop_off_on": today(30).isoformat(),
            "submission_key": "k3",
        },
    )
    assert outside.context["form"].errors["drop_off_on"]
    nothing = client.post(
        url("add", drive), {**data, f"quantity_{rice.pk}": "", "submission_key": "k4"}
    )
    assert nothing.context["form"].non_field_errors()
    best_before = client.post(
        url("add", drive),
        {
            **data,
            f"quantity_{rice.pk}": "1",
            f"best_before_{rice.pk}": today(5).isoformat(),
            "submission_key": "k5",
        },
    )
    assert best_before.context["form"].errors[f"best_before_{rice.pk}"]
    assert not Pledge.objects.exists()


def test_a_phone_pledge_can_come_after_pledging_closed_but_not_for_a_cancelled_drive(client, staff):
    drive = make_drive(pledges_close_at=timezone.now() - timedelta(hours=1))
    rice = item(drive, "米")
    data = {
        "point": drive.points.first().pk,
        "drop_off_on": today(3).isoformat(),
        f"quantity_{rice.pk}": "1",
        "name": "電話 受付",
        "language": "ja",
        "submission_key": "late",
    }
    assert client.post(url("add", drive), data).status_code == 302
    drive.cancelled_at = timezone.now()
    drive.save_revision().publish()
    response = client.post(url("add", drive), {**data, "submission_key": "cancelled"})
    assert response.status_code == 200
    assert str(services.PledgeError("cancelled").message) in response.content.decode()


def test_a_translation_of_the_drive_leads_to_the_same_pledges(client, staff, drive):
    make_pledge(drive, name="飯山 花子")
    english = drive.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    english.save_revision().publish()
    response = client.get(url("drive", english))
    assert response.status_code == 200 and response.context["drive"] == drive
    assert "飯山 花子" in response.content.decode()


def test_the_drive_page_in_the_admin_has_a_button_to_its_pledges(client, staff, drive):
    body = client.get(f"/admin/pages/{drive.pk}/edit/").content.decode()
    assert url("drive", drive) in body
    listing = client.get(f"/admin/pages/{drive.get_parent().pk}/").content.decode()
    assert url("drive", drive) in listing


ALL = ("drive", "add", "intake", "hand_over", "export", "export_xlsx", "stock_export")


def test_members_trainers_and_strangers_cannot_see_or_change_anything(client, drive):
    pledge = make_pledge(drive)
    urls = [url(name, drive) for name in ALL] + [url("receive", drive, pledge.pk)]
    for address in urls:
        assert "/login/" in client.get(address)["Location"]
    for user in (member_editor(), trainer()):
        client.force_login(user)
        for address in urls:
            response = client.get(address)
            assert response.status_code in (302, 403), address
            assert response.status_code == 403 or response["Location"] == "/admin/"
            assert "寄付 太郎" not in response.content.decode()
        response = client.post(
            url("intake", drive), {"item": item(drive, "米").pk, "quantity": "5"}
        )
        assert response.status_code in (302, 403)
        assert client.post(url("cancel", drive, pledge.pk)).status_code in (302, 403)
    assert not Intake.objects.exists()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PLEDGED
    client.force_login(secretariat())
    for address in urls:
        assert client.get(address).status_code == 200, address


def test_staff_cancel_a_pledge_for_someone_who_called_and_the_person_is_told(
    client, staff, drive, django_capture_on_commit_callbacks, mailoutbox
):
    pledge = make_pledge(drive, {"米": 10})
    mailoutbox.clear()
    page = client.get(url("receive", drive, pledge.pk)).content.decode()
    assert url("cancel", drive, pledge.pk) in page
    assert client.get(url("cancel", drive, pledge.pk)).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("cancel", drive, pledge.pk), {"next": url("drive", drive)})
    assert response.status_code == 302 and response["Location"] == url("drive", drive)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CANCELLED
    assert services.item_totals(drive)[0].pledged == 0
    assert len(mailoutbox) == 1
    response = client.post(url("cancel", drive, pledge.pk), follow=True)
    assert str(services.PledgeError("not_allowed").message) in response.content.decode()


def test_the_desk_forms_sent_twice_record_the_food_once(client, staff, drive):
    rice = item(drive, "米")
    intake = {
        "item": rice.pk,
        "quantity": "12",
        "received_on": today().isoformat(),
        "submission_key": "k" * 32,
    }
    hand_over = {
        "item": rice.pk,
        "quantity": "5",
        "recipient_name": "だれでも食堂",
        "distributed_on": today().isoformat(),
        "submission_key": "h" * 32,
    }
    for _ in range(2):
        assert client.post(url("intake", drive), intake).status_code == 302
        assert client.post(url("hand_over", drive), hand_over).status_code == 302
    totals = services.item_totals(drive)[0]
    assert (totals.received, totals.distributed) == (12, 5)
    page = client.get(url("intake", drive)).content.decode()
    assert 'name="submission_key"' in page
