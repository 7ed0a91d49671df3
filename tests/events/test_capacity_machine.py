"""The seat and waitlist rules (`events/capacity.py`) under random sequences of what people,
staff and tasks do to an event with one or two quotas, through the event services and on the
real database: registering parties of 1 to 3, cancelling, raising and lowering a capacity,
offering free places, accepting, declining and letting offers expire, and time passing the
start. After every step, for each quota:

- no claim newly holds seats (confirmed or offered) while more seats are held than the
  capacity allows (a lower capacity never removes anyone, so a quota may stay above it);
- the waitlist was served first come, first served among the parties that fit: walking the
  line as it was before the step (a newcomer at its back) and giving each party that fits in
  the seats left its place, exactly those parties hold seats after it;
- nobody is promoted or offered a place once the event has started."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    rule,
    run_state_machine_as_test,
)

from events import capacity, services
from events.capacity import ENDED, HOLDING, Status
from events.models import EventPage, Quota, Registration
from tests.events.conftest import make_event

people = st.integers(0, 4)
quota_numbers = st.integers(0, 1)


class SeatsAndWaitlists(RuleBasedStateMachine):
    """Every example starts from the same published event, emptied, with one or two of its
    quotas in use (building a Wagtail page per example would be most of the time)."""

    def __init__(self, event):
        super().__init__()
        self.event = event

    @initialize(
        offers=st.booleans(),
        capacities=st.lists(st.integers(0, 5), min_size=1, max_size=2),
    )
    def open_event(self, offers, capacities):
        Registration.objects.filter(event=self.event).delete()
        mode = EventPage.WaitlistMode.OFFER if offers else EventPage.WaitlistMode.AUTOMATIC
        EventPage.objects.filter(pk=self.event.pk).update(waitlist_mode=mode, offer_hours=24)
        self.quotas = list(self.event.quotas.order_by("sort_order", "pk"))[: len(capacities)]
        for quota, places in zip(self.quotas, capacities, strict=True):
            Quota.objects.filter(pk=quota.pk).update(capacity=places)
        self.offers = offers
        self.now = timezone.now()

    # What people, staff and tasks do ------------------------------------------------------

    @rule(
        arrivals=st.lists(
            st.tuples(people, quota_numbers, st.integers(1, 3)), min_size=1, max_size=3
        )
    )
    def register(self, arrivals):
        """A few people register one after the other (so that lines form in few steps); each
        registration is checked on its own."""
        for person, quota, party in arrivals:
            self.step(
                services.register,
                self.event,
                quota=self.quotas[quota % len(self.quotas)],
                name=f"参加者{person}",
                email=f"p{person}@example.jp",
                companions=party - 1,
                now=self.now,
                refusals={"past"},
            )

    @rule(person=people)
    def cancel(self, person):
        self.step_for(person, services.cancel_registration, refusals={"not_allowed", "past"})

    @rule(quota=quota_numbers, places=st.integers(0, 6))
    def change_capacity(self, quota, places):
        quota = self.quotas[quota % len(self.quotas)]
        self.step(services.set_quota_capacity, quota, places, now=self.now)

    @rule()
    def offer(self):
        """The task that lets lapsed offers expire and hands free places to the waitlist."""
        self.step(services.promote_waitlist, self.event, now=self.now)

    @rule(person=people)
    def accept(self, person):
        self.step_for(person, services.accept_offer, refusals={"not_allowed"})

    @rule(person=people)
    def decline(self, person):
        self.step_for(person, services.decline_offer, refusals={"not_allowed"})

    @rule()
    def expire(self):
        def expire_offers(now):
            for quota in self.quotas:
                capacity.expire_offers(quota, now=now)

        self.step(expire_offers, now=self.now)

    @rule(hours=st.integers(1, 30))
    def time_passes(self, hours):
        self.now += timedelta(hours=hours)

    @rule()
    def the_event_starts(self):
        self.now = max(self.now, self.event.starts_at + timedelta(minutes=1))

    # Checking each step -------------------------------------------------------------------

    def step_for(self, person, service, refusals):
        registration = (
            Registration.objects.filter(event=self.event, person__email=f"p{person}@example.jp")
            .order_by("-pk")
            .first()
        )
        if registration is not None:
            self.step(service, registration, now=self.now, refusals=refusals)

    def step(self, action, *args, refusals=(), **kwargs):
        before = self.claims()
        try:
            action(*args, **kwargs)
        except services.RegistrationError as error:
            assert error.reason in refusals, error.reason
            assert self.claims() == before, "a refused step changed nothing"
            return
        self.check(before, self.claims())

    def claims(self):
        return {
            row["pk"]: row
            for row in Registration.objects.filter(event=self.event).values(
                "pk", "quota_id", "status", "seats", "queued_at"
            )
        }

    def check(self, before, after):
        for quota in Quota.objects.filter(pk__in=[quota.pk for quota in self.quotas]):
            mine = [claim for claim in after.values() if claim["quota_id"] == quota.pk]
            holding = [claim for claim in mine if claim["status"] in HOLDING]
            newly_holding = [
                claim
                for claim in holding
                if claim["pk"] not in before or before[claim["pk"]]["status"] not in HOLDING
            ]
            held = sum(claim["seats"] for claim in holding)
            assert held <= quota.capacity or not newly_holding, (
                f"{held} seats held for {quota.capacity} places after {newly_holding} moved in"
            )

            waited = sorted(
                (
                    claim
                    for claim in mine
                    if claim["pk"] in before and before[claim["pk"]]["status"] == Status.WAITLISTED
                ),
                key=lambda claim: (before[claim["pk"]]["queued_at"], claim["pk"]),
            )
            newcomers = [
                claim
                for claim in mine
                if claim["status"] not in ENDED
                and (claim["pk"] not in before or before[claim["pk"]]["status"] in ENDED)
            ]
            line = [claim for claim in waited + newcomers if claim["status"] not in ENDED]
            in_line = {claim["pk"] for claim in line}
            free = quota.capacity - sum(
                claim["seats"] for claim in holding if claim["pk"] not in in_line
            )
            served = set()
            if self.now < self.event.starts_at:
                for claim in line:
                    if claim["seats"] <= free:
                        served.add(claim["pk"])
                        free -= claim["seats"]
            actual = {claim["pk"] for claim in line if claim["status"] in HOLDING}
            assert actual == served, (
                f"line {[(c['pk'], c['seats']) for c in line]} was served {actual}, "
                f"first come first served among those that fit is {served}"
            )
            promoted = Status.OFFERED if self.offers else Status.CONFIRMED
            assert all(claim["status"] == promoted for claim in waited if claim["pk"] in actual)


@pytest.mark.django_db
def test_seats_and_the_waitlist_hold_under_any_sequence_of_steps():
    event = make_event(quotas=[("会場", "onsite", 0), ("分科会", "onsite", 0)])
    run_state_machine_as_test(
        lambda: SeatsAndWaitlists(event),
        settings=settings(
            max_examples=40,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
