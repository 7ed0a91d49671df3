from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from cms.core import outbox
from cms.people.retention import expired_people
from cms.people.services import grant_qualification
from events.capacity import Status
from events.services import cancel_registration, register
from tests.events.conftest import make_event
from tests.platforms import default_platform
from tests.volunteers.conftest import (
    make_opportunity,
    make_qualification,
    make_role,
    make_shift,
    make_volunteer,
)
from volunteers import services
from volunteers.models import ShiftSignup, VolunteerMail, worked_hours
from volunteers.services import SignupError

pytestmark = pytest.mark.django_db


def refused(volunteer, shift, **kwargs):
    with pytest.raises(SignupError) as caught:
        services.sign_up(volunteer, shift, **kwargs)
    return caught.value.refusal


def test_a_free_place_is_confirmed(shift, volunteer):
    signup = services.sign_up(volunteer, shift)
    assert signup.status == Status.CONFIRMED
    assert services.check(volunteer, shift).code == "already"


def test_a_full_shift_puts_the_next_on_the_waitlist_and_promotes_with_a_mail(opportunity, run):
    shift = make_shift(opportunity, capacity=1)
    first, second = make_volunteer(), make_volunteer(name="鳥取 次郎")
    taken = services.sign_up(first, shift)
    waiting = run(services.sign_up, second, shift)
    assert waiting.status == Status.WAITLISTED
    assert mail.outbox == []

    run(services.cancel_signup, taken)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [second.person.email]
    assert "空き" in mail.outbox[0].subject
    # The task is idempotent: running it again sends nothing more.
    from volunteers.tasks import deliver_mail

    sent = VolunteerMail.objects.get(signup=waiting, kind="place_opened")
    assert deliver_mail(sent.pk) == "already sent"
    assert len(mail.outbox) == 1


def test_a_full_shift_without_waitlist_refuses_as_full(volunteer):
    shift = make_shift(make_opportunity(waitlist_enabled=False), capacity=1)
    services.sign_up(make_volunteer(), shift)
    assert refused(volunteer, shift).code == "full"
    assert services.check(volunteer, shift).code == "full"


def test_an_overlapping_shift_is_refused_and_named(opportunity, volunteer):
    first = make_shift(opportunity, role=make_role("受付"), hours=48, length=3)
    second = make_shift(opportunity, hours=50, length=3)
    services.sign_up(volunteer, first)
    refusal = refused(volunteer, second)
    assert refusal.code == "clash_shift"
    assert "受付" in str(refusal.message)
    # Back to back is no clash.
    services.sign_up(volunteer, make_shift(opportunity, hours=51, length=2))


def test_a_waitlisted_shift_counts_as_a_commitment(opportunity, volunteer):
    full = make_shift(opportunity, capacity=1, hours=48)
    services.sign_up(make_volunteer(), full)
    assert services.sign_up(volunteer, full).status == Status.WAITLISTED
    assert refused(volunteer, make_shift(opportunity, hours=49)).code == "clash_shift"


def test_a_registered_event_session_counts_as_a_commitment(opportunity, volunteer):
    event = make_event(days=3)
    # Registered through the event's own form: a Person of its own, the same address.
    register(event, quota=event.quotas.first(), name="飯山 花子", email=volunteer.person.email)
    session = event.sessions.first()
    shift = make_shift(opportunity)
    shift.starts_at = session.starts_at + timedelta(hours=1)
    shift.ends_at = session.ends_at + timedelta(hours=1)
    shift.save()
    refusal = refused(volunteer, shift)
    assert refusal.code == "clash_event"
    assert event.title in str(refusal.message)
    # Once the registration is cancelled, the time is free again.
    cancel_registration(event.registrations.get())
    assert services.sign_up(volunteer, shift).status == Status.CONFIRMED


def test_a_role_needing_a_qualification_names_it(opportunity, volunteer):
    qualification = make_qualification()
    shift = make_shift(opportunity, role=make_role("見守り", qualification))
    refusal = refused(volunteer, shift)
    assert refusal.code == "qualification"
    assert "つながりサポーター" in str(refusal.message)
    grant_qualification(volunteer.person, qualification)
    assert services.sign_up(volunteer, shift).status == Status.CONFIRMED


