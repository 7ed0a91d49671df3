"""A trainer's dashboard (issue 19): their next sessions, each linking to its roster, and
the rosters of past sessions where someone is not marked yet, until they are."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cms.core import roles
from events.courses import services
from events.courses.models import Attendance
from tests.roles import in_role

from .conftest import make_course, make_person, sessions_of

pytestmark = pytest.mark.django_db


def panels(client):
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    return (
        soup.select_one("#tsunagu-next-sessions-section"),
        soup.select_one("#tsunagu-rosters-section"),
        soup,
    )


@pytest.fixture
def taught(supporter):
    """A course of the trainer's that started three weeks ago (two sessions past, one to
    come) with two people enrolled, and a course of someone else's."""
    trainer = in_role("trainer-dash", roles.TRAINERS)
    other = in_role("trainer-other", roles.TRAINERS)
    course = make_course(supporter, title="飯山市サポーター養成講座", days=-10, trainers=[trainer])
    make_course(supporter, title="他の講師の講座", days=3, trainers=[other])
    people = [make_person(f"受講 {i}", f"じゅこう{i}", f"j{i}@example.jp") for i in range(2)]
    for person in people:
        services.enrol(course, person, now=timezone.now() - timedelta(days=20))
    return trainer, course


def test_a_trainer_sees_their_next_session_with_a_link_to_its_roster(client, taught):
    trainer, course = taught
    client.force_login(trainer)
    upcoming, _rosters, soup = panels(client)
    regular, _ = sessions_of(course)
    links = upcoming.select("li a")
    assert [a["href"] for a in links] == [
        reverse("courses:roster", args=[course.pk, regular[-1].pk])
    ]
    assert "飯山市サポーター養成講座" in links[0].text and "他の講師の講座" not in upcoming.text
    assert upcoming.find("h2").text.strip()
    assert not soup.select("#tsunagu-attention-section")


def test_rosters_to_complete_list_past_sessions_until_everyone_is_marked(client, taught):
    trainer, course = taught
    client.force_login(trainer)
    regular, _ = sessions_of(course)
    _upcoming, rosters, _soup = panels(client)
    hrefs = [a["href"] for a in rosters.select("li a")]
    assert hrefs == [
        reverse("courses:roster", args=[course.pk, regular[1].pk]),
        reverse("courses:roster", args=[course.pk, regular[0].pk]),
    ]
    assert "2" in rosters.select("li")[0].text  # two people not marked yet
    registrations = list(course.event.registrations.all())
    services.record_attendance(
        regular[0], {r: (Attendance.Mark.PRESENT, "") for r in registrations}, user=trainer
    )
    _upcoming, rosters, _soup = panels(client)
    assert [a["href"] for a in rosters.select("li a")] == hrefs[:1]


def test_a_trainer_with_nothing_ahead_reads_so(client, supporter):
    client.force_login(in_role("trainer-idle", roles.TRAINERS))
    upcoming, rosters, _soup = panels(client)
    assert upcoming is not None and not upcoming.select("li") and upcoming.find("p").text
    assert rosters is not None and not rosters.select("li")


def test_the_secretariat_sees_no_trainer_panels(client, taught):
    client.force_login(in_role("secretariat-dash", roles.SECRETARIAT))
    upcoming, rosters, _soup = panels(client)
    assert upcoming is None and rosters is None
