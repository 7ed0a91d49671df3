"""One pledge holds at most the drive's most of each kind of food (issue 16): the public form
refuses more next to the item, keeping what was typed; the service refuses it on every path;
staff record a larger pledge only with a reason, which is kept."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.fooddrives import services
from events.fooddrives.models import Pledge
from events.fooddrives.services import PledgeError
from tests.fooddrives.conftest import item, make_drive
from tests.fooddrives.test_public_pledge import form_data
from tests.roles import secretariat


def pledge(drive, quantity, name="缶詰", **kw):
    return services.pledge(
        drive,
        point=drive.points.first(),
        drop_off_on=timezone.localdate() + timedelta(days=2),
        lines=[services.Line(item(drive, name), quantity)],
        name="飯山 花子",
        email=kw.pop("email", "hanako@example.jp"),
        **kw,
    )[0]


def test_more_than_the_most_per_pledge_is_refused_next_to_the_item_keeping_the_form(
    run, client, db
):
    drive = make_drive(max_per_item=10)
    cans = item(drive, "缶詰")
    page = client.get(drive.url).content.decode()
    assert "1回の寄付で10 個まで" in page  # said before anyone types
    response = run(client.post, drive.url, form_data(drive, **{f"item_{cans.pk}": "11"}))
    assert response.status_code == 200
    (error,) = response.context["form"].errors[f"item_{cans.pk}"]
    assert "缶詰" in error and "10 個" in error
    body = response.content.decode()
    assert 'value="11"' in body and 'value="飯山 花子"' in body
    assert not Pledge.objects.exists() and not mail.outbox
    ok = run(client.post, drive.url, form_data(drive, **{f"item_{cans.pk}": "10"}))
    assert ok.status_code == 302


def test_the_service_refuses_it_whoever_calls_and_staff_go_beyond_with_a_reason(db):
    drive = make_drive(max_per_item=10)
    staff = secretariat()
    with pytest.raises(PledgeError) as refused:
        pledge(drive, 11)
    assert refused.value == PledgeError("over_limit", item="缶詰", most=10, unit="個")
    with pytest.raises(PledgeError):
        pledge(drive, 11, email="", staff_user=staff)
    with pytest.raises(PledgeError):  # a reason from the public is no override
        pledge(drive, 11, override_reason="会社から")
    big = pledge(drive, 150, email="", staff_user=staff, override_reason="会社からの寄付")
    assert big.override_reason == "会社からの寄付"
    assert big.lines.get().quantity == 150
    assert (
        pledge(drive, 5, email="", staff_user=staff, override_reason="念のため").override_reason
        == ""
    )
    with pytest.raises(PledgeError) as refused:
        pledge(drive, services.MAX_QUANTITY + 1, email="", staff_user=staff, override_reason="x")
    assert refused.value.code == "bad_quantity"


def test_when_less_is_wanted_than_the_limit_the_target_is_what_is_said(db):
    drive = make_drive(max_per_item=500)
    with pytest.raises(PledgeError) as refused:
        pledge(drive, 121, name="お米")
    assert refused.value.code == "target_reached"


def test_staff_set_the_limit_on_the_drive_and_give_a_reason_by_phone(client, db):
    drive = make_drive(max_per_item=10)
    client.force_login(secretariat())
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[drive.pk])).content.decode()
    assert 'name="max_per_item"' in edit
    add = reverse("fooddrives_admin:add", args=[drive.pk])
    cans = item(drive, "缶詰")
    data = {
        "point": drive.points.first().pk,
        "drop_off_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        f"quantity_{cans.pk}": "40",
        "name": "電話 受付",
        "language": "ja",
        "submission_key": "k1",
    }
    refused = client.post(add, data)
    assert refused.status_code == 200
    assert refused.context["form"].errors[f"quantity_{cans.pk}"]
    assert client.post(add, {**data, "override_reason": "商店から"}).status_code == 302
    assert Pledge.objects.get().override_reason == "商店から"