def test_sign_up_opens_a_set_time_ahead(volunteer, admin_user):
    shift = make_shift(make_opportunity(signup_opens_days=7), hours=24 * 10)
    refusal = refused(volunteer, shift)
    assert refusal.code == "not_yet_open"
    assert refusal.params["opens"]
    # Staff taking a phone call may add someone early.
    assert services.sign_up(volunteer, shift, staff_user=admin_user).pk


def test_sign_up_closes_a_set_time_before(volunteer):
    shift = make_shift(make_opportunity(signup_closes_hours=24), hours=12)
    assert refused(volunteer, shift).code == "closed"


def test_a_started_or_cancelled_shift_is_refused(opportunity, volunteer):
    started = make_shift(opportunity, hours=-1)
    assert refused(volunteer, started).code == "ended"
    cancelled = make_shift(opportunity, hours=72)
    services.cancel_shift(cancelled)
    assert refused(volunteer, cancelled).code == "cancelled"
    assert not ShiftSignup.objects.exists()


def test_an_unconfirmed_address_cannot_sign_up(shift):
    assert refused(make_volunteer(confirmed=False), shift).code == "unconfirmed"


def test_cancelling_closes_a_set_time_before_but_leaving_the_waitlist_does_not(
    volunteer, admin_user
):
    opportunity = make_opportunity(cancel_closes_hours=48, signup_closes_hours=1)
    shift = make_shift(opportunity, hours=24, capacity=1)
    signup = services.sign_up(volunteer, shift)
    with pytest.raises(SignupError) as caught:
        services.cancel_signup(signup)
    assert caught.value.refusal.code == "cancel_closed"
    waiting = services.sign_up(make_volunteer(), shift)
    assert services.cancel_signup(waiting).status == Status.CANCELLED
    # Staff can still take someone off until the start.
    assert services.cancel_signup(signup, staff_user=admin_user).status == Status.CANCELLED


def test_signing_up_again_after_cancelling_reuses_the_row(shift, volunteer):
    signup = services.sign_up(volunteer, shift)
    services.cancel_signup(signup)
    again = services.sign_up(volunteer, shift)
    assert again.pk == signup.pk and again.status == Status.CONFIRMED


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (time(9, 0), time(12, 0), Decimal("3.00")),
        (time(22, 0), time(2, 30), Decimal("4.50")),  # across midnight
        (time(23, 50), time(0, 5), Decimal("0.25")),
        (time(9, 0), time(9, 7), Decimal("0.00")),
    ],
)
def test_hours_are_counted_to_the_quarter_across_midnight(start, end, hours):
    shift = make_shift(hours=-30, length=5)
    checked_in, checked_out = services.resolve_times(shift, start, end)
    assert checked_out > checked_in
    assert worked_hours(checked_in, checked_out) == hours


def test_check_in_and_out_records_hours_and_no_show_clears_them(opportunity):
    shift = make_shift(opportunity, hours=30)
    signup = services.sign_up(make_volunteer(), shift)
    checked_in, checked_out = services.resolve_times(shift, time(22, 0), time(1, 0))
    signup = services.record_attendance(
        signup, checked_in_at=checked_in, checked_out_at=checked_out
    )
    assert signup.status == Status.ATTENDED and signup.hours == Decimal("3.00")
    signup = services.mark_no_show(signup)
    assert signup.status == Status.CONFIRMED and signup.no_show and signup.hours is None


def test_reminders_go_once_the_day_before(run):
    from volunteers.tasks import send_reminders

    opportunity = make_opportunity(signup_closes_hours=1)
    tomorrow = make_shift(opportunity, hours=20)
    later = make_shift(opportunity, hours=60)
    services.sign_up(make_volunteer(), tomorrow)
    services.sign_up(make_volunteer(), later)
    assert run(send_reminders) == 1
    assert run(send_reminders) == 0
    assert len(mail.outbox) == 1
    assert "明日" in mail.outbox[0].subject or "リマインド" in mail.outbox[0].subject


