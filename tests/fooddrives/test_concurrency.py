"""Targets and stock under concurrent requests, proven on PostgreSQL with real parallel
connections: two desks handing over the last food, two people pledging the last kilos."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from events.fooddrives import services
from events.fooddrives.models import Distribution, PledgeLine, Receipt
from tests.concurrency import run_concurrently
from tests.fooddrives.admin_fixtures import item, make_drive, make_pledge

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def outcomes(results, errors):
    """(successes, refusal reasons); anything but a PledgeError fails the test."""
    assert all(isinstance(error, services.PledgeError) for error in errors), errors
    return [r for r in results if r is not None], sorted(error.reason for error in errors)


def test_two_hand_overs_of_the_last_stock_at_once_only_one_goes_out():
    drive = make_drive()
    rice = item(drive, "米")
    services.record_intake(drive, item=rice, quantity=10)

    def hand_over(i):
        return services.distribute(
            drive, item=rice, quantity=10, recipient_name=f"子ども食堂{i}"
        ).pk

    done, refused = outcomes(*run_concurrently(hand_over, 2))
    assert len(done) == 1 and refused == ["not_enough_stock"]
    assert Distribution.objects.filter(drive=drive).aggregate(n=Sum("quantity"))["n"] == 10


def test_many_desks_at_once_never_hand_over_more_than_is_in_stock():
    drive = make_drive()
    rice = item(drive, "米")
    services.record_intake(drive, item=rice, quantity=10)

    def hand_over(i):
        return services.distribute(drive, item=rice, quantity=4, recipient_name="食堂").pk

    done, refused = outcomes(*run_concurrently(hand_over, 8))
    assert len(done) == 2 and refused == ["not_enough_stock"] * 6
    (totals,) = [t for t in services.item_totals(drive) if t.item == rice]
    assert (totals.distributed, totals.stock) == (8, 2)


def _pledge(drive, rice, quantity, n):
    # Without an e-mail: no confirmation to deliver, the lock is the same.
    pledge, _created = services.pledge(
        drive,
        point=drive.points.first(),
        drop_off_on=timezone.localdate() + timedelta(days=1),
        lines=[services.Line(rice, quantity)],
        name=f"寄付者{n}",
    )
    return pledge.pk


def test_two_pledges_at_once_for_the_last_kilos_of_a_target_only_one_is_taken():
    drive = make_drive(max_per_item=120)  # the first pledge takes nearly the whole target
    rice = item(drive, "米")  # target 120
    _pledge(drive, rice, 115, 0)

    done, refused = outcomes(*run_concurrently(lambda i: _pledge(drive, rice, 5, i + 1), 2))
    assert len(done) == 1 and refused == ["target_reached"]
    pledged = PledgeLine.objects.filter(item=rice).aggregate(n=Sum("quantity"))["n"]
    assert pledged == 120


def test_twenty_pledges_at_once_fill_the_target_exactly():
    drive = make_drive()
    rice = item(drive, "米")  # target 120

    done, refused = outcomes(*run_concurrently(lambda i: _pledge(drive, rice, 10, i), 20))
    assert len(done) == 12 and refused == ["target_reached"] * 8
    (totals,) = [t for t in services.item_totals(drive) if t.item == rice]
    assert (totals.pledged, totals.left) == (120, 0)


def test_a_correction_and_a_hand_over_at_once_never_take_the_stock_below_zero():
    drive = make_drive()
    rice = item(drive, "米")
    services.record_intake(drive, item=rice, quantity=10)

    def take(i):
        if i % 2:
            return services.distribute(drive, item=rice, quantity=6, recipient_name="食堂").pk
        return services.correct_stock(drive, item=rice, change=-6, reason="damaged").pk

    done, refused = outcomes(*run_concurrently(take, 4))
    assert len(done) == 1 and len(refused) == 3
    assert set(refused) <= {"not_enough_stock", "below_zero"}
    (totals,) = [t for t in services.item_totals(drive) if t.item == rice]
    assert totals.stock == 4


def test_receipts_issued_at_once_get_one_number_each_and_a_pledge_one_receipt():
    drive = make_drive()
    pledges = []
    for n in range(6):
        pledge = make_pledge(drive, {"米": 2}, n=100 + n)
        services.receive_pledge(pledge, {pledge.lines.get().pk: 2})
        pledges.append(pledge)

    def issue(i):
        # Two requests for each pledge at once (a donor and the desk, a double click).
        return services.issue_receipt(pledge=pledges[i // 2]).pk

    results, errors = run_concurrently(issue, 12)
    assert not errors, errors
    assert len(set(results)) == 6
    numbers = sorted(Receipt.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
