from datetime import timedelta

from django.utils import timezone

from cms.people import retention
from cms.people.models import Person
from events.services import register
from tests.platforms import default_platform


def test_someone_registered_for_an_event_still_to_come_is_not_erased(event, settings):
    settings.PEOPLE_RETENTION_DAYS = 30
    registration, _ = register(
        event, quota=event.quotas.first(), name="飯山 花子", email="hanako@example.jp"
    )
    idle = Person.objects.create(
        platform=default_platform(), name="昔の申込者", email="old@example.jp"
    )
    long_ago = timezone.now() - timedelta(days=60)
    Person.objects.filter(pk__in=[registration.person_id, idle.pk]).update(last_active_at=long_ago)

    assert list(retention.expired_people()) == [idle]


def test_erasing_a_person_clears_their_answers_to_the_events_questions(event):
    from cms.people.erasure import erase_person

    registration, _ = register(
        event,
        quota=event.quotas.first(),
        name="飯山 花子",
        email="hanako@example.jp",
        answers=[{"question": "配慮が必要なこと", "answer": "車いすを使っています"}],
    )
    other, _ = register(
        event,
        quota=event.quotas.first(),
        name="別の人",
        email="other@example.jp",
        answers=[{"question": "配慮が必要なこと", "answer": "なし"}],
    )
    erase_person(registration.person)
    registration.refresh_from_db()
    other.refresh_from_db()
    assert registration.answers == [] and registration.person.name == "—"
    assert other.answers != []
