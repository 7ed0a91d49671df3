"""Enrolment through events, attendance, completion, and the qualification it grants."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cms.people.models import QualificationGrant
from cms.people.services import grant_qualification, holds, qualification_status
from events.capacity import Status
from events.courses import services
from events.courses.models import Attendance, CourseCompletion
from events.models import Registration

from .conftest import make_course, make_person, sessions_of

pytestmark = pytest.mark.django_db


def attend(registration, marks):
    """marks: [(session, mark)]"""
    for session, mark in marks:
        services.record_attendance(session, {registration: (mark, "")})


def test_enrolment_is_an_event_registration_with_its_capacity_and_mails(supporter, run, person):
    course = make_course(supporter, capacity=1)
    registration, created = run(services.enrol, course, person)
    assert created
    assert registration.status == Status.CONFIRMED
    assert registration.person == person
    assert Registration.objects.filter(event=course.event).count() == 1
    assert len(mail.outbox) == 1
    other = make_person("米子 次郎", "よなご じろう", "jiro@example.org")
    waiting, _ = run(services.enrol, course, other)
    assert waiting.status == Status.WAITLISTED
    # Enrolling twice is the same registration.
    again, created = services.enrol(course, person)
    assert (again, created) == (registration, False)


def test_the_leader_course_refuses_people_without_the_supporter_qualification(
    supporter, leader_qualification, person
):
    course = make_course(leader_qualification, title="リーダー養成講座", prerequisites=[supporter])
    with pytest.raises(services.EnrolmentError) as refused:
        services.enrol(course, person)
    assert refused.value.reason == "prerequisite"
    assert "つながりサポーター" in str(refused.value.message)
    assert not Registration.objects.filter(event=course.event).exists()
    grant_qualification(person, supporter)
    registration, created = services.enrol(course, person)
    assert created and registration.status == Status.CONFIRMED


def test_completing_all_sessions_grants_the_qualification_once(course, person):
    registration, _ = services.enrol(course, person)
    first, second, third = sessions_of(course)[0]
    attend(registration, [(first, "present"), (second, "late")])
    assert not CourseCompletion.objects.exists()
    changed = services.record_attendance(third, {registration: ("present", "")})
    assert len(changed) == 1
    done = CourseCompletion.objects.get()
    assert done.completed_on == timezone.localdate(third.starts_at)
    assert done.grant.qualification == course.qualification
    assert holds(person, course.qualification, on=done.completed_on)
    # Marking again does not grant again.
    services.record_attendance(third, {registration: ("late", "電車遅延")})
    assert CourseCompletion.objects.count() == 1
    assert QualificationGrant.objects.count() == 1
    assert Attendance.objects.get(session=third).note == "電車遅延"


def test_a_make_up_session_completes_the_course(course, person):
    registration, _ = services.enrol(course, person)
    (first, second, third), (make_up,) = sessions_of(course)
    attend(registration, [(first, "present"), (second, "absent"), (third, "present")])
    assert not CourseCompletion.objects.exists()
    attend(registration, [(make_up, "present")])
    done = CourseCompletion.objects.get()
    assert done.completed_on == timezone.localdate(make_up.starts_at)


def test_a_corrected_mark_removes_the_completion_but_not_the_grant(course, person):
    registration, _ = services.enrol(course, person)
    first, second, third = sessions_of(course)[0]
    attend(registration, [(first, "present"), (second, "present"), (third, "present")])
    assert CourseCompletion.objects.exists()
    attend(registration, [(third, "absent")])
    assert not CourseCompletion.objects.exists()
    assert QualificationGrant.objects.filter(person=person).exists()


def test_n_of_m_with_required_sessions_from_the_course_settings(supporter, person):
    course = make_course(supporter, sessions=4, minimum_sessions=3)
    regular, _ = sessions_of(course)
    course.required_sessions.set([regular[0]])
    course.save()
    registration, _ = services.enrol(course, person)
    attend(registration, [(s, "present") for s in regular[1:]])
    assert not CourseCompletion.objects.exists()
    attend(registration, [(regular[0], "late")])
    assert CourseCompletion.objects.exists()


def test_a_follow_up_course_renews_and_never_grants(supporter, person):
    follow_up = make_course(supporter, title="フォローアップ研修", sessions=1, follow_up=True)
    newcomer = make_person("倉吉 三郎", "くらよし さぶろう")
    (session,) = sessions_of(follow_up)[0]
    mine, _ = services.enrol(follow_up, person)
    theirs, _ = services.enrol(follow_up, newcomer)
    day = session.starts_at.date()
    grant = grant_qualification(person, supporter, on=day - timedelta(days=3 * 365 + 30))
    assert qualification_status(grant, day) == "in_grace"
    services.record_attendance(session, {mine: ("present", ""), theirs: ("present", "")})
    grant.refresh_from_db()
    assert grant.renewed_on is not None
    assert qualification_status(grant, day) == "valid"
    refused = CourseCompletion.objects.get(registration=theirs)
    assert refused.grant is None
    assert refused.refused_reason
    assert not QualificationGrant.objects.filter(person=newcomer).exists()


def test_marks_for_another_course_are_refused(course, supporter, person):
    other = make_course(supporter, title="別の講座")
    registration, _ = services.enrol(other, person)
    session = sessions_of(course)[0][0]
    with pytest.raises(ValueError):
        services.record_attendance(session, {registration: ("present", "")})
