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


def test_parallel_sign_ups_that_together_run_too_long_confirm_one():
    opportunity = make_opportunity(max_hours_in_a_row=4, min_break_minutes=60)
    volunteer = make_volunteer()
    # Each 3 hours, back to back: either alone is fine, both make 6 hours in a row.
    morning = make_shift(opportunity, role=make_role("受付"), hours=48, length=3)
    afternoon = make_shift(opportunity, role=make_role("仕分け"), hours=51, length=3)
    shifts = [morning, afternoon] * 3

    def attempt(i):
        try:
            return services.sign_up(volunteer, shifts[i]).status
        except services.SignupError as error:
            return error.refusal.code

    results, errors = run_concurrently(attempt, len(shifts))
    assert errors == []
    assert results.count(Status.CONFIRMED) == 1
    assert set(results) == {Status.CONFIRMED, "too_many_hours", "already"}
    assert ShiftSignup.objects.filter(volunteer=volunteer, status=Status.CONFIRMED).count() == 1


def test_parallel_takers_of_one_offered_place_replace_the_volunteer_once():
    shift = make_shift(make_opportunity(waitlist_enabled=False), capacity=1)
    offered = services.offer_swap(services.sign_up(make_volunteer(), shift))
    takers = [make_volunteer(name=f"ボランティア{i}") for i in range(8)]

    def attempt(i):
        try:
            return services.sign_up(takers[i], shift).status
        except services.SignupError as error:
            return error.refusal.code

    results, errors = run_concurrently(attempt, len(takers))
    assert errors == []
    assert results.count(Status.CONFIRMED) == 1 and results.count("full") == 7
    offered.refresh_from_db()
    assert offered.status == Status.CANCELLED
    assert offered.handed_over_to.status == Status.CONFIRMED
    assert ShiftSignup.objects.filter(shift=shift, status=Status.CONFIRMED).count() == 1


def race_withdrawal_and_take_over():
    shift = make_shift(make_opportunity(waitlist_enabled=False), capacity=1)
    offered = services.offer_swap(services.sign_up(make_volunteer(), shift))
    taker = make_volunteer()

    def attempt(i):
        try:
            if i == 0:
                return services.withdraw_swap(offered).swap_pending
            return services.sign_up(taker, shift).status
        except services.SignupError as error:
            return error.refusal.code

    results, errors = run_concurrently(attempt, 2)
    assert errors == []
    offered.refresh_from_db()
    if results[0] is False:  # withdrawn first: the taker found the shift full
        assert results[1] == "full" and offered.status == Status.CONFIRMED
    else:  # taken first: too late to withdraw
        assert results == ["swap_taken", Status.CONFIRMED]
        assert offered.status == Status.CANCELLED
    assert ShiftSignup.objects.filter(shift=shift, status=Status.CONFIRMED).count() == 1


def test_withdrawing_an_offer_while_someone_takes_it_is_one_or_the_other():
    for _round in range(3):
        race_withdrawal_and_take_over()


def test_a_mail_delivered_by_several_workers_at_once_goes_out_once():
    from django.core import mail

    from volunteers.models import VolunteerMail
    from volunteers.tasks import deliver_mail

    # A row as the services write it, not yet delivered (as when its task is re-queued by a
    # retry while the first run is still sending).
    row = VolunteerMail.objects.create(volunteer=make_volunteer(), kind="link")
    mail.outbox = []

    results, errors = run_concurrently(lambda i: deliver_mail(row.pk), 4)
    assert errors == []
    assert sorted(results) == ["already sent"] * 3 + ["sent"]
    assert len(mail.outbox) == 1
