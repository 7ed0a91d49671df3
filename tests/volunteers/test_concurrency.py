"""Sign-up rules under concurrent requests, proven on PostgreSQL with parallel connections."""

import pytest

from events.capacity import Status
from tests.concurrency import run_concurrently
from tests.volunteers.conftest import make_opportunity, make_role, make_shift, make_volunteer
from volunteers import services
from volunteers.models import ShiftSignup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_sign_ups_for_the_last_place_confirm_exactly_one():
    shift = make_shift(make_opportunity(waitlist_enabled=False), capacity=3)
    services.sign_up(make_volunteer(), shift)
    services.sign_up(make_volunteer(), shift)
    volunteers = [make_volunteer(name=f"ボランティア{i}") for i in range(12)]

    def attempt(i):
        try:
            return services.sign_up(volunteers[i], shift).status
        except services.SignupError as error:
            return error.refusal.code

    results, errors = run_concurrently(attempt, 12)
    assert errors == []
    assert results.count(Status.CONFIRMED) == 1
    assert results.count("full") == 11
    assert ShiftSignup.objects.filter(shift=shift, status=Status.CONFIRMED).count() == 3


def test_parallel_sign_ups_with_a_waitlist_never_overbook():
    shift = make_shift(capacity=2)
    volunteers = [make_volunteer(name=f"ボランティア{i}") for i in range(10)]

    def attempt(i):
        return services.sign_up(volunteers[i], shift).status

    results, errors = run_concurrently(attempt, 10)
    assert errors == []
    assert results.count(Status.CONFIRMED) == 2
    assert results.count(Status.WAITLISTED) == 8


def test_one_person_signing_up_for_overlapping_shifts_in_parallel_gets_one():
    opportunity = make_opportunity()
    shifts = [
        make_shift(opportunity, role=make_role(f"役割{i}"), hours=48 + i % 2, length=3)
        for i in range(8)
    ]
    volunteer = make_volunteer()

    def attempt(i):
        try:
            return services.sign_up(volunteer, shifts[i]).status
        except services.SignupError as error:
            return error.refusal.code

    results, errors = run_concurrently(attempt, 8)
    assert errors == []
    assert results.count(Status.CONFIRMED) == 1
    assert results.count("clash_shift") == 7
    assert ShiftSignup.objects.filter(volunteer=volunteer).count() == 1
