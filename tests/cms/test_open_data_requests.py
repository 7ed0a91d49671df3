"""Personal-data requests received at the desk (issue 19): recorded open with a due date two
weeks on, listed for the officer, on the dashboard as "N open, M overdue" (by the Tokyo date),
closed as done or declined; only for those who handle requests, on their own platform."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cms.core import roles
from cms.core.dashboard import Scope
from cms.people import data_requests
from cms.people.data_requests import DataRequestError, open_counts, receive_data_request
from cms.people.models import DataRequest
from cms.people.services import record_data_request
from cms.people.wagtail_hooks import data_requests_attention
from tests.platforms import default_platform, other_platform, staff_of
from tests.roles import (
    coordinator,
    data_protection_officer,
    food_drive_desk,
    member_editor,
    secretariat,
    trainer,
)

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
URL = "/admin/people/requests/open/"
DASHBOARD = "/admin/"


def received(platform, on, **fields):
    return receive_data_request(
        platform,
        kind=fields.pop("kind", DataRequest.Kind.DISCLOSURE),
        channel=fields.pop("channel", DataRequest.Channel.COUNTER),
        received_on=on,
        **fields,
    )


def attention(user, now):
    class Request:
        pass

    request = Request()
    request.user = user
    return data_requests_attention(request, Scope(user, now=now))


def test_a_request_received_is_open_and_due_fourteen_days_later():
    request = received(default_platform(), date(2026, 12, 1), note="窓口で本人確認済み")
    assert request.state == DataRequest.State.OPEN
    assert request.due_on == date(2026, 12, 15)
    assert request.handled_at is None and request.handled_by is None


def test_a_request_answered_on_the_personal_data_screen_is_logged_done():
    logged = record_data_request(DataRequest.Kind.ERASURE, [], None, default_platform())
    assert logged.state == DataRequest.State.DONE
    assert logged.handled_at is not None
    assert logged.received_on == timezone.localdate(logged.handled_at)
    assert open_counts(DataRequest.objects.values("platform"))[0] == 0


def test_overdue_counts_from_the_day_after_the_due_day_in_tokyo():
    platform = default_platform()
    received(platform, date(2026, 12, 1))  # due 12-15
    platforms = data_requests.handling_platforms(secretariat_superuser())
    assert open_counts(platforms, date(2026, 12, 15)) == (1, 0)
    assert open_counts(platforms, date(2026, 12, 16)) == (1, 1)
    officer = data_protection_officer()
    # 14:59 UTC on the 15th is 23:59 in Tokyo: still due today; 15:00 UTC is the 16th.
    last_minute = datetime(2026, 12, 15, 23, 59, tzinfo=TOKYO)
    first_minute = last_minute + timedelta(minutes=1)
    assert (
        attention(officer, last_minute)[0].label
        == "件の個人情報の請求が未対応（うち0件が期限切れ）"
    )
    assert "うち1件が期限切れ" in attention(officer, first_minute)[0].label
    assert attention(officer, first_minute)[0].count == 1


def secretariat_superuser():
    return get_user_model().objects.create_superuser("root", "root@example.jp", "x")


def test_a_due_date_before_the_day_received_is_refused():
    with pytest.raises(DataRequestError) as refused:
        received(default_platform(), date(2026, 12, 10), due_on=date(2026, 12, 9))
    assert refused.value.code == "due_before_received"


@pytest.mark.parametrize(
    "make_user", [secretariat, member_editor, trainer, coordinator, food_drive_desk]
)
def test_roles_that_do_not_handle_requests_see_neither_the_item_nor_the_list(client, make_user):
    received(default_platform(), date(2026, 12, 1))
    user = make_user()
    assert attention(user, timezone.now()) is None
    client.force_login(user)
    assert client.get(URL).status_code != 200  # Wagtail sends a refused user to the admin home
    assert 'data-attention="data_requests"' not in client.get(DASHBOARD).text


def test_the_officer_sees_the_item_linking_to_the_open_list_and_closes_a_request(client):
    request = received(default_platform(), date(2026, 12, 1), note="郵送で受付")
    officer = data_protection_officer()
    client.force_login(officer)
    dashboard = client.get(DASHBOARD).text
    assert 'data-attention="data_requests"' in dashboard
    assert reverse("people_open_data_requests") in dashboard
    listing = client.get(URL).text
    assert "郵送で受付" in listing and "2026-12-15" in listing
    response = client.post(URL, {"action": "declined", "request": request.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == DataRequest.State.DECLINED
    assert request.handled_by == officer and request.handled_at is not None
    # closing twice is refused in words, not a 500
    page = client.post(URL, {"action": "done", "request": request.pk}, follow=True).text
    assert "already closed" in page or "すでに" in page


def test_the_officer_records_a_request_with_full_width_dates_and_a_bad_date_keeps_the_input(
    client,
):
    client.force_login(data_protection_officer())
    form = {
        "action": "receive",
        "platform": default_platform().pk,
        "kind": "correction",
        "channel": "phone",
        "received_on": "２０２６－１２－０１",
        "note": "電話で受付",
    }
    assert client.post(URL, form).status_code == 302
    request = DataRequest.objects.get()
    assert (request.kind, request.channel, request.received_on, request.due_on) == (
        "correction",
        "phone",
        date(2026, 12, 1),
        date(2026, 12, 15),
    )
    page = client.post(URL, form | {"due_on": "2026-11-30"})
    assert page.status_code == 200
    assert "電話で受付" in page.text
    assert DataRequest.objects.count() == 1


def test_the_officer_of_one_platform_sees_and_closes_only_its_requests(client):
    iiyama, nagano = default_platform(), other_platform()
    here = received(iiyama, date(2026, 12, 1), note="飯山の請求")
    there = received(nagano, date(2026, 12, 1), note="長野の請求")
    officer = staff_of(nagano, roles.DATA_PROTECTION)
    # Also on 飯山市's secretariat: a role without the permission does not open its requests.
    officer.groups.add(*secretariat("other").groups.all())
    client.force_login(officer)
    listing = client.get(URL).text
    assert "長野の請求" in listing and "飯山の請求" not in listing
    assert attention(officer, timezone.now())[0].count == 1
    client.post(URL, {"action": "done", "request": here.pk})
    here.refresh_from_db()
    assert here.state == DataRequest.State.OPEN
    client.post(URL, {"action": "done", "request": there.pk})
    there.refresh_from_db()
    assert there.state == DataRequest.State.DONE
    # the form offers only the officer's platform
    refused = client.post(
        URL,
        {
            "action": "receive",
            "platform": iiyama.pk,
            "kind": "erasure",
            "channel": "mail",
            "received_on": "2026-12-01",
        },
    )
    assert refused.status_code == 200
    assert DataRequest.objects.filter(platform=iiyama).count() == 1


def test_the_open_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(data_protection_officer())
    received(default_platform(), date(2026, 12, 1))
    client.get(URL)
    with django_assert_max_num_queries(40) as counted:
        client.get(URL)
    fixed = len(counted)
    for day in range(1, 11):
        received(default_platform(), date(2026, 11, day))
    with django_assert_max_num_queries(fixed):
        client.get(URL)
