"""Swapping out of a shift: the rules in the docstring of `volunteers.services.swaps`."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.people.services import issue_token
from events.capacity import Status
from tests.volunteers.conftest import (
    make_opportunity,
    make_qualification,
    make_role,
    make_shift,
    make_volunteer,
)
from volunteers import services
from volunteers.models import ShiftSignup, VolunteerMail
from volunteers.services import SignupError

pytestmark = pytest.mark.django_db


def refused(function, *args, **kwargs):
    with pytest.raises(SignupError) as caught:
        function(*args, **kwargs)
    return caught.value.refusal.code


def mails_to(volunteer):
    return [m for m in mail.outbox if m.to == [volunteer.person.email]]


def test_an_offer_with_nobody_waiting_keeps_the_volunteer_on_the_shift(run):
    shift = make_shift(capacity=2, min_people=2)
    offerer = make_volunteer(name="鳥取 一郎")
    signup = services.sign_up(offerer, shift)
    services.sign_up(make_volunteer(), shift)
    signup = run(services.offer_swap, signup)
    assert signup.status == Status.CONFIRMED and signup.swap_pending
    # Still counted (so nobody else sees a free place that is not free) and still reminded.
    shift = services._places(shift)
    assert (shift.held, shift.offered) == (2, 1)
    assert services.due_reminders(now=shift.starts_at - timedelta(hours=2)).filter(pk=signup.pk)
    [sent] = mails_to(offerer)
    assert "交代" in sent.subject
    assert "/volunteers/me/" in sent.body


def test_the_next_volunteer_takes_over_the_offered_place_and_both_are_told(run):
    shift = make_shift(make_opportunity(waitlist_enabled=False), capacity=1)
    offerer, taker = make_volunteer(name="鳥取 一郎"), make_volunteer(name="米子 二郎")
    offered = run(services.offer_swap, services.sign_up(offerer, shift))
    mail.outbox.clear()
    # Full, no waitlist: but the offered place is there to take.
    assert services.check(taker, shift) is None
    taken = run(services.sign_up, taker, shift)
    offered.refresh_from_db()
    assert taken.status == Status.CONFIRMED
    assert offered.status == Status.CANCELLED and offered.handed_over_to == taken
    assert ShiftSignup.objects.filter(shift=shift, status=Status.CONFIRMED).count() == 1
    [freed] = mails_to(offerer)
    [took] = mails_to(taker)
    assert "譲" in freed.subject or "交代" in freed.subject
    assert "引き受け" in took.subject or "交代" in took.subject
    assert offerer.person.name not in took.body  # nobody learns who else volunteers


def test_the_oldest_offer_is_taken_before_a_free_place(run):
    shift = make_shift(capacity=3)
    first, second = make_volunteer(), make_volunteer()
    first_signup = services.sign_up(first, shift)
    second_signup = services.sign_up(second, shift)
    services.offer_swap(second_signup, now=timezone.now() - timedelta(minutes=5))
    services.offer_swap(first_signup)
    taken = run(services.sign_up, make_volunteer(), shift)
    second_signup.refresh_from_db()
    first_signup.refresh_from_db()
    assert second_signup.handed_over_to == taken
    assert first_signup.swap_pending


def test_with_people_waiting_the_first_in_line_gets_the_place_at_once(run):
    shift = make_shift(capacity=1)
    offerer = make_volunteer()
    signup = services.sign_up(offerer, shift)
    first = services.sign_up(make_volunteer(), shift)
    second = services.sign_up(make_volunteer(), shift)
    signup = run(services.offer_swap, signup)
    first.refresh_from_db()
    second.refresh_from_db()
    assert signup.status == Status.CANCELLED and signup.handed_over_to == first
    assert first.status == Status.CONFIRMED and second.status == Status.WAITLISTED
    kinds = sorted(VolunteerMail.objects.values_list("kind", flat=True))
    assert kinds == ["handed_over", "place_opened"]
    assert len(mails_to(offerer)) == 1 and len(mails_to(first.volunteer)) == 1


def test_a_place_can_be_offered_after_cancelling_has_closed():
    shift = make_shift(make_opportunity(cancel_closes_hours=48, signup_closes_hours=1), hours=24)
    signup = services.sign_up(make_volunteer(), shift)
    assert refused(services.cancel_signup, signup) == "cancel_closed"
    assert "交代" in str(services.cancel_refusal(signup).message)
    assert services.offer_swap(signup).swap_pending


@pytest.mark.parametrize("rule", ["clash_shift", "qualification", "too_many_hours"])
def test_the_taker_meets_every_rule_and_a_refusal_changes_nothing(rule):
    qualification = make_qualification()
    opportunity = make_opportunity(max_hours_in_a_row=4, waitlist_enabled=False)
    role = make_role("見守り", qualification if rule == "qualification" else None)
    shift = make_shift(opportunity, role=role, capacity=1, hours=48, length=3)
    offerer = make_volunteer()
    if rule == "qualification":
        from cms.people.services import grant_qualification

        grant_qualification(offerer.person, qualification)
    offered = services.offer_swap(services.sign_up(offerer, shift))
    taker = make_volunteer()
    if rule == "clash_shift":
        services.sign_up(taker, make_shift(opportunity, hours=49, length=1))
    if rule == "too_many_hours":
        services.sign_up(taker, make_shift(opportunity, hours=51, length=2))
    before = list(ShiftSignup.objects.order_by("pk").values())
    assert refused(services.sign_up, taker, shift) == rule
    assert list(ShiftSignup.objects.order_by("pk").values()) == before
    offered.refresh_from_db()
    assert offered.swap_pending


def test_what_cannot_be_offered_says_why_and_changes_nothing(admin_user):
    opportunity = make_opportunity()
    shift = make_shift(opportunity, capacity=1)
    services.sign_up(make_volunteer(), shift)
    waiting = services.sign_up(make_volunteer(), shift)
    assert refused(services.offer_swap, waiting) == "swap_waitlisted"

    started = make_shift(opportunity, hours=72)
    signup = services.sign_up(make_volunteer(), started)
    assert (
        refused(services.offer_swap, signup, now=started.starts_at + timedelta(minutes=1))
        == "ended"
    )
    services.offer_swap(signup)
    assert refused(services.offer_swap, signup) == "swap_already"

    no_show = services.mark_no_show(services.sign_up(make_volunteer(), make_shift(opportunity)))
    assert refused(services.offer_swap, no_show) == "not_allowed"

    called_off = make_shift(opportunity, hours=100)
    gone = services.sign_up(make_volunteer(), called_off)
    services.cancel_shift(called_off)
    gone.refresh_from_db()
    assert refused(services.offer_swap, gone) == "not_allowed"
    assert not ShiftSignup.objects.filter(swap_offered_at__isnull=False).exclude(pk=signup.pk)


def test_an_offer_can_be_withdrawn_until_someone_takes_it(run):
    from volunteers.tasks import deliver_mail

    shift = make_shift(capacity=1)
    signup = services.sign_up(make_volunteer(), shift)
    assert refused(services.withdraw_swap, signup) == "swap_none"
    services.offer_swap(signup)
    signup = services.withdraw_swap(signup)
    assert signup.status == Status.CONFIRMED and not signup.swap_pending
    # Its acknowledgement, not delivered yet, is not sent late.
    acknowledgement = VolunteerMail.objects.get(kind="swap_offered")
    assert deliver_mail(acknowledgement.pk) == "offer no longer open"
    services.offer_swap(signup)
    run(services.sign_up, make_volunteer(), shift)
    assert refused(services.withdraw_swap, signup) == "swap_taken"


def test_the_reminder_of_a_pending_offer_says_they_are_still_on(run):
    from volunteers.tasks import send_reminders

    shift = make_shift(make_opportunity(signup_closes_hours=1), hours=20)
    volunteer = make_volunteer()
    run(services.offer_swap, services.sign_up(volunteer, shift))
    mail.outbox.clear()
    assert run(send_reminders) == 1
    assert "まだ引き受ける人がいない" in mail.outbox[0].body


def test_a_volunteer_cannot_take_over_their_own_place():
    shift = make_shift(capacity=1)
    volunteer = make_volunteer()
    services.offer_swap(services.sign_up(volunteer, shift))
    assert refused(services.sign_up, volunteer, shift) == "already"


def test_signing_up_again_after_a_handover_starts_afresh(run):
    shift = make_shift(capacity=2)
    volunteer = make_volunteer()
    signup = services.sign_up(volunteer, shift)
    services.offer_swap(signup)
    run(services.sign_up, make_volunteer(), shift)
    again = services.sign_up(volunteer, shift)
    assert again.pk == signup.pk
    assert again.status == Status.CONFIRMED
    assert again.swap_offered_at is None and again.handed_over_to is None


# Pages ---------------------------------------------------------------------------------------


def my_page_url(volunteer):
    return reverse(
        "volunteers:my_page", kwargs={"token": issue_token(volunteer.person, "volunteer")}
    )


def test_offer_and_withdraw_from_my_page(client, run):
    volunteer = make_volunteer()
    signup = services.sign_up(volunteer, make_shift())
    url = my_page_url(volunteer)
    body = client.get(url).content.decode()
    assert "この枠を他の人に譲る" in body
    swap = url + f"sign-ups/{signup.pk}/swap/"
    body = run(client.post, swap, {"action": "offer"}, follow=True).content.decode()
    assert "引き受ける人が見つかるまでは" in body
    assert "交代のお願いを取り下げる" in body
    body = client.post(swap, {"action": "withdraw"}, follow=True).content.decode()
    assert "取り下げました" in body
    signup.refresh_from_db()
    assert not signup.swap_pending
    # Someone else's link cannot touch this sign-up.
    other = my_page_url(make_volunteer()) + f"sign-ups/{signup.pk}/swap/"
    assert client.post(other, {"action": "offer"}).status_code == 404
    signup.refresh_from_db()
    assert not signup.swap_pending


def test_the_list_offers_the_place_and_counts_it_as_needed(client, run):
    opportunity = make_opportunity(waitlist_enabled=False)
    shift = make_shift(opportunity, capacity=1, min_people=1)
    run(services.offer_swap, services.sign_up(make_volunteer(), shift))
    public = client.get(reverse("volunteers:shifts"), {"needs": "on"}).content.decode()
    assert "交代を希望している枠が1" in public
    assert "代わりに入ることができます" in public
    taker = make_volunteer()
    body = client.get(my_page_url(taker) + "shifts/").content.decode()
    button = re.search(r'action="([^"]+/sign-up/)"', body).group(1)
    assert ">代わりに入る<" in body
    response = run(client.post, button, follow=True)
    assert "交代を引き受けました" in response.content.decode()


def test_the_roster_shows_pending_offers_and_handovers(
    client, coordinator, run, django_assert_max_num_queries
):
    opportunity = make_opportunity()
    url = reverse("volunteers_admin:roster", args=[opportunity.pk])
    shift = make_shift(opportunity, capacity=2, min_people=2)
    pending = services.sign_up(make_volunteer(name="鳥取 一郎"), shift)
    services.sign_up(make_volunteer(name="米子 二郎"), shift)
    run(services.offer_swap, pending)
    body = client.get(url).content.decode()
    assert "から交代希望" in body and "roster-short" in body
    assert "1件の枠が交代を希望" in body
    run(services.sign_up, make_volunteer(name="倉吉 三郎"), shift)
    body = client.get(url).content.decode()
    assert "交代：鳥取 一郎 → 倉吉 三郎" in body
    assert "から交代希望" not in body

    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for i in range(6):
        more = make_shift(opportunity, capacity=1, hours=100 + 5 * i)
        offered = services.sign_up(make_volunteer(), more)
        services.offer_swap(offered)
        run(services.sign_up, make_volunteer(), more)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_my_page_after_cancelling_closed_offers_the_swap_and_then_says_it_is_pending(client):
    volunteer = make_volunteer()
    opportunity = make_opportunity(cancel_closes_hours=48, signup_closes_hours=1)
    signup = services.sign_up(volunteer, make_shift(opportunity, hours=24))
    url = my_page_url(volunteer)
    body = client.get(url).content.decode()
    assert "代わりに交代をお願いするか" in body and "このシフトをキャンセルする" not in body
    assert "この枠を他の人に譲る" in body
    services.offer_swap(signup)
    body = client.get(url).content.decode()
    assert "代わりに交代をお願いするか" not in body and "この枠を他の人に譲る" not in body
    assert "交代をお願いしています" in body and "交代のお願いを取り下げる" in body
