from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.people.models import Person, Qualification
from events.courses.models import MakeUpSession, TrainingCourse
from events.models import EventPage, EventSession, Quota
from tests.events.conftest import make_index, run  # noqa: F401
from tests.platforms import default_platform


@pytest.fixture
def supporter(db):
    return Qualification.objects.create(
        platform=default_platform(),
        name="つながりサポーター",
        slug="tsunagari-supporter",
        validity_years=3,
        grace_days=180,
    )


@pytest.fixture
def leader_qualification(supporter):
    return Qualification.objects.create(
        platform=default_platform(), name="リーダー", slug="leader", requires=supporter
    )


def make_course(
    qualification,
    *,
    title="つながりサポーター養成講座",
    sessions=3,
    make_up_for=None,
    days=10,
    **fields,
):
    """A published course event with `sessions` weekly sessions starting in `days` days and,
    with make_up_for=i, a make-up session for the i-th (0-based) one."""
    starts = timezone.now() + timedelta(days=days)
    event = EventPage(
        title=title,
        slug=f"course-{EventPage.objects.count() + 1}",
        summary="地域の見守りを学ぶ",
        category=EventPage.Category.LECTURE,
    )
    times = [starts + timedelta(weeks=i) for i in range(sessions)]
    event.sessions = [
        EventSession(title=f"第{i + 1}回", starts_at=t, ends_at=t + timedelta(hours=2))
        for i, t in enumerate(times)
    ]
    if make_up_for is not None:
        t = times[-1] + timedelta(weeks=1)
        event.sessions.add(EventSession(title="補講", starts_at=t, ends_at=t + timedelta(hours=2)))
    event.quotas = [Quota(capacity=fields.pop("capacity", 20))]
    make_index().add_child(instance=event)
    event.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    trainers = fields.pop("trainers", [])
    prerequisites = fields.pop("prerequisites", [])
    course = TrainingCourse.objects.create(event=event, qualification=qualification, **fields)
    course.trainers.set(trainers)
    course.prerequisites.set(prerequisites)
    course.save()
    regular = list(event.sessions.order_by("starts_at"))
    if make_up_for is not None:
        MakeUpSession.objects.create(
            course=course, session=regular[-1], replaces=regular[make_up_for]
        )
    return course


def sessions_of(course):
    """Regular sessions in order, then the make-ups."""
    make_ups = set(course.make_ups.values_list("session_id", flat=True))
    ordered = list(course.event.sessions.order_by("starts_at"))
    return [s for s in ordered if s.pk not in make_ups], [s for s in ordered if s.pk in make_ups]


@pytest.fixture
def course(supporter):
    return make_course(supporter, make_up_for=1)


@pytest.fixture
def person(db):
    return Person.objects.create(
        platform=default_platform(),
        name="鳥取 花子",
        name_kana="とっとり はなこ",
        email="hanako@example.org",
    )


def make_person(name, kana, email=""):
    return Person.objects.create(
        platform=default_platform(), name=name, name_kana=kana, email=email
    )


def make_user(username, **fields):
    return get_user_model().objects.create_user(username=username, password="x", **fields)
