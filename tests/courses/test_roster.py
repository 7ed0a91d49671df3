"""The trainer's roster: own courses only, marks one by one or in bulk, without JavaScript."""

import pytest
from django.urls import reverse

from cms.core.roles import SECRETARIAT
from events.courses import services
from events.courses.models import Attendance, CourseCompletion
from tests.platforms import default_platform, staff_of

from .conftest import make_course, make_person, make_user, sessions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainers(supporter):
    a, b = make_user("trainer-a"), make_user("trainer-b")
    course_a = make_course(supporter, title="鳥取市つながりサポーター養成講座", trainers=[a])
    course_b = make_course(supporter, title="市原市ゆるサポ養成講座", trainers=[b])
    return a, b, course_a, course_b


def roster_url(course, session):
    return reverse("courses:roster", args=[course.pk, session.pk])


def test_a_trainer_sees_only_their_own_courses(client, trainers):
    a, _b, course_a, course_b = trainers
    client.force_login(a)
    page = client.get(reverse("courses:list")).content.decode()
    assert course_a.event.title in page
    assert course_b.event.title not in page
    session_b = sessions_of(course_b)[0][0]
    assert client.get(roster_url(course_b, session_b)).status_code == 404
    assert client.get(reverse("courses:detail", args=[course_b.pk])).status_code == 404
    # Nor through their own course with the other's session.
    assert client.get(roster_url(course_a, session_b)).status_code == 404


def test_a_trainer_cannot_mark_another_trainers_roster(client, trainers):
    a, _b, _course_a, course_b = trainers
    registration, _ = services.enrol(course_b, make_person("市原 一郎", "いちはら いちろう"))
    session_b = sessions_of(course_b)[0][0]
    client.force_login(a)
    response = client.post(roster_url(course_b, session_b), {f"mark-{registration.pk}": "present"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, trainers):
    _a, _b, course_a, _course_b = trainers
    response = client.get(roster_url(course_a, sessions_of(course_a)[0][0]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_secretariat_sees_every_course(client, trainers):
    _a, _b, course_a, course_b = trainers
    # the platform's secretariat (an account in no platform's group sees no platform's)
    client.force_login(staff_of(default_platform(), SECRETARIAT))
    page = client.get(reverse("courses:list")).content.decode()
    assert course_a.event.title in page and course_b.event.title in page


def test_marking_one_and_the_rest_in_bulk(client, trainers, django_assert_max_num_queries):
    a, _b, course_a, _course_b = trainers
    people = [make_person(f"受講者{i}", f"じゅこうしゃ{i}") for i in range(5)]
    registrations = [services.enrol(course_a, p)[0] for p in people]
    session = sessions_of(course_a)[0][0]
    client.force_login(a)
    late = registrations[0]
    response = client.post(
        roster_url(course_a, session),
        {
            f"mark-{late.pk}": "late",
            f"note-{late.pk}": "10分遅刻",
            f"mark-{registrations[1].pk}": "absent",
            "all": "present",
        },
    )
    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("registration_id", "mark"))
    assert marks[late.pk] == "late"
    assert marks[registrations[1].pk] == "absent"
    assert [marks[r.pk] for r in registrations[2:]] == ["present"] * 3
    assert Attendance.objects.get(registration=late).note == "10分遅刻"
    page = client.get(roster_url(course_a, session)).content.decode()
    assert 'value="late" checked' in page
    assert "10分遅刻" in page


def test_the_roster_page_has_a_constant_number_of_queries(client, trainers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, _b, course_a, _course_b = trainers
    session = sessions_of(course_a)[0][0]
    client.force_login(a)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(roster_url(course_a, session)).status_code == 200
        return len(queries)

    services.enrol(course_a, make_person("一人目", "ひとりめ"))
    count()  # warms the site and settings caches
    one = count()
    for i in range(6):
        services.enrol(course_a, make_person(f"受講者{i}", f"じゅこうしゃ{i}"))
    count()  # the frame is read again once after a change (cms/core/frame.py)
    assert count() == one


def test_an_unknown_mark_is_refused_and_nothing_is_saved(client, trainers):
    a, _b, course_a, _course_b = trainers
    registration, _ = services.enrol(course_a, make_person("一人目", "ひとりめ"))
    client.force_login(a)
    response = client.post(
        roster_url(course_a, sessions_of(course_a)[0][0]), {f"mark-{registration.pk}": "bogus"}
    )
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_completing_through_the_roster_offers_the_certificate(client, trainers):
    a, _b, course_a, _course_b = trainers
    registration, _ = services.enrol(course_a, make_person("鳥取 花子", "とっとり はなこ"))
    client.force_login(a)
    for session in sessions_of(course_a)[0]:
        client.post(roster_url(course_a, session), {"all": "present"})
    done = CourseCompletion.objects.get(registration=registration)
    detail = client.get(reverse("courses:detail", args=[course_a.pk])).content.decode()
    url = reverse("courses:certificate", args=[course_a.pk, done.pk])
    assert url in detail
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_whatever_is_posted_the_roster_never_fails(client, trainers):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    a, _b, course_a, _course_b = trainers
    registration, _ = services.enrol(course_a, make_person("一人目", "ひとりめ"))
    session = sessions_of(course_a)[0][0]
    client.force_login(a)
    text = st.text(max_size=300)

    marks = st.sampled_from(["present", "late", "absent", "make_up"]) | text

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mark=marks, note=text, fill=marks)
    def post(mark, note, fill):
        response = client.post(
            roster_url(course_a, session),
            {f"mark-{registration.pk}": mark, f"note-{registration.pk}": note, "all": fill},
        )
        assert response.status_code in (302, 400)

    post()


def test_the_trainers_pages_say_each_sessions_time_once_from_start_to_end(client, trainers):
    """The course list, the course page and the roster name a session by its title and its
    time in Tokyo, start to end: they printed the session's name (which carries its start)
    and then its start again, and never its end (「第1回（2027年1月7日(木) 10:00） – 1/7 10:00」)."""
    from datetime import UTC, datetime

    a, _b, course_a, _course_b = trainers
    first = sessions_of(course_a)[0][0]
    first.starts_at = datetime(2027, 1, 7, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo
    first.ends_at = datetime(2027, 1, 7, 3, 0, tzinfo=UTC)
    first.save()
    client.force_login(a)
    for url in (reverse("courses:list"), reverse("courses:detail", args=[course_a.pk])):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
        assert page.count("1月7日") == 1, url
        assert "10:00</time>–<time" in page and ">12:00</time>" in page, url
        assert "01:00" not in page and "1/7 10:00" not in page, url
    roster = client.get(roster_url(course_a, first)).content.decode()
    heading = roster.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert heading.count("1月7日") == 1 and ">12:00</time>" in heading, heading
