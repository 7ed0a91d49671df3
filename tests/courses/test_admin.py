"""The secretariat manages course settings as a snippet in the Wagtail admin."""

import pytest
from django.urls import reverse

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
