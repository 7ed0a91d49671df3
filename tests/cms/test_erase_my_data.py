"""A resident erases their own data from a private page (a registration's, a pledge's, a
volunteer's): a button there opens a page, by a link that works for an hour, that says what
erasing does and asks to confirm; the data goes through the same erasure as staff's, a mail
confirms it, and the figures stay. Links for such actions expire; an expired one offers a new
link by mail and tells nobody whether an address exists."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.core.outbox import MAX_ATTEMPTS
from cms.people.erasure import (
    KEEP_CONFIRMATION_ADDRESS_FOR,
    LINK_FOR,
    erasure_link,
    forget_confirmation_addresses,
)
from cms.people.models import AccessToken, DataRequest, ErasureMail, Person
from cms.people.services import ERASE_MY_DATA, issue_token, resolve_token
from events import services as event_services
from events.fooddrives import services as food_services
from events.models import Registration
from tests.cms.test_erasure import where_is
from tests.events.conftest import make_event
from tests.fooddrives.conftest import make_drive
from tests.platforms import default_platform
from tests.volunteers.conftest import make_volunteer
from volunteers import links

pytestmark = pytest.mark.django_db

EMAIL = "hanako.erase@example.jp"
ERASE_LINK = re.compile(r"http://testserver(/\S+/my-data/erase/\S+/)")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a function as one request does: the mail it queues goes when it returns."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def no_store(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def registration_page():
    event = make_event()
    registration, _ = event_services.register(
        event, quota=event.quotas.get(), name="飯山 花子", email=EMAIL, phone="0269-11-2222"
    )
    token = issue_token(registration.person, registration.token_purpose)
    url = reverse(
        "events:registration", kwargs={"reference": registration.reference, "token": token}
    )
    return registration.person, url, url


def pledge_page():
    drive = make_drive()
    pledge, _ = food_services.pledge(
        drive,
        point=drive.points.first(),
        drop_off_on=timezone.localdate() + timedelta(days=1),
        lines=[food_services.Line(drive.items.first(), 2)],
        name="飯山 花子",
        email=EMAIL,
    )
    token = issue_token(pledge.person, pledge.token_purpose)
    url = reverse("fooddrives:pledge", kwargs={"reference": pledge.reference, "token": token})
    return pledge.person, url, url


def volunteer_page():
    volunteer = make_volunteer(email=EMAIL)
    token = issue_token(volunteer.person, links.MY_PAGE)
    page = reverse("volunteers:my_page", kwargs={"token": token})
    return volunteer.person, page, reverse("volunteers:erase_my_data", kwargs={"token": token})


def csrf_post(client, url, data):
    """POST as a browser does: with the CSRF token of the page before."""
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.mark.parametrize("page", [registration_page, pledge_page, volunteer_page])
def test_from_a_private_page_a_person_erases_their_data_after_confirming(page, run):
    person, page_url, button_url = page()
    client = Client(enforce_csrf_checks=True)
    private = client.get(page_url)
    html = private.content.decode()
    assert "erase_my_data" in html and no_store(private)
    registrations, pledges = Registration.objects.count(), person.pledges.count()
    mail.outbox.clear()

    assert client.post(button_url, {"action": "erase_my_data"}).status_code == 403  # no CSRF
    to_confirm = csrf_post(client, button_url, {"action": "erase_my_data"})
    assert to_confirm.status_code == 302 and "/my-data/erase/" in to_confirm["Location"]
    confirm = client.get(to_confirm["Location"])
    assert confirm.status_code == 200 and no_store(confirm)
    assert 'value="erase"' in confirm.content.decode()
    # Not "no-referrer": browsers would send its form with "Origin: null", refused by CSRF.
    assert confirm["Referrer-Policy"] == "same-origin"
    person.refresh_from_db()
    assert person.erased_at is None  # seeing the page erases nothing

    done = run(csrf_post, client, to_confirm["Location"], {"action": "erase"})
    assert done.status_code == 302
    again = run(csrf_post, client, to_confirm["Location"], {"action": "erase"})  # twice
    assert again.status_code == 302 and again["Location"] == done["Location"]
    erased = client.get(done["Location"])
    assert erased.status_code == 200 and no_store(erased)
    assert EMAIL not in erased.content.decode() and "飯山" not in erased.content.decode()

    person.refresh_from_db()
    assert person.erased_at is not None and person.email == ""
    assert Registration.objects.count() == registrations and person.pledges.count() == pledges
    assert DataRequest.objects.filter(kind=DataRequest.Kind.ERASURE, handled_by=None).count() == 1
    [confirmation] = mail.outbox  # one, for two clicks
    assert confirmation.to == [EMAIL] and "飯山" not in confirmation.body
    # The address went with the mail: nothing in the database holds it any more.
    assert ErasureMail.objects.get(kind=ErasureMail.Kind.DONE).email == ""
    assert where_is(EMAIL) == []
    assert client.get(page_url).status_code == 404  # the private link is revoked


def test_a_link_for_erasing_works_for_an_hour_whatever_its_maker_asks(db):
    person = Person.objects.create(platform=default_platform(), name="飯山 花子", email=EMAIL)
    now = timezone.now()
    raw = issue_token(person, ERASE_MY_DATA, expires_at=now + timedelta(days=30))
    assert AccessToken.objects.get().expires_at <= now + LINK_FOR + timedelta(seconds=5)
    assert resolve_token(raw, ERASE_MY_DATA, now=now + LINK_FOR - timedelta(minutes=1))
    assert resolve_token(raw, ERASE_MY_DATA, now=now + LINK_FOR + timedelta(minutes=1)) is None
    # A row made without an expiry (by an older version) still stops an hour after it was made.
    AccessToken.objects.update(expires_at=None, created_at=now - LINK_FOR - timedelta(minutes=1))
    assert resolve_token(raw, ERASE_MY_DATA) is None


def test_a_link_to_manage_a_registration_keeps_working_as_before(db):
    event = make_event()
    registration, _ = event_services.register(
        event, quota=event.quotas.get(), name="飯山 花子", email=EMAIL
    )
    raw = issue_token(registration.person, registration.token_purpose)
    a_year_on = timezone.now() + timedelta(days=365)
    assert resolve_token(raw, registration.token_purpose, now=a_year_on) is not None


def test_an_expired_link_offers_a_new_one_and_says_the_same_for_a_link_of_nobody(client, run):
    person = Person.objects.create(platform=default_platform(), name="飯山 花子", email=EMAIL)
    url = erasure_link(person, "ja").removeprefix("http://testserver")
    AccessToken.objects.update(created_at=timezone.now() - LINK_FOR - timedelta(minutes=1))
    expired = client.get(url)
    assert expired.status_code == 404 and no_store(expired)
    assert 'value="new_link"' in expired.content.decode()
    mail.outbox.clear()

    sent = run(client.post, url, {"action": "new_link"})
    assert sent.status_code == 200 and EMAIL not in sent.content.decode()
    [message] = mail.outbox
    assert message.to == [EMAIL]
    fresh = ERASE_LINK.search(message.body).group(1)
    assert client.get(fresh).status_code == 200  # the new link works; the old one stays dead
    assert client.get(url).status_code == 404

    nobody = reverse("people:erase_my_data", kwargs={"token": "x" * 43})
    answer = run(client.post, nobody, {"action": "new_link"})
    assert answer.status_code == 200 and len(mail.outbox) == 1
    # The same page, but for the link in its own address.
    strip = re.compile(r'/my-data/erase/[^/]+/|name="csrfmiddlewaretoken" value="[^"]*"')
    assert strip.sub("", answer.content.decode()) == strip.sub("", sent.content.decode())
    assert client.get(nobody).status_code == 404


def test_a_confirmation_keeps_its_address_only_until_it_is_sent_given_up_or_stale(db):
    person = Person.objects.create(platform=default_platform(), name="—", erased_at=timezone.now())
    waiting, given_up, stale = (
        ErasureMail.objects.create(person=person, kind=ErasureMail.Kind.DONE, email=EMAIL)
        for _ in range(3)
    )
    ErasureMail.objects.filter(pk=given_up.pk).update(attempts=MAX_ATTEMPTS)
    ErasureMail.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - KEEP_CONFIRMATION_ADDRESS_FOR - timedelta(minutes=1)
    )
    forget_confirmation_addresses()
    addresses = dict(ErasureMail.objects.values_list("pk", "email"))
    assert addresses == {waiting.pk: EMAIL, given_up.pk: "", stale.pk: ""}
