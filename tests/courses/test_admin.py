"""The secretariat manages course settings as a snippet in the Wagtail admin."""

import re

import pytest
from django.urls import reverse
from wagtail.admin.panels import get_edit_handler

from events.courses.models import TrainingCourse

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_secretariat_sees_and_edits_courses_in_the_admin(client, course):
    admin = make_user("admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("wagtailsnippets_courses_trainingcourse:list"))
    assert listing.status_code == 200
    assert course.event.title in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_courses_trainingcourse:edit", args=[course.pk]))
    assert edit.status_code == 200
    assert TrainingCourse.objects.count() == 1


def test_the_session_pickers_offer_only_the_courses_own_sessions(client, course, supporter):
    from tests.courses.conftest import make_course

    other = make_course(supporter, title="別の講座")
    admin = make_user("admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get(
        reverse("wagtailsnippets_courses_trainingcourse:edit", args=[course.pk])
    ).content.decode()
    own = set(course.event.sessions.values_list("pk", flat=True))
    pickers = re.findall(
        r'<select name="(required_sessions|make_ups-[^"]+-(?:session|replaces))"[^>]*>(.*?)</select>',
        html,
        re.S,
    )
    assert {name for name, _ in pickers} >= {
        "required_sessions",
        "make_ups-0-session",
        "make_ups-0-replaces",
    }
    for _name, options in pickers:
        offered = {int(pk) for pk in re.findall(r'<option value="(\d+)"', options)}
        assert offered == own

    form_class = get_edit_handler(TrainingCourse).get_form_class()
    stranger = other.event.sessions.first()
    form = form_class(
        instance=course,
        for_user=admin,
        data={
            "event": course.event.pk,
            "qualification": supporter.pk,
            "required_sessions": [stranger.pk],
            "make_ups-TOTAL_FORMS": "0",
            "make_ups-INITIAL_FORMS": "0",
            "make_ups-MIN_NUM_FORMS": "0",
            "make_ups-MAX_NUM_FORMS": "1000",
        },
    )
    assert not form.is_valid()
    assert "required_sessions" in form.errors
