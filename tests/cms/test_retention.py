from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task, result

from cms.people import retention
from cms.people.models import Person
from cms.people.services import issue_token, resolve_token, touch
from tests.platforms import default_platform


def person(days_inactive, **fields):
    p = Person.objects.create(
        **{"platform": default_platform(), "name": "山田 花子", "email": "h@example.jp", **fields}
    )
    Person.objects.filter(pk=p.pk).update(
        last_active_at=timezone.now() - timedelta(days=days_inactive)
    )
    return p


def test_people_past_the_retention_period_are_erased_by_the_nightly_task(db, settings):
    settings.PEOPLE_RETENTION_DAYS = 365
    old, recent = person(400), person(10)
    raw = issue_token(old, "registration")

    task_id = async_task("cms.people.tasks.purge_expired_people")  # runs now: sync in tests

    assert result(task_id) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.erased_at is not None and old.email == ""
    assert recent.erased_at is None and recent.email == "h@example.jp"
    assert resolve_token(raw, "registration") is None


def test_a_hold_keeps_a_person_who_still_has_something_going_on(db, settings, monkeypatch):
    settings.PEOPLE_RETENTION_DAYS = 365
    kept = person(400, name="保留")
    monkeypatch.setattr(retention, "_holds", [lambda people: people.filter(name="保留")])
    assert list(retention.expired_people()) == []
    kept.refresh_from_db()
    assert kept.erased_at is None


def test_activity_restarts_the_retention_period(db, settings):
    settings.PEOPLE_RETENTION_DAYS = 365
    someone = person(400)
    touch(someone)
    assert not retention.expired_people().exists()


def test_the_purge_is_scheduled_once_nightly(db):
    schedule = Schedule.objects.get(name="people.purge_expired")
    assert schedule.func == "cms.people.tasks.purge_expired_people"
    assert schedule.schedule_type == Schedule.DAILY
    assert timezone.localtime(schedule.next_run).hour == 3


def test_each_platform_sets_its_own_retention_period(db, settings):
    from cms.core.models import PlatformSettings
    from tests.platforms import default_platform, other_platform

    settings.PEOPLE_RETENTION_DAYS = 365
    iiyama, nagano = default_platform(), other_platform()
    PlatformSettings.objects.update_or_create(
        site=nagano.site, defaults={"people_retention_days": 90}
    )
    assert retention.retention_period(iiyama) == timedelta(days=365)
    assert retention.retention_period(nagano) == timedelta(days=90)
    assert retention.retention_period() == timedelta(days=365)
    PlatformSettings.objects.update_or_create(
        site=iiyama.site, defaults={"people_retention_days": 1000}
    )
    assert retention.retention_period(iiyama) == timedelta(days=1000)
    assert retention.retention_period(nagano) == timedelta(days=90)


@pytest.mark.parametrize("shorter", ["default", "other"])
def test_the_nightly_purge_keeps_each_platforms_people_for_its_own_period(db, settings, shorter):
    from cms.core.models import PlatformSettings
    from tests.platforms import default_platform, other_platform

    settings.PEOPLE_RETENTION_DAYS = 365
    two = {"default": default_platform(), "other": other_platform()}
    PlatformSettings.objects.update_or_create(
        site=two[shorter].site, defaults={"people_retention_days": 90}
    )
    longer = "other" if shorter == "default" else "default"
    gone = person(120, platform=two[shorter])
    kept = person(120, platform=two[longer])
    assert list(retention.expired_people()) == [gone]
    assert kept not in retention.expired_people()
