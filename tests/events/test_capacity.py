"""The seat and waitlist rules, through the event services that every path uses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.capacity import Status
from events.models import EventPage, Registration
from tests.events.conftest import make_event


def sign_up(event, n, companions=0, **kw):
    registration, _created = services.register(
        event,
        quota=event.quotas.first(),
        name=f"参加者{n}",
        email=f"p{n}@example.jp",
        companions=companions,
        **kw,
    )
    return registration


def statuses(event):
    return [r.status for r in Registration.objects.filter(event=event).order_by("pk")]


def test_the_first_seats_are_confirmed_then_people_wait_in_order(db):
    event = make_event(capacity=3)
    regs = [sign_up(event, n) for n in range(5)]
    assert [r.status for r in regs] == ["confirmed"] * 3 + ["waitlisted"] * 2


def test_a_cancelled_seat_goes_to_the_first_person_on_the_waitlist(db):
    event = make_event(capacity=2)
    first, _second, third, fourth = (sign_up(event, n) for n in range(4))
    services.cancel_registration(first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == ("confirmed", "waitlisted")


def test_companions_count_as_seats_and_the_first_party_that_fits_moves_up(db):
    event = make_event(capacity=4)
    a = sign_up(event, 1, companions=2)  # 3 seats
    b = sign_up(event, 2)  # 1 seat: full
    big = sign_up(event, 3, companions=2)  # waits, 3 seats
    small = sign_up(event, 4)  # waits, 1 seat
    assert (big.status, small.status) == ("waitlisted", "waitlisted")
    services.cancel_registration(b)  # 1 seat free: the big party does not fit, the small does
    big.refresh_from_db()
    small.refresh_from_db()
    assert (big.status, small.status) == ("waitlisted", "confirmed")
    services.change_companions(a, 0)  # 2 more seats free: 2 free, still not 3
    big.refresh_from_db()
    assert big.status == "waitlisted"


def test_a_newcomer_never_overtakes_the_waitlist(db):
    event = make_event(capacity=1)
    first = sign_up(event, 1)
    waiting = sign_up(event, 2)
    services.cancel_registration(first)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert sign_up(event, 3).status == "waitlisted"


def test_raising_the_capacity_promotes_in_order(db):
    event = make_event(capacity=1)
    regs = [sign_up(event, n) for n in range(4)]
    services.set_quota_capacity(event.quotas.first(), 3)
    assert statuses(event) == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    assert [r.pk for r in regs] == list(
        Registration.objects.filter(event=event).order_by("pk").values_list("pk", flat=True)
    )


def test_publishing_a_larger_capacity_promotes(db):
    event = make_event(capacity=1)
    sign_up(event, 1)
    waiting = sign_up(event, 2)
    quotas = list(event.quotas.all())
    quotas[0].capacity = 2
    event.quotas = quotas  # as the editor's form does
    event.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_nobody_is_promoted_after_the_event_started(db):
    event = make_event(capacity=1)
    first = sign_up(event, 1)
    waiting = sign_up(event, 2)
    later = event.starts_at + timedelta(minutes=1)
    with pytest.raises(services.RegistrationError) as error:
        services.cancel_registration(first, now=later)
    assert error.value.reason == "past"
    services.set_quota_capacity(event.quotas.first(), 5, now=later)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


def test_people_can_leave_the_waitlist_and_register_again_after_cancelling(db):
    event = make_event(capacity=1)
    first = sign_up(event, 1)
    waiting = sign_up(event, 2)
    services.leave_waitlist(waiting)
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"
    services.cancel_registration(first)
    again = sign_up(event, 1)
    # A new registration; the cancelled one stays as it was (issue 16).
    assert again.pk != first.pk and again.reference != first.reference
    assert again.status == "confirmed"
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert Registration.objects.filter(event=event).count() == 3


def test_a_full_event_without_waitlist_refuses_and_stores_nothing(db):
    event = make_event(capacity=1, waitlist_enabled=False)
    sign_up(event, 1)
    with pytest.raises(services.RegistrationError) as error:
        sign_up(event, 2)
    assert error.value.reason == "full"
    assert Registration.objects.filter(event=event).count() == 1


def test_an_offer_holds_the_place_until_it_expires_then_passes_on(db):
    event = make_event(capacity=1, waitlist_mode=EventPage.WaitlistMode.OFFER, offer_hours=24)
    first = sign_up(event, 1)
    second = sign_up(event, 2)
    third = sign_up(event, 3)
    services.cancel_registration(first)
    second.refresh_from_db()
    assert second.status == "offered"
    assert sign_up(event, 4).status == "waitlisted"  # the offered place is held
    services.promote_waitlist(event, now=timezone.now() + timedelta(hours=25))
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("expired", "offered")
    services.accept_offer(third)
    third.refresh_from_db()
    assert third.status == "confirmed"


def test_a_declined_offer_goes_to_the_next(db):
    event = make_event(capacity=1, waitlist_mode=EventPage.WaitlistMode.OFFER)
    first, second, third = (sign_up(event, n) for n in range(3))
    services.cancel_registration(first)
    second.refresh_from_db()
    services.decline_offer(second)
    third.refresh_from_db()
    assert third.status == "offered"


def test_staff_go_beyond_capacity_only_with_a_recorded_reason(db, django_user_model):
    staff = django_user_model.objects.create(username="staff")
    event = make_event(capacity=1)
    sign_up(event, 1)
    waiting = sign_up(event, 2, staff_user=staff)
    assert waiting.status == "waitlisted"
    forced = sign_up(event, 3, staff_user=staff, override_reason="来賓")
    assert (forced.status, forced.override_reason) == ("confirmed", "来賓")
    public = sign_up(event, 4, override_reason="ignored without staff")
    assert public.status == "waitlisted"


def test_the_same_email_or_form_twice_never_makes_a_second_registration(db):
    event = make_event(capacity=5)
    first = sign_up(event, 1, submission_key="k1")
    again = sign_up(event, 1, submission_key="k2")
    assert again.pk == first.pk
    assert sign_up(event, 9, submission_key="k1").pk == first.pk  # a resubmitted form
    assert Registration.objects.filter(event=event).count() == 1
    upper, _ = services.register(
        event, quota=event.quotas.first(), name="x", email="ｐ１＠ＥＸＡＭＰＬＥ．ＪＰ"
    )
    assert upper.pk == first.pk


def test_registration_outside_the_window_or_for_a_cancelled_event_is_refused(db):
    now = timezone.now()
    cases = {
        "not_yet_open": {"registration_opens_at": now + timedelta(days=1)},
        "closed": {"registration_closes_at": now - timedelta(minutes=1)},
        "cancelled": {"cancelled_at": now},
    }
    for reason, fields in cases.items():
        event = make_event(**fields)
        with pytest.raises(services.RegistrationError) as error:
            sign_up(event, 1)
        assert error.value.reason == reason
    past = make_event(days=-1)
    with pytest.raises(services.RegistrationError) as error:
        sign_up(past, 1)
    assert error.value.reason == "past"
    assert not Registration.objects.exists()


def test_a_confirmed_party_grows_only_into_free_places(db):
    event = make_event(capacity=3)
    a = sign_up(event, 1)
    sign_up(event, 2)
    services.change_companions(a, 1)
    with pytest.raises(services.RegistrationError) as error:
        services.change_companions(a, 2)
    assert error.value.reason == "too_many_seats"
    a.refresh_from_db()
    assert a.seats == 2


def test_check_in_and_walk_ins(db, django_user_model):
    staff = django_user_model.objects.create(username="staff")
    event = make_event(capacity=1)
    a = sign_up(event, 1)
    services.check_in(a)
    a.refresh_from_db()
    assert a.status == Status.ATTENDED and a.attended_at
    walk_in = services.register_walk_in(
        event, quota=event.quotas.first(), name="当日 参加", staff_user=staff
    )
    assert (walk_in.status, walk_in.walk_in, walk_in.override_reason) == (
        "attended",
        True,
        "walk-in",
    )