def test_register_confirm_and_ask_again_never_tells_who_volunteers(run):
    volunteer, created = run(
        services.register_volunteer,
        default_platform(),
        name="飯山 花子",
        email="Hanako@Example.jp",
        languages=["ja", "en"],
        consent_version="none",
    )
    assert created and volunteer.email_confirmed_at is None
    assert len(mail.outbox) == 1 and "/volunteers/confirm/" in mail.outbox[0].body
    again, created = run(
        services.register_volunteer, default_platform(), name="別人", email="hanako@example.jp"
    )
    assert again.pk == volunteer.pk and not created
    again.person.refresh_from_db()
    assert again.person.name == "飯山 花子"  # a stranger cannot overwrite the record
    # Not confirmed yet: asking again sends the confirmation again.
    assert len(mail.outbox) == 2 and "/volunteers/confirm/" in mail.outbox[1].body
    services.confirm_email(volunteer)
    run(services.register_volunteer, default_platform(), name="別人", email="hanako@example.jp")
    assert len(mail.outbox) == 3 and "/volunteers/me/" in mail.outbox[2].body
    services.request_link(default_platform(), "nobody@example.jp")
    assert len(mail.outbox) == 3


def test_nobody_can_flood_a_volunteers_inbox_with_links(run):
    volunteer, _created = run(
        services.register_volunteer, default_platform(), name="飯山 花子", email="hanako@example.jp"
    )
    services.confirm_email(volunteer)
    mail.outbox.clear()
    for _ in range(3):
        run(services.request_link, default_platform(), "hanako@example.jp")
    run(services.register_volunteer, default_platform(), name="誰か", email="hanako@example.jp")
    run(services.request_link, default_platform(), "ＨＡＮＡＫＯ＠example.jp")
    assert len(mail.outbox) == outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR == 3
    # An hour later the link can be asked for again.
    volunteer.mails.update(created_at=timezone.now() - timedelta(minutes=61))
    run(services.request_link, default_platform(), "hanako@example.jp")
    assert len(mail.outbox) == 4 and "/volunteers/me/" in mail.outbox[-1].body


def test_people_with_a_future_shift_are_not_erased(shift, volunteer, settings):
    services.sign_up(volunteer, shift)
    volunteer.person.last_active_at = timezone.now() - timedelta(days=10_000)
    volunteer.person.save()
    assert volunteer.person not in expired_people()


def test_a_cancelled_shift_tells_everyone_on_it_once(opportunity, run):
    from volunteers.tasks import deliver_mail

    shift = make_shift(opportunity, capacity=1)
    on_it, waiting = make_volunteer(), make_volunteer()
    services.sign_up(on_it, shift)
    services.sign_up(waiting, shift)
    run(services.cancel_shift, shift)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [on_it.person.email, waiting.person.email]
    )
    assert all("中止" in m.subject for m in mail.outbox)
    for sent in VolunteerMail.objects.all():
        assert deliver_mail(sent.pk) == "already sent"
    assert len(mail.outbox) == 2


def test_confirming_an_address_confirms_stops_the_confirmation_link_and_opens_my_page():
    from cms.people.services import issue_token, resolve_token

    volunteer = make_volunteer(confirmed=False)
    confirmation = issue_token(volunteer.person, services.CONFIRM)
    my_page = services.confirm_email(volunteer)
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is not None
    assert resolve_token(confirmation, services.CONFIRM) is None
    assert resolve_token(my_page, services.MY_PAGE).person == volunteer.person


def test_confirming_that_fails_at_its_last_step_leaves_nothing_half_done(monkeypatch):
    from cms.people.models import AccessToken
    from cms.people.services import issue_token, resolve_token
    from volunteers.services import joining

    volunteer = make_volunteer(confirmed=False)
    volunteer.person.last_active_at = timezone.now() - timedelta(days=30)
    volunteer.person.save()
    confirmation = issue_token(volunteer.person, services.CONFIRM)
    real_issue = joining.issue_token

    def issue_then_fail(*args, **kwargs):
        real_issue(*args, **kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(joining, "issue_token", issue_then_fail)
    with pytest.raises(RuntimeError):
        services.confirm_email(volunteer)
    volunteer.refresh_from_db()
    volunteer.person.refresh_from_db()
    assert volunteer.email_confirmed_at is None
    assert volunteer.person.last_active_at < timezone.now() - timedelta(days=29)
    assert resolve_token(confirmation, services.CONFIRM) is not None
    assert not AccessToken.objects.filter(purpose=services.MY_PAGE).exists()
