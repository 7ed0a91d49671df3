"""Check-in by QR code: the registrant's code on the confirmation, the private page and the
mail; the staff page that takes it scanned or typed."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import services
from events.models import CHECK_IN_ALPHABET, Registration
from tests.documents import decode_qr
from tests.events.conftest import make_event
from tests.events.test_registration_views import LINK, post
from tests.roles import member_editor, secretariat, trainer

pytestmark = pytest.mark.django_db
QR_IMAGE = re.compile(r'src="data:image/png;base64,([^"]+)"')


def register(event, name="山田 花子", email="hanako@example.jp", **kw):
    return services.register(event, quota=event.quotas.get(), name=name, email=email, **kw)[0]


def page_qr(html):
    import base64

    match = QR_IMAGE.search(html)
    return decode_qr(base64.b64decode(match.group(1))) if match else []


def check_in_url(event):
    return reverse("events_admin:check_in", args=[event.pk])


@pytest.fixture
def staff(client, db):
    user = secretariat()
    client.force_login(user)
    return user


def test_each_registration_has_its_own_random_code_that_reveals_nothing(event):
    first, second = register(event), register(event, "鈴木 一郎", "ichiro@example.jp")
    for registration in (first, second):
        code = registration.check_in_code
        assert len(code) == 16 and set(code) <= set(CHECK_IN_ALPHABET)
        assert registration.check_in_label == "-".join(code[i : i + 4] for i in (0, 4, 8, 12))
    assert first.check_in_code != second.check_in_code


def test_the_thank_you_page_shows_no_code_the_private_link_does(run, client, event):
    """The thank-you page is the same whoever typed the address (issue 16), so it cannot show
    a code: it would be someone else's. The mail's link shows it."""
    response = post(run, client, event)
    page = client.get(response["Location"]).content.decode()
    registration = Registration.objects.get()
    assert page_qr(page) == []
    assert registration.check_in_label not in page
    link = LINK.search(mail.outbox[-1].body).group(0)
    assert page_qr(client.get(link).content.decode()) == [registration.check_in_label]


def test_the_mail_carries_the_code_as_an_attached_qr_code_not_the_private_link(run, client, event):
    post(run, client, event)
    registration = Registration.objects.get()
    message = mail.outbox[-1]
    assert registration.check_in_label in message.body
    (filename, content, mimetype), (ics, _dates, _type) = message.attachments
    assert (filename, mimetype, ics) == ("check-in-code.png", "image/png", "event.ics")
    (code,) = decode_qr(content)
    assert code == registration.check_in_label
    assert not LINK.search(code) and "山田" not in code and "@" not in code


def test_the_private_page_shows_the_code_once_the_place_is_confirmed(run, client):
    event = make_event(capacity=1)
    register(event, "先に 来た", "first@example.jp")
    post(run, client, event, email="second@example.jp")
    waiting = Registration.objects.get(person__email="second@example.jp")
    waiting_mail = mail.outbox[-1]
    assert waiting.status == "waitlisted" and not waiting_mail.attachments
    assert waiting.check_in_label not in waiting_mail.body
    link = LINK.search(waiting_mail.body).group(0)
    assert page_qr(client.get(link).content.decode()) == []
    run(services.cancel_registration, Registration.objects.get(person__email="first@example.jp"))
    promoted = mail.outbox[-1]
    assert promoted.to == ["second@example.jp"] and promoted.attachments
    assert page_qr(client.get(link).content.decode()) == [waiting.check_in_label]


def test_staff_check_in_by_the_scanned_code_once_however_often_it_is_scanned(client, staff):
    event = make_event(capacity=5)
    registration = register(event)
    response = client.post(
        check_in_url(event), {"action": "code", "code": registration.check_in_label}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "attended" and registration.attended_at
    first_time = registration.attended_at
    page = client.post(
        check_in_url(event), {"action": "code", "code": registration.check_in_label}, follow=True
    ).content.decode()
    assert "すでに受付済み" in page
    registration.refresh_from_db()
    assert registration.attended_at == first_time
    assert Registration.objects.filter(event=event, status="attended").count() == 1


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),  # a scanner in lower case
        lambda code: "".join(chr(ord(c) + 0xFEE0) for c in code),  # full-width, from an IME
        lambda code: f"  {code[:8]} {code[8:]}  ",
        lambda code: "ー".join(code[i : i + 4] for i in (0, 4, 8, 12)),
    ],
)
def test_a_code_typed_by_hand_is_understood(client, staff, typed):
    event = make_event()
    registration = register(event)
    client.post(check_in_url(event), {"action": "code", "code": typed(registration.check_in_code)})
    registration.refresh_from_db()
    assert registration.status == "attended"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("garbage", "チェックインコードではありません"),
        ("url", "チェックインコードではありません"),
        ("unknown", "このチェックインコードの申込みはありません"),
        ("other_event", "別のイベントのチェックインコードです"),
        ("cancelled", "キャンセルされた申込み"),
        ("waitlisted", "キャンセル待ち"),
    ],
)
def test_a_wrong_code_says_what_is_wrong_keeps_what_was_scanned_and_changes_nothing(
    client, staff, case, message
):
    event = make_event(capacity=1)
    holder = register(event)
    waiting = register(event, "待ち 人", "wait@example.jp")
    other = register(make_event(), "他 人", "other@example.jp")
    cancelled = register(make_event(), "取消 人", "cancel@example.jp")
    services.cancel_registration(cancelled)
    cancelled.event = event  # the code of a cancelled registration of this event
    Registration.objects.filter(pk=cancelled.pk).update(event=event)
    code = {
        "garbage": "これは違う",
        "url": "https://example.jp/events/symposium/",
        "unknown": "2345-6789-ABCD-EFGH",
        "other_event": other.check_in_label,
        "cancelled": cancelled.check_in_label,
        "waitlisted": waiting.check_in_label,
    }[case]
    response = client.post(check_in_url(event), {"action": "code", "code": code})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page and f'value="{code}"' in page
    assert set(Registration.objects.values_list("status", flat=True)) <= {
        "confirmed",
        "waitlisted",
        "cancelled",
    }
    holder.refresh_from_db()
    assert holder.status == "confirmed"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(code=st.text(max_size=120))
def test_no_scanned_text_makes_the_check_in_page_fail(client, staff, code):
    event = make_event()
    response = client.post(check_in_url(event), {"action": "code", "code": code})
    assert response.status_code in (200, 302)


def test_only_staff_who_may_manage_the_event_can_check_in(client, db):
    event = make_event()
    registration = register(event)
    data = {"action": "code", "code": registration.check_in_label}
    assert "/login/" in client.post(check_in_url(event), data)["Location"]
    for user in (member_editor(), trainer()):
        client.force_login(user)
        for response in (client.get(check_in_url(event)), client.post(check_in_url(event), data)):
            assert response.status_code == 302 and response["Location"] == "/admin/"
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    client.force_login(secretariat())
    assert client.get(check_in_url(event)).status_code == 200
    client.post(check_in_url(event), data)
    registration.refresh_from_db()
    assert registration.status == "attended"


def test_the_check_in_page_works_without_javascript_and_offers_the_camera_as_an_extra(
    client, staff
):
    page = client.get(check_in_url(make_event())).content.decode()
    assert '<form method="post" id="check-in-code-form">' in page
    assert 'name="code"' in page and "autofocus" in page
    # The camera button is hidden until the script finds a camera and a decoder.
    assert re.search(r'<button[^>]+id="check-in-scan"[^>]*hidden', page)
    assert "events/check_in_scan.js" in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_phones_scanning_the_same_code_at_once_check_in_once():
    from tests.concurrency import run_concurrently

    event = make_event(capacity=5)
    registration = register(event)

    def scan(_i):
        return services.check_in_by_code(event, registration.check_in_label)[1]

    results, errors = run_concurrently(scan, 8)
    assert errors == []
    assert results.count(True) == 1
    registration.refresh_from_db()
    assert registration.status == "attended"
