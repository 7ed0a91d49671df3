import pytest

from cms.people.models import Person
from events.courses import services
from events.courses.models import CourseCompletion, TrainingCourse


def test_the_demo_courses_leave_some_complete_and_some_not(demo):
    supporter_course, follow_up, leader_course = TrainingCourse.objects.order_by("pk")
    assert supporter_course.make_ups.count() == 1
    assert supporter_course.completions.count() == 5
    assert supporter_course.event.registrations.count() == 8
    renewed = CourseCompletion.objects.filter(course=follow_up)
    assert renewed.count() == 2
    assert all(done.grant.renewed_on for done in renewed)
    assert leader_course.prerequisites.exists()
    stranger = Person.objects.create(name="未受講 太郎", name_kana="みじゅこう たろう")
    with pytest.raises(services.EnrolmentError):
        services.enrol(leader_course, stranger)
