"""My page: a resident asks for one private link by e-mail address and sees there everything
they signed up for on this platform, with what each allows."""

import re
from datetime import timedelta
from itertools import count

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.people import mypage
from cms.people.erasure import erase_person
from cms.people.models import AccessToken, MyPageMail, Person, Qualification, QualificationGrant
from cms.people.services import issue_token
from events import services as event_services
from events.capacity import Status
from events.courses.models import CourseCompletion
from events.fooddrives.models import Pledge
from events.models import Registration
from tests.courses.conftest import make_course
from tests.events.conftest import make_event
from tests.fooddrives.admin_fixtures import make_drive, make_pledge
from tests.platforms import default_platform, other_platform
from tests.volunteers.conftest import make_opportunity, make_shift, make_volunteer
from volunteers import services as volunteer_services

EMAIL = "hanako@example.jp"
SLUGS = count(1)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a view as the request would run: the mail tasks it leaves run when it returns."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


@pytest.fixture
def event(db):
    return make_event()


@pytest.fixture
def supporter(db):
    return Qualification.objects.create(
        platform=default_platform(), name="つながりサポーター", slug="supporter", validity_years=3
    )


LINK = re.compile(r"https?://\S+/my/\S+/")
ASK = "/ja/my/"


def ask(run, client, email, **extra):
    return run(client.post, ASK, {"email": email, **extra})


def link_for(run, client, email=EMAIL):
    mail.outbox.clear()
    ask(run, client, email)
    (message,) = mail.outbox
    return LINK.search(message.body).group(0).replace("http://testserver", "")


def register(event, email=EMAIL, name="飯山 花子"):
    registration, _created = event_services.register(
        event, quota=event.quotas.first(), name=name, email=email
    )
    return registration


def everything(supporter, n=1, email=EMAIL):
    """`n` records of each kind for the address: registrations (each a contact record of its
    own, as on the public form), a waitlist place, pledges, shifts and a certificate."""
    made = {"events": [], "drives": [], "shifts": []}
    for i in range(n):
        event = make_event(f"シンポジウム{i}号", slug=f"symposium-{next(SLUGS)}")
        register(event, email)
        made["events"].append(event)
        full = make_event(f"満員の講座{i}号", capacity=1, waitlist_enabled=True)
        register(full, f"first{i}{email}")
        assert register(full, email).status == Status.WAITLISTED
        drive = make_drive(f"フードドライブ{i}号")
        make_pledge(drive, email=False)  # someone else's
        pledge = make_pledge(drive)
        Person.objects.filter(pk=pledge.person_id).update(email=email)
        made["drives"].append(drive)
    volunteer = make_volunteer(email=email)
    for i in range(n):
        shift = make_shift(make_opportunity(f"仕分けボランティア{i}号"), hours=48 + 5 * next(SLUGS))
        volunteer_services.sign_up(volunteer, shift)
        made["shifts"].append(shift)
    course = make_course(supporter, title=f"養成講座{email[0]}")
    done = register(course.event, email)
    grant = QualificationGrant.objects.create(
        person=done.person, qualification=supporter, granted_on=timezone.localdate()
    )
    CourseCompletion.objects.create(
        course=course, registration=done, completed_on=timezone.localdate(), grant=grant
    )
    made["grant"] = grant
    return made


# Asking for the link ------------------------------------------------------------------------


def test_a_known_and_an_unknown_address_get_the_same_answer_and_only_the_known_one_a_mail(
    run, client, event
):
    register(event)
    known = ask(run, client, "ＨＡＮＡＫＯ＠ｅｘａｍｐｌｅ．ｊｐ")  # full-width, upper case
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    unknown = ask(run, client, "nobody@example.jp")
    assert len(mail.outbox) == 1
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(r"hanako@example\.jp|nobody@example\.jp|csrfmiddlewaretoken[^>]*", re.I)
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())
    assert "no-store" in known["Cache-Control"]


def test_the_mail_goes_through_the_outbox_in_the_persons_language_with_a_working_link(
    run, client, event
):
    registration = register(event)
    Person.objects.filter(pk=registration.person_id).update(language="en")
    link = link_for(run, client)
    row = MyPageMail.objects.get()
    assert row.sent_at is not None and row.person_id == registration.person_id
    assert "my page" in mail.outbox[0].subject
    assert link.startswith("/en/my/")
    page = client.get(link)
    assert page.status_code == 200
    assert "noindex" in page.content.decode() and "no-store" in page["Cache-Control"]


def test_the_honeypot_refuses_and_sends_nothing(run, client, event):
    register(event)
    response = ask(run, client, EMAIL, website="http://spam.example")
    assert response.status_code == 200
    assert "form__errors" in response.content.decode()
    assert mail.outbox == []


def test_one_address_gets_a_few_mails_an_hour_at_most(run, client, event):
    register(event)
    for _ in range(5):
        ask(run, client, EMAIL)
    assert len(mail.outbox) == 3


@override_settings(RATELIMITS={"mail": "3/h", "form": "20/10m", "action": "60/10m"})
def test_one_connection_is_limited_whatever_the_addresses(run, client, event):
    for n in range(3):
        assert ask(run, client, f"a{n}@example.jp").status_code == 200
    refused = ask(run, client, "a9@example.jp")
    assert refused.status_code == 429
    assert "a9@example.jp" in refused.content.decode()  # what was typed is kept


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_whatever_is_typed_the_form_answers_without_an_error(client, db, typed):
    response = client.post(ASK, {"email": typed})
    assert response.status_code in (200, 429)


# The page -----------------------------------------------------------------------------------


