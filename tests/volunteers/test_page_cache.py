"""The public shift list is cached and shows the places left the moment a sign-up changes
them (cms/core/pagecache.py)."""

import pytest

from tests.pagecache import assert_shows_the_change, warm
from volunteers import services

pytestmark = pytest.mark.django_db

URL = "/ja/volunteers/"


def test_a_sign_up_changes_the_places_left(run, client, shift, volunteer):
    before = warm(client, URL)
    run(services.sign_up, volunteer, shift)
    assert_shows_the_change(client, URL, before)


def test_signing_up_many_at_once_changes_them_too(run, client, shift, volunteer):
    before = warm(client, URL)
    run(services.sign_up_many, shift, [volunteer])
    assert_shows_the_change(client, URL, before)
