"""Volunteer mails are outbox rows: written with the change, delivered once, retried, never
lost, visible to staff when they fail; and the same outbox serves events."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django_q.models import Schedule

from cms.core import outbox
from cms.core.models import PlatformRole
from cms.news import newsletter
from cms.news.models import NewsletterConfirmation
from cms.people.models import AccessToken, Person, Qualification, QualificationMail
from cms.people.services import grant_qualification
from events import services as event_services
from events.capacity import Status
from events.courses.models import ExpiryReminder
from events.models import FeedbackRequest, Message
from tests.events.conftest import make_event
from tests.platforms import default_platform
from tests.volunteers.conftest import make_opportunity, make_shift, make_volunteer
from volunteers import services
from volunteers.models import VolunteerMail
from volunteers.tasks import deliver_mail

pytestmark = pytest.mark.django_db

FAILING = "tests.events.failing_mail.Backend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"


def full_shift_with_one_waiting():
    shift = make_shift(make_opportunity(), capacity=1)
    on_it = services.sign_up(make_volunteer(name="鳥取 一郎"), shift)
    waiting = services.sign_up(make_volunteer(name="米子 二郎"), shift)
    return on_it, waiting


@override_settings(EMAIL_BACKEND=FAILING)
def test_a_failing_mail_server_keeps_the_mail_and_the_promotion_and_a_later_attempt_sends_it(
    run,
):
    on_it, waiting = full_shift_with_one_waiting()
    run(services.cancel_signup, on_it)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    row = VolunteerMail.objects.get(signup=waiting)
    assert row.kind == "place_opened" and row.sent_at is None
    assert row.attempts == 1 and "SMTP" in row.last_error
    schedule = Schedule.objects.get(name=f"volunteers-volunteermail-{row.pk}")
    assert schedule.func == "volunteers.tasks.deliver_mail"
    assert schedule.args == repr((row.pk,))
    # The link is made at delivery: the failed attempt left no token behind.
    assert not AccessToken.objects.filter(person=waiting.volunteer.person).exists()
    with override_settings(EMAIL_BACKEND=WORKING):
        assert deliver_mail(row.pk) == "sent"
        assert deliver_mail(row.pk) == "already sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [waiting.volunteer.person.email]
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2


def test_every_mail_is_written_with_its_change_and_nothing_when_the_change_is_undone(run):
    on_it, waiting = full_shift_with_one_waiting()

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        services.cancel_signup(on_it)
        assert VolunteerMail.objects.filter(kind="place_opened").count() == 1
        raise Undo
    assert not VolunteerMail.objects.exists()
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    assert mail.outbox == []


def test_no_token_ever_sits_in_the_outbox_or_the_task_queue(run):
    volunteer, _created = run(
        services.register_volunteer, default_platform(), name="飯山 花子", email="hanako@example.jp"
    )
    link = re.search(r"/volunteers/confirm/(\S+)/", mail.outbox[0].body).group(1)
    row = VolunteerMail.objects.get(volunteer=volunteer)
    stored = " ".join(
        str(value) for value in VolunteerMail.objects.filter(pk=row.pk).values().get().values()
    )
    assert link not in stored
    assert not Schedule.objects.filter(args__contains=link).exists()
    assert AccessToken.objects.filter(person=volunteer.person).count() == 1


@override_settings(EMAIL_BACKEND=FAILING)
def test_after_the_last_attempt_the_mail_waits_for_staff_who_can_send_it(run, client, admin_user):
    on_it, waiting = full_shift_with_one_waiting()
    run(services.cancel_signup, on_it)
    row = VolunteerMail.objects.get(signup=waiting)
    for _attempt in range(outbox.MAX_ATTEMPTS - 1):
        assert deliver_mail(row.pk) == "failed"
    row.refresh_from_db()
    assert row.attempts == outbox.MAX_ATTEMPTS and row.given_up
    schedule = Schedule.objects.get(name=row.retry_name)
    assert schedule.repeats < 0  # django-q2 deletes a one-off schedule like this once it ran
    schedule.delete()
    assert deliver_mail(row.pk) == "failed"
    assert not Schedule.objects.filter(name=row.retry_name).exists()  # given up: no more tries

    client.force_login(admin_user)
    url = reverse("undelivered_mail")
    body = client.get(url).content.decode()
    assert waiting.volunteer.person.email in body
    assert "再送停止" in body
    with override_settings(EMAIL_BACKEND=WORKING):
        response = run(
            client.post, url, {"outbox": "volunteers.volunteermail", "pk": row.pk}, follow=True
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert waiting.volunteer.person.email not in client.get(url).content.decode()


def test_a_place_opened_mail_is_not_sent_once_the_place_is_no_longer_theirs(
    django_capture_on_commit_callbacks,
):
    on_it, waiting = full_shift_with_one_waiting()
    with django_capture_on_commit_callbacks(execute=False):
        services.cancel_signup(on_it)
    services.cancel_signup(waiting)
    row = VolunteerMail.objects.get(kind="place_opened")
    assert deliver_mail(row.pk) == "no longer on the shift"
    assert mail.outbox == []


def test_someone_without_an_address_gets_no_mail_row(run, admin_user):
    shift = make_shift(capacity=1)
    services.sign_up(make_volunteer(), shift)
    volunteer, _created = run(
        services.register_volunteer,
        default_platform(),
        name="電話 太郎",
        email="",
        staff_user=admin_user,
    )
    waiting = services.sign_up(volunteer, shift, staff_user=admin_user)
    run(services.cancel_signup, shift.signups.exclude(pk=waiting.pk).get())
    assert not VolunteerMail.objects.filter(volunteer=volunteer).exists()


def test_an_erased_person_is_skipped_and_the_mail_is_closed(
    run, django_capture_on_commit_callbacks
):
    from cms.people.erasure import erase_person

    on_it, waiting = full_shift_with_one_waiting()
    with django_capture_on_commit_callbacks(execute=False):
        services.cancel_signup(on_it)
    erase_person(waiting.volunteer.person)
    row = VolunteerMail.objects.get(kind="place_opened")
    assert deliver_mail(row.pk) == "no address"
    row.refresh_from_db()
    assert row.sent_at is not None and mail.outbox == []


@pytest.fixture
def staff(django_user_model):
    def make(*codenames):
        user = django_user_model.objects.create_user(f"staff{len(codenames)}", password="x")
        # Staff of the default platform: the mail they see is its volunteers'.
        group = Group.objects.create(name=f"staff{len(codenames)}")
        PlatformRole.objects.create(
            group=group, platform=default_platform(), role=f"staff{len(codenames)}"
        )
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(codename__in=codenames),
        )
        user.groups.add(group)
        return user

    return make


@override_settings(EMAIL_BACKEND=FAILING)
def test_staff_see_the_undelivered_mail_they_may_see_and_nothing_else(run, client, staff):
    on_it, waiting = full_shift_with_one_waiting()
    run(services.cancel_signup, on_it)
    event = make_event()
    run(
        event_services.register,
        event,
        quota=event.quotas.first(),
        name="催し 花子",
        email="event@example.jp",
    )
    url = reverse("undelivered_mail")

    client.force_login(staff())
    assert client.get(url).status_code in (302, 403)

    client.force_login(staff("view_volunteermail"))
    body = client.get(url).content.decode()
    assert waiting.volunteer.person.email in body and "event@example.jp" not in body
    row = VolunteerMail.objects.get()
    # Seeing is not sending: trying again needs the change permission.
    response = client.post(url, {"outbox": "volunteers.volunteermail", "pk": row.pk})
    assert response.status_code in (302, 403)
    response = client.post(url, {"outbox": "events.message", "pk": Message.objects.get().pk})
    assert response.status_code in (302, 403)
    row.refresh_from_db()
    assert row.attempts == 1 and len(mail.outbox) == 0

    client.force_login(staff("view_message", "change_message"))
    body = client.get(url).content.decode()
    assert "event@example.jp" in body and waiting.volunteer.person.email not in body
    # A tampered form says so, never a 500.
    for data in ({"outbox": "events.message", "pk": "x"}, {"outbox": "nothing", "pk": 1}):
        assert client.post(url, data).status_code in (302, 403)


@override_settings(EMAIL_BACKEND=FAILING)
def test_the_undelivered_list_costs_the_same_queries_for_any_number_of_mails(
    run, admin_user, client
):
    """Each kind of mail joins what its recipient and subject need (`undelivered_related`)."""
    client.force_login(admin_user)
    url = reverse("undelivered_mail")
    opportunity = make_opportunity()
    event = make_event()
    qualification = Qualification.objects.create(
        platform=default_platform(), name="つながりサポーター", slug="supporter", validity_years=3
    )

    def fail_one_of_each():
        n = VolunteerMail.objects.count()
        shift = make_shift(opportunity, capacity=1, hours=48 + n * 5)
        services.sign_up(make_volunteer(), shift)
        waiting = services.sign_up(make_volunteer(), shift)
        run(services.cancel_signup, shift.signups.exclude(pk=waiting.pk).get())
        registration, _created = run(
            event_services.register,
            event,
            quota=event.quotas.first(),
            name="催し 花子",
            email=f"event{n}@example.jp",
        )
        run(FeedbackRequest.objects.create(registration=registration).queue)
        run(newsletter.subscribe, platform=default_platform(), email=f"news{n}@example.jp")
        holder = Person.objects.create(
            platform=default_platform(), name="資格 太郎", email=f"holder{n}@example.jp"
        )
        grant = grant_qualification(holder, qualification)
        run(QualificationMail.objects.create(grant=grant).queue)
        run(ExpiryReminder.objects.create(grant=grant, valid_until=grant.valid_until).queue)

    kinds = [
        VolunteerMail,
        Message,
        FeedbackRequest,
        NewsletterConfirmation,
        QualificationMail,
        ExpiryReminder,
    ]
    fail_one_of_each()
    assert all(kind.undelivered_queryset().count() == 1 for kind in kinds)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _more in range(4):
        fail_one_of_each()
    assert all(kind.undelivered_queryset().count() == 5 for kind in kinds)
    with CaptureQueriesContext(connection) as five:
        body = client.get(url).content.decode()
    assert body.count("今すぐ再送する") == 5 * len(kinds)
    assert len(five) == len(one)


def test_every_outbox_names_joins_that_exist():
    for model in outbox.outbox_models():
        list(model.undelivered_queryset())  # a misspelt name raises FieldError


def test_the_outbox_knows_every_app_that_keeps_mail():
    assert {model._meta.label for model in outbox.outbox_models()} >= {
        "events.Message",
        "volunteers.VolunteerMail",
    }


def test_seeing_undelivered_mail_can_be_given_to_a_group_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    body = client.get(reverse("wagtailusers_groups:add")).content.decode()
    for codename in ("view_volunteermail", "change_volunteermail", "view_message"):
        permission = Permission.objects.get(codename=codename)
        assert f'value="{permission.pk}"' in body
