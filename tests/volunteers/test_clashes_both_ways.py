"""Clashes both ways (issue 21): registering for an event or a course warns a person who has
a volunteer shift, or a course session to teach, at the same time — in the mail that confirms
their place, never on the public form (anyone may type anyone's address there) and never by
refusing; a trainer signing up for a shift while teaching is refused as a registered event's
clash is. On the real database, through the public form and the real mail outbox."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.commitments import clashes
from events.models import Registration
from tests.courses.conftest import make_course, make_user
from tests.events.conftest import make_event
from tests.events.test_registration_views import form_data
from tests.volunteers.conftest import make_qualification, make_shift, make_volunteer
from volunteers import services
from volunteers.models import ShiftSignup
from volunteers.services.refusals import SignupError

pytestmark = pytest.mark.django_db

EMAIL = "hanako@example.jp"
WARNING = "同じ時間に"


@pytest.fixture
def supporter(db):
    return make_qualification()


def on_shift(volunteer, shift):
    """A confirmed place, written as it is stored (the sign-up's own rules aside)."""
    return ShiftSignup.objects.create(volunteer=volunteer, shift=shift, status="confirmed")


def shift_at(session, *, offset=1, length=2, **fields):
    """A shift starting `offset` hours into `session`."""
    shift = make_shift(**fields)
    shift.starts_at = session.starts_at + timedelta(hours=offset)
    shift.ends_at = shift.starts_at + timedelta(hours=length)
    shift.save()
    return shift


def post(run, client, event, **overrides):
    return run(client.post, event.url, form_data(event, email=EMAIL, **overrides))


def mail_to(address):
    """The last mail sent to `address`: its body."""
    sent = [m for m in mail.outbox if address in m.to]
    assert sent, address
    return sent[-1].body


def test_registering_over_a_volunteer_shift_registers_and_the_mail_warns(run, client):
    event = make_event(days=3)
    volunteer = make_volunteer(email=EMAIL)
    services.sign_up(volunteer, shift_at(event.sessions.get()))
    mail.outbox.clear()
    response = post(run, client, event, name="山田 花子さん", phone="0269-11-2222")
    assert response.status_code == 302
    # The public page says nothing of it: the address typed may be someone else's.
    assert WARNING not in run(client.get, response.url).content.decode()
    assert Registration.objects.get().person.name == "山田 花子さん"
    assert volunteer.signups.get().status == "confirmed"
    body = mail_to(EMAIL)
    assert WARNING in body and "ボランティア" in body


@pytest.mark.parametrize("case", ["no overlap", "unconfirmed", "cancelled shift", "other address"])
def test_no_warning_without_a_real_clash(run, client, case):
    event = make_event(days=3)
    session = event.sessions.get()
    volunteer = make_volunteer(email=EMAIL, confirmed=case != "unconfirmed")
    shift = shift_at(session, offset=2 if case == "no overlap" else 1)  # back to back is no clash
    on_shift(volunteer, shift)
    if case == "cancelled shift":
        shift.cancelled_at = shift.starts_at - timedelta(days=1)
        shift.save()
    email = "other@example.jp" if case == "other address" else EMAIL
    mail.outbox.clear()
    response = run(client.post, event.url, form_data(event, email=email))
    assert response.status_code == 302, case
    assert Registration.objects.count() == 1
    assert WARNING not in mail_to(email), case


def test_a_course_warns_of_a_shift_at_any_of_its_sessions(run, client, supporter):
    course = make_course(supporter, sessions=3)
    second = course.event.sessions.order_by("starts_at")[1]
    services.sign_up(make_volunteer(email=EMAIL), shift_at(second))
    mail.outbox.clear()
    assert post(run, client, course.event).status_code == 302
    assert WARNING in mail_to(EMAIL)


def test_a_trainer_is_warned_of_registering_while_teaching(run, client, supporter):
    trainer = make_user("trainer", email="HANAKO@example.jp")
    course = make_course(supporter, sessions=2, trainers=[trainer])
    first = course.event.sessions.order_by("starts_at")[0]
    other = make_event("地域のつどい", days=10, slug="tsudoi")
    other_session = other.sessions.get()
    other_session.starts_at, other_session.ends_at = first.starts_at, first.ends_at
    other_session.save()
    mail.outbox.clear()
    assert post(run, client, other).status_code == 302
    body = mail_to(EMAIL)
    assert "担当する講座" in body
    assert course.event.title not in body  # the kind and time only


def test_a_trainer_signing_up_for_a_shift_while_teaching_is_refused(supporter):
    trainer = make_user("trainer", email=EMAIL.upper())
    course = make_course(supporter, sessions=2, trainers=[trainer])
    second = course.event.sessions.order_by("starts_at")[1]
    volunteer = make_volunteer(email=EMAIL)
    with pytest.raises(SignupError) as caught:
        services.sign_up(volunteer, shift_at(second))
    assert caught.value.code == "clash_teaching"
    assert course.event.title in str(caught.value.message)
    # Another address is another person.
    stranger = make_volunteer(email="someone@example.jp")
    assert services.check(stranger, shift_at(second)) is None
    # Once the trainer is off the course, the time is free.
    course.trainers.clear()
    course.save()  # a parental many-to-many is written on save
    assert services.sign_up(volunteer, shift_at(second)).status == "confirmed"


def test_the_clash_check_costs_the_same_queries_for_one_or_many_commitments(supporter):
    event = make_event(days=3)
    session = event.sessions.get()
    volunteer = make_volunteer(email=EMAIL)
    on_shift(volunteer, shift_at(session))
    clashes(event, EMAIL)  # the platform map and the locale in the cache
    with CaptureQueriesContext(connection) as one:
        assert len(clashes(event, EMAIL)) == 1
    trainer = make_user("trainer", email=EMAIL)
    course = make_course(supporter, sessions=1, trainers=[trainer], days=3)
    taught = course.event.sessions.get()
    taught.starts_at, taught.ends_at = session.starts_at, session.ends_at
    taught.save()
    for offset in (-0.5, 0):
        on_shift(volunteer, shift_at(session, offset=offset, length=1))
    clashes(event, EMAIL)
    with CaptureQueriesContext(connection) as many:
        found = clashes(event, EMAIL)
    assert len(found) == 4
    assert len(many) == len(one) <= 4


def test_a_discreet_events_clash_names_it_only_as_a_booking():
    from events import services as event_services

    event = make_event("こころの相談会", days=3, discreet=True)
    volunteer = make_volunteer(email=EMAIL)
    event_services.register(event, quota=event.quotas.get(), name="飯山 花子", email=EMAIL)
    with pytest.raises(SignupError) as caught:
        services.sign_up(volunteer, shift_at(event.sessions.get()))
    assert caught.value.code == "clash_event"
    message = str(caught.value.message)
    assert "ご予約" in message and "相談" not in message
