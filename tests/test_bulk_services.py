"""The bulk paths the scale data set uses (register_many, sign_up_many, pledge_many) keep the
rules of their one-by-one versions: capacity and waitlist order, what refuses, nothing mailed.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cms.people.models import Person
from events import capacity
from events import services as events
from events.capacity import Status
from events.fooddrives import services as fooddrives
from events.fooddrives.errors import PledgeError
from events.models import Message, Registration
from events.services import RegistrationError
from tests.events.conftest import make_event
from tests.fooddrives.conftest import item, make_drive
from tests.platforms import default_platform
from tests.volunteers.conftest import make_shift, make_volunteer
from volunteers import services as volunteers
from volunteers.models import ShiftSignup
from volunteers.services import SignupError


def people(count, prefix="p"):
    platform = default_platform()
    return Person.objects.bulk_create(
        [
            Person(platform=platform, name=f"参加者{n}", email=f"{prefix}{n}@example.jp")
            for n in range(count)
        ]
    )


@pytest.mark.django_db
def test_register_many_confirms_up_to_capacity_then_waitlists_in_order_and_mails_nobody():
    event = make_event(capacity=3)
    quota = event.quotas.get()
    made = events.register_many(event, quota=quota, people=people(5))
    assert [r.status for r in made] == [Status.CONFIRMED] * 3 + [Status.WAITLISTED] * 2
    assert len({r.check_in_code for r in made}) == 5
    assert [capacity.waitlist_position(quota, r) for r in made[3:]] == [1, 2]
    assert not Message.objects.exists() and not mail.outbox
    # A newcomer by the one-by-one path queues behind them.
    late, _created = events.register(event, quota=quota, name="後から", email="late@example.jp")
    assert late.status == Status.WAITLISTED
    assert capacity.waitlist_position(quota, late) == 3


@pytest.mark.django_db
def test_register_many_skips_people_already_registered_and_waitlists_behind_those_waiting():
    event = make_event(capacity=1)
    quota = event.quotas.get()
    first = people(2)
    events.register_many(event, quota=quota, people=first)
    made = events.register_many(event, quota=quota, people=[first[0], *people(1, "q")])
    assert len(made) == 1 and made[0].status == Status.WAITLISTED
    assert Registration.objects.filter(event=event).count() == 3


@pytest.mark.django_db
def test_register_many_is_refused_for_a_full_event_without_waitlist_and_a_past_one():
    event = make_event(capacity=1, waitlist_enabled=False)
    with pytest.raises(RegistrationError) as refused:
        events.register_many(event, quota=event.quotas.get(), people=people(2))
    assert refused.value.code == "full"
    assert not Registration.objects.exists()
    past = make_event(capacity=10, days=-1, slug="past")
    with pytest.raises(RegistrationError) as refused:
        events.register_many(past, quota=past.quotas.get(), people=people(1, "r"))
    assert refused.value.code == "past"


@pytest.mark.django_db
def test_sign_up_many_fills_the_shift_then_queues_and_refuses_a_clash():
    shift = make_shift(capacity=2)
    team = [make_volunteer(email=f"v{n}@example.jp") for n in range(3)]
    made = volunteers.sign_up_many(shift, team)
    assert [s.status for s in made] == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    same_time = make_shift(
        opportunity=shift.opportunity, role=shift.role, capacity=5, place="別会場"
    )
    with pytest.raises(SignupError) as refused:
        volunteers.sign_up_many(same_time, team[:1])
    assert refused.value.code == "clash_shift"
    assert not ShiftSignup.objects.filter(shift=same_time).exists()


@pytest.mark.django_db
def test_sign_up_many_refuses_an_unconfirmed_address():
    with pytest.raises(SignupError) as refused:
        volunteers.sign_up_many(make_shift(), [make_volunteer(confirmed=False)])
    assert refused.value.code == "unconfirmed"


@pytest.mark.django_db
def test_pledge_many_counts_all_its_pledges_against_a_target_and_mails_nobody():
    drive = make_drive()
    rice = item(drive, "お米")  # target 120
    point = drive.points.first()
    day = timezone.localdate() + timedelta(days=1)
    donors = people(3)
    too_much = [(person, [fooddrives.Line(rice, 50)]) for person in donors]
    with pytest.raises(PledgeError) as refused:
        fooddrives.pledge_many(drive, point=point, drop_off_on=day, pledges=too_much)
    assert refused.value.code == "target_reached"
    made = fooddrives.pledge_many(
        drive,
        point=point,
        drop_off_on=day,
        pledges=[(p, [fooddrives.Line(rice, 40)]) for p in donors],
    )
    assert len(made) == 3
    assert fooddrives.item_totals(drive)[0].left == 0
    assert not mail.outbox
