"""The event page is cached with its registration form, and shows the seats left the moment
they change; the form refuses posts from other sites (cms/core/pagecache.py, origin.py)."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cms.core.pagecache import HEADER
from events import services
from events.capacity import Status
from events.models import Registration
from tests.events.conftest import make_event
from tests.events.test_registration_views import form_data
from tests.pagecache import (
    CROSS_ORIGIN_POSTS,
    assert_shows_the_change,
    submission_keys,
    warm,
    without_keys,
)

pytestmark = pytest.mark.django_db


def register(event, email, companions=0):
    registration, _created = services.register(
        event, quota=event.quotas.first(), name="山田 花子", email=email, companions=companions
    )
    return registration


def test_the_page_with_its_form_is_cached_without_a_csrf_token(client, event):
    page = warm(client, event.url).content.decode()
    assert 'name="email"' in page
    assert "csrfmiddlewaretoken" not in page


def test_each_copy_served_has_its_own_submission_key_so_two_visitors_both_register(run, event):
    first, second = Client(), Client()
    warm(first, event.url)
    pages = [warm(visitor, event.url) for visitor in (first, second)]
    keys = [submission_keys(page) for page in pages]
    assert keys[0] and keys[0] != keys[1]
    for n, key in enumerate(keys):
        value = re.search(rb'value="([^"]+)"', key[0]).group(1).decode()
        data = form_data(event, email=f"visitor{n}@example.jp", submission_key=value)
        assert run(Client().post, event.url, data).status_code == 302
    assert Registration.objects.count() == 2


def test_a_registration_changes_the_seats_left(run, client, event):
    before = warm(client, event.url)
    response = run(Client().post, event.url, form_data(event))
    assert response.status_code == 302
    assert_shows_the_change(client, event.url, before)


def test_a_cancellation_that_promotes_the_waitlist(run, client):
    event = make_event(capacity=2, waitlist_enabled=True)
    party = register(event, "party@example.jp", companions=1)
    waiting = register(event, "waiting@example.jp")
    assert waiting.status == Status.WAITLISTED
    before = warm(client, event.url)  # full
    run(services.cancel_registration, party)
    waiting.refresh_from_db()
    assert waiting.status != Status.WAITLISTED
    # one place left: the freed two went one to the waitlist
    assert_shows_the_change(client, event.url, before)


@pytest.mark.parametrize(("headers", "status"), CROSS_ORIGIN_POSTS)
def test_the_registration_form_refuses_other_sites(run, event, headers, status):
    visitor = Client(enforce_csrf_checks=True)
    response = run(visitor.post, event.url, form_data(event), **headers)
    assert response.status_code == status
    assert Registration.objects.exists() == (status == 302)


def test_a_form_with_errors_is_neither_served_from_nor_stored_in_the_cache(run, client, event):
    cached = warm(client, event.url)
    visitor = Client()
    typed = form_data(event, name="入力 間違い", email="not an address")
    response = run(visitor.post, event.url, typed)
    assert response.status_code == 200
    assert HEADER not in response
    assert "入力 間違い" in response.content.decode()  # what was typed comes back
    again = client.get(event.url)
    assert again[HEADER] == "hit"
    assert "入力 間違い" not in again.content.decode()
    assert without_keys(again) == without_keys(cached)


def test_a_cached_page_is_not_served_past_the_moment_registration_closes(client, monkeypatch):
    closes = timezone.now() + timedelta(hours=2)
    event = make_event(registration_closes_at=closes)
    open_page = warm(client, event.url)
    assert b'name="email"' in open_page.content
    # Nobody writes anything: the clock alone closes the registration.
    monkeypatch.setattr(timezone, "now", lambda: closes + timedelta(minutes=1))
    closed = client.get(event.url)
    assert closed[HEADER] == "miss"
    assert b'name="email"' not in closed.content
