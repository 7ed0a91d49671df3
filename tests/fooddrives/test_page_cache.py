"""The food-drive page is cached with its pledge form, and shows each item's progress the
moment a pledge changes it; the form refuses posts from other sites (cms/core/pagecache.py,
origin.py)."""

import pytest
from django.test import Client

from events.fooddrives.models import Pledge
from tests.fooddrives.test_public_pledge import form_data
from tests.pagecache import CROSS_ORIGIN_POSTS, assert_shows_the_change, warm

pytestmark = pytest.mark.django_db


def test_the_page_with_its_form_is_cached_without_a_csrf_token(client, drive):
    page = warm(client, drive.url).content.decode()
    assert 'name="email"' in page
    assert "csrfmiddlewaretoken" not in page


def test_a_pledge_changes_the_progress(run, client, drive):
    before = warm(client, drive.url)
    assert run(Client().post, drive.url, form_data(drive)).status_code == 302
    assert_shows_the_change(client, drive.url, before)


def test_a_pledge_not_brought_frees_its_part_of_the_target(run, client, drive):
    run(Client().post, drive.url, form_data(drive))
    before = warm(client, drive.url)
    Pledge.objects.all().move(Pledge.Status.PLEDGED, Pledge.Status.NOT_BROUGHT)
    assert_shows_the_change(client, drive.url, before)


@pytest.mark.parametrize(("headers", "status"), CROSS_ORIGIN_POSTS)
def test_the_pledge_form_refuses_other_sites(run, drive, headers, status):
    visitor = Client(enforce_csrf_checks=True)
    response = run(visitor.post, drive.url, form_data(drive), **headers)
    assert response.status_code == status
    assert Pledge.objects.exists() == (status == 302)
