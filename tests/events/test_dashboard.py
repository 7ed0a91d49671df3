"""A member editor's dashboard (issue 19): its organisation's next events and how full they
are (counts, never who), and its own pages waiting for the secretariat's approval."""

import pytest
from bs4 import BeautifulSoup

from cms.directory.models import MemberOrganisationPage
from cms.people.models import Person
from events.capacity import Status
from events.models import Registration
from tests.platforms import default_platform
from tests.roles import member_editor

from .conftest import make_event

pytestmark = pytest.mark.django_db


def soup_of(client):
    return BeautifulSoup(client.get("/admin/").content, "html.parser")


def register(event, status, name):
    person = Person.objects.create(platform=default_platform(), name=name, email=f"{name}@ex.jp")
    Registration.objects.create(
        event=event, quota=event.quotas.first(), person=person, status=status
    )


@pytest.fixture
def member():
    user = member_editor("npo-dash")
    profile = MemberOrganisationPage.objects.get(slug="npo-npo-dash")
    return user, profile


def test_a_member_sees_its_events_with_places_taken_and_waiting(client, member):
    user, profile = member
    ours = make_event("私たちの居場所まつり", capacity=1, organiser=profile)
    make_event("よその講演会", capacity=5)
    register(ours, Status.CONFIRMED, "hanako")
    register(ours, Status.WAITLISTED, "taro")
    client.force_login(user)
    soup = soup_of(client)
    panel = soup.select_one("#tsunagu-organised-events-section")
    rows = panel.select("li")
    assert len(rows) == 1
    assert "私たちの居場所まつり" in rows[0].text and "よその講演会" not in panel.text
    assert "1" in rows[0].text and "hanako" not in panel.text  # counts, no names
    assert rows[0].find("a")["href"] == ours.get_url()
    assert not soup.select("#tsunagu-attention-section")


def test_a_member_with_no_events_reads_so(client, member):
    client.force_login(member[0])
    panel = soup_of(client).select_one("#tsunagu-organised-events-section")
    assert panel is not None and not panel.select("li") and panel.find("p").text.strip()


def test_a_member_sees_its_page_awaiting_moderation(client, member):
    user, profile = member
    profile.summary = "子ども食堂を始めました。"
    profile.save_revision(user=user)
    profile.get_workflow().start(profile, user)
    client.force_login(user)
    soup = soup_of(client)
    # Wagtail's own panel of the pages the account submitted, kept on the dashboard
    panel = soup.select_one("#objects-in-workflow-section")
    assert panel is not None and profile.title in panel.get_text()