def test_the_page_lists_everything_of_that_address_on_this_platform_only(
    run,
    client,
    supporter,
):
    made = everything(supporter)
    everything(supporter, email="taro@example.jp")
    other = other_platform()
    make_volunteer(email=EMAIL, platform=other)
    outside = make_shift(make_opportunity("長野県の仕分け", platform=other))
    volunteer_services.sign_up(make_volunteer(email="x@example.jp", platform=other), outside)
    page = client.get(link_for(run, client)).content.decode()
    assert "シンポジウム0号" in page
    assert "満員の講座0号" in page and "On the waitlist" not in page  # in Japanese
    assert "フードドライブ0号" in page and "米" in page
    assert "仕分けボランティア0号" in page
    assert made["grant"].certificate_number in page
    assert "養成講座h" in page
    # Not another person's of this platform, nor this address's on another platform.
    assert "養成講座t" not in page
    assert "長野県の仕分け" not in page
    assert page.count("フードドライブ0号") == 1  # the other donor's pledge is not listed


def test_the_page_reads_the_same_number_of_queries_however_many_records(
    run,
    client,
    supporter,
    django_assert_num_queries,
):
    everything(supporter, n=1)
    link = link_for(run, client)
    client.get(link)  # warm what every page reads once (site, settings, menu)
    with CaptureQueriesContext(connection) as few:
        first = client.get(link)
    assert first.status_code == 200
    queries = len(few)  # now: the connection keeps the last 9000 queries only
    everything(supporter, n=1, email="other@example.jp")
    made = everything(supporter, n=3)
    assert Registration.objects.filter(person__email=EMAIL).count() >= 8
    assert Pledge.objects.filter(person__email=EMAIL).count() == 4
    assert len(made["shifts"]) == 3
    client.get(link)
    with django_assert_num_queries(queries):
        page = client.get(link)
    assert "シンポジウム2号" in page.content.decode()


def test_an_unknown_replaced_expired_or_erased_link_answers_a_page_that_asks_again(
    run, client, event
):
    registration = register(event)
    assert client.get("/ja/my/not-a-token/").status_code == 404
    old = link_for(run, client)
    new = link_for(run, client)
    replaced = client.get(old)
    assert replaced.status_code == 404
    assert 'name="email"' in replaced.content.decode()
    assert client.get(new).status_code == 200
    AccessToken.objects.filter(purpose=mypage.MY_PAGE).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(new).status_code == 404
    fresh = link_for(run, client)
    erase_person(registration.person)
    assert client.get(fresh).status_code == 404


def test_the_link_expires_like_the_other_links_asked_for_by_mail(run, client, event):
    register(event)
    link_for(run, client)
    token = AccessToken.objects.get(purpose=mypage.MY_PAGE)
    assert token.expires_at - token.created_at == pytest.approx(mypage.LINK_FOR, abs=timedelta(1))


# Actions ------------------------------------------------------------------------------------


def test_cancelling_asks_first_and_the_registrations_own_link_keeps_working(run, client, event):
    registration = register(event)
    own = issue_token(registration.person, registration.token_purpose)
    page = link_for(run, client)
    token = page.rstrip("/").rsplit("/", 1)[1]
    cancel = reverse(
        "events:my_cancel", kwargs={"token": token, "reference": registration.reference}
    )
    assert cancel in client.get(page).content.decode()
    confirm = client.get(cancel)
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED  # asking changed nothing
    done = run(client.post, cancel)
    assert done["Location"] == page
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert "キャンセル" in client.get(page).content.decode()
    mine = reverse(
        "events:registration", kwargs={"reference": registration.reference, "token": own}
    )
    assert client.get(mine).status_code == 200


def test_a_record_of_someone_else_is_not_reached_with_my_link(run, client, event):
    register(event)
    stranger = register(make_event("別の催し", slug="other-event"), "other@example.jp")
    token = link_for(run, client).rstrip("/").rsplit("/", 1)[1]
    cancel = reverse("events:my_cancel", kwargs={"token": token, "reference": stranger.reference})
    assert client.get(cancel).status_code == 404
    assert run(client.post, cancel).status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == Status.CONFIRMED


def test_companions_are_changed_and_the_ics_downloaded_from_my_page(run, client, db):
    event = make_event(max_companions=2)
    registration = register(event)
    token = link_for(run, client).rstrip("/").rsplit("/", 1)[1]
    kwargs = {"token": token, "reference": registration.reference}
    run(
        client.post,
        reverse("events:my_companions", kwargs=kwargs),
        {f"r{registration.pk}-companions": "2"},
    )
    registration.refresh_from_db()
    assert registration.companions == 2
    ics = client.get(reverse("events:my_calendar_file", kwargs=kwargs))
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content
    assert "attachment" in ics["Content-Disposition"]


def test_a_pledge_is_cancelled_after_a_confirmation(run, client, db):
    drive = make_drive()
    pledge = make_pledge(drive)
    Person.objects.filter(pk=pledge.person_id).update(email=EMAIL)
    token = link_for(run, client).rstrip("/").rsplit("/", 1)[1]
    cancel = reverse("fooddrives:my_cancel", kwargs={"token": token, "reference": pledge.reference})
    assert client.get(cancel).status_code == 200
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PLEDGED
    run(client.post, cancel)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CANCELLED


def test_the_certificate_is_downloaded_and_the_volunteer_page_opened(
    run,
    client,
    supporter,
):
    made = everything(supporter)
    token = link_for(run, client).rstrip("/").rsplit("/", 1)[1]
    completion = CourseCompletion.objects.get(grant=made["grant"])
    pdf = client.get(
        reverse("courses:my_certificate", kwargs={"token": token, "completion_id": completion.pk})
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    opened = run(client.post, reverse("volunteers:my_open", kwargs={"token": token}))
    assert opened.status_code == 302
    volunteer_page = client.get(opened["Location"]).content.decode()
    assert "仕分けボランティア0号" in volunteer_page
