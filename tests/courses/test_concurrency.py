"""Two trainers saving the same roster at once settle a completion once (PostgreSQL)."""

import pytest

from cms.people.models import QualificationGrant
from events.courses import services
from events.courses.models import Attendance, CourseCompletion
from tests.concurrency import run_concurrently

from .conftest import sessions_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def site(transactional_db):
    """Transactional tests before this one flushed the locales the migrations made."""
    from cms.home.services import ensure_site

    return ensure_site()


def test_parallel_marks_of_the_last_session_complete_the_course_once(course, person):
    registration, _ = services.enrol(course, person)
    first, second, third = sessions_of(course)[0]
    services.record_attendance(first, {registration: ("present", "")})
    services.record_attendance(second, {registration: ("present", "")})

    def mark(i):
        return services.record_attendance(third, {registration: ("present", f"trainer {i}")})

    _results, errors = run_concurrently(mark, 8)
    assert errors == []
    assert Attendance.objects.filter(session=third).count() == 1
    assert CourseCompletion.objects.count() == 1
    assert QualificationGrant.objects.count() == 1
