"""Capacity under concurrent requests, proven on PostgreSQL with real parallel connections."""

import pytest

from events import services
from events.models import Registration
from tests.concurrency import run_concurrently
from tests.events.conftest import make_event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_fifty_parallel_registrations_for_ten_seats_confirm_exactly_ten():
    event = make_event(capacity=10)
    quota = event.quotas.get()

    def attempt(i):
        registration, _created = services.register(
            event, quota=quota, name=f"参加者{i}", email=f"p{i}@example.jp"
        )
        return registration.status

    results, errors = run_concurrently(attempt, 50)
    assert errors == []
    assert results.count("confirmed") == 10
    assert results.count("waitlisted") == 40
    assert Registration.objects.filter(event=event, status="confirmed").count() == 10


def test_the_same_email_in_parallel_makes_one_registration():
    event = make_event(capacity=10)
    quota = event.quotas.get()

    def attempt(i):
        registration, _created = services.register(
            event, quota=quota, name="同じ人", email="same@example.jp"
        )
        return registration.pk

    results, errors = run_concurrently(attempt, 20)
    assert errors == []
    assert len(set(results)) == 1
    assert Registration.objects.filter(event=event).count() == 1


def test_parallel_cancellations_promote_the_waitlist_in_order():
    event = make_event(capacity=5)
    quota = event.quotas.get()
    regs = [
        services.register(event, quota=quota, name=f"p{i}", email=f"p{i}@example.jp")[0]
        for i in range(10)
    ]
    confirmed, waiting = regs[:5], regs[5:]

    def cancel(i):
        services.cancel_registration(confirmed[i])

    _results, errors = run_concurrently(cancel, 3)
    assert errors == []
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["confirmed"] * 3 + ["waitlisted"] * 2
