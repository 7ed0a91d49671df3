"""The scale data set (`load_scale`), built small: every app's part of it, its counts, that a
second run adds nothing, and that its pages render. The full set is what `make bench` measures
(tests/bench/)."""

import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.html import escape
from wagtail.models import Page

from cms.directory.ibasho.models import IbashoPage
from cms.directory.members.models import MemberOrganisationPage, Membership
from cms.directory.windows.models import ConsultationWindow
from cms.news.models import NewsPage
from cms.people.models import Person
from cms.search.models import SearchEntry
from events.capacity import Status
from events.fooddrives.models import FoodDrivePage, Pledge, PledgeLine
from events.models import EventPage, EventSession, Registration
from volunteers.models import Shift, ShiftSignup

SCALE = "0.002"  # 20 events, 200 registrations (2 for the big event), 10 news items


def counts():
    scale = {"slug__startswith": "scale-"}
    return {
        "events": EventPage.objects.filter(locale__language_code="ja", **scale).count(),
        "events in English": EventPage.objects.filter(locale__language_code="en", **scale).count(),
        "sessions": EventSession.objects.filter(page__slug__startswith="scale-").count(),
        "registrations": Registration.objects.filter(event__slug__startswith="scale-").count(),
        "confirmed": Registration.objects.filter(
            event__slug__startswith="scale-", status=Status.CONFIRMED
        ).count(),
        "people": Person.objects.count(),
        "news": NewsPage.objects.filter(**scale).count(),
        "members": MemberOrganisationPage.objects.filter(**scale).count(),
        "memberships": Membership.objects.filter(page__slug__startswith="scale-").count(),
        "ibasho": IbashoPage.objects.filter(**scale).count(),
        "windows": ConsultationWindow.objects.filter(name__contains="00000").count(),
        "shifts": Shift.objects.filter(opportunity__title__contains="規模データ").count(),
        "sign-ups": ShiftSignup.objects.filter(shift__opportunity__title__contains="規模").count(),
        "confirmed sign-ups": ShiftSignup.objects.filter(
            shift__opportunity__title__contains="規模データ", status=Status.CONFIRMED
        ).count(),
        "pledges": Pledge.objects.filter(drive__slug="scale-food-drive").count(),
        "pledge lines": PledgeLine.objects.filter(pledge__drive__slug="scale-food-drive").count(),
        "pages": Page.objects.count(),
        "search entries": SearchEntry.objects.count(),
    }


def load(*options):
    out = io.StringIO()
    call_command("load_scale", "--scale", SCALE, *options, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_scale_builds_every_part_a_second_run_adds_nothing_and_its_pages_render(demo_copy):
    """One test, as loading takes a minute: on SQLite in the suite's SQLite run, and on
    PostgreSQL in its PostgreSQL run. The first run starts from the demo restored from its copy
    (--demo-loaded); the second is the whole command, the demo loaded again included."""
    demo_copy.restore()
    cache.clear()  # Wagtail's cached site root paths name the pages replaced
    output = load("--demo-loaded")
    first = counts()
    assert first["events"] == first["events in English"] == 20
    assert first["sessions"] == 2 * 2 * 20  # two per event, in each language
    assert first["registrations"] == first["confirmed"] == 200
    assert first["news"] == 2 * 10
    assert first["members"] == first["memberships"] * 2 == 2
    assert first["ibasho"] == 2 * 4
    assert first["windows"] == 2  # Japanese and English
    assert first["shifts"] == 2
    assert first["sign-ups"] == first["confirmed sign-ups"] == 2 * 10
    assert first["pledges"] == 40
    assert first["pledge lines"] == 60  # one or two kinds of food each
    assert "events: 20 events with 40 sessions (ja, en), 200 registrations" in output
    tree_is_sound()
    load()
    assert counts() == first
    with pytest.raises(CommandError, match="another --scale"):
        call_command("load_scale", "--scale", "0.004", stdout=io.StringIO())
    pages_render()


def tree_is_sound():
    """The pages written in bulk (cms/core/bulk_pages.py) make a tree that Wagtail's own check
    finds nothing wrong with: paths, depths, children counts, each page's specific row."""
    out = io.StringIO()
    call_command("fixtree", "--noinput", stdout=out)
    assert out.getvalue().count("No problems found.") == 2, out.getvalue()  # pages, collections


def pages_render():
    client = Client(HTTP_HOST="127.0.0.1")
    pages = [
        EventPage.objects.get(slug="scale-event-00000", locale__language_code="ja"),
        EventPage.objects.get(slug="scale-event-00001", locale__language_code="en"),
        NewsPage.objects.get(slug="scale-news-00003", locale__language_code="ja"),
        IbashoPage.objects.get(slug="scale-ibasho-00002", locale__language_code="en"),
        MemberOrganisationPage.objects.get(slug="scale-member-00000", locale__language_code="ja"),
        FoodDrivePage.objects.get(slug="scale-food-drive", locale__language_code="ja"),
    ]
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert escape(page.title) in response.content.decode()
    for page in pages:
        index = page.get_parent()
        response = client.get(index.url)
        assert response.status_code == 200, index.url
    listed = client.get(pages[0].get_parent().url + "?category=lecture")
    assert listed.status_code == 200
    found = client.get("/ja/search/", {"q": "みんなの居場所00002"})
    assert found.status_code == 200
    assert "みんなの居場所" in found.content.decode()
