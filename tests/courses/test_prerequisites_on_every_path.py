"""A course's prerequisites hold on every registration path, not only enrolment: the public
form, staff adding someone in the admin, and the registration service itself."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.people.models import Person
from cms.people.services import grant_qualification
from events import services as event_services
from events.models import Registration
from tests.courses.conftest import make_course
from tests.events.test_registration_views import form_data
from tests.platforms import default_platform


@pytest.fixture
def leader_course(supporter, leader_qualification):
    return make_course(leader_qualification, title="リーダー養成講座", prerequisites=[supporter])


@pytest.fixture
def holder(supporter):
    person = Person.objects.create(
        platform=default_platform(), name="鳥取 花子", email="hanako@example.org"
    )
    return grant_qualification(person, supporter)


def test_the_public_form_refuses_without_the_qualification_saying_which_and_keeps_input(
    client, run, leader_course
):
    event = leader_course.event
    page = client.get(event.url).content.decode()
    assert 'name="certificate_number"' in page
    response = run(client.post, event.url, form_data(event, email="new@example.jp"))
    assert response.status_code == 200
    html = response.content.decode()
    errors = html.split('id="form-errors"')[1].split("</div>")[0]
    assert "つながりサポーター" in errors  # the qualification it needs, by name
    assert 'value="new@example.jp"' in html
    assert not Registration.objects.filter(event=event).exists()


def test_the_e_mail_the_qualification_was_issued_to_is_enough(client, run, leader_course, holder):
    event = leader_course.event
    response = run(client.post, event.url, form_data(event, email="ＨＡＮＡＫＯ@example.org"))
    assert response.status_code == 302
    assert Registration.objects.get(event=event).person.email == "HANAKO@example.org"


def test_the_certificate_number_is_enough_typed_in_full_width_lower_case(
    client, run, leader_course, holder
):
    event = leader_course.event
    typed = holder.certificate_number.lower().translate(
        {ord(c): ord(c) + 0xFEE0 for c in "0123456789abcdefghijklmnopqrstuvwxyz-"}
    )
    response = run(
        client.post,
        event.url,
        form_data(event, email="other@example.jp", certificate_number=typed),
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_expired_or_revoked_qualification_is_not_enough(leader_course, holder):
    event = leader_course.event
    quota = event.quotas.first()
    holder.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    holder.save()
    with pytest.raises(event_services.RegistrationError) as refused:
        event_services.register(event, quota=quota, name="花子", email="hanako@example.org")
    assert refused.value.reason == "prerequisite"
    holder.valid_until = None
    holder.revoked_at = timezone.now()
    holder.save()
    with pytest.raises(event_services.RegistrationError):
        event_services.register(
            event,
            quota=quota,
            name="花子",
            email="x@example.jp",
            evidence={"certificate_number": holder.certificate_number},
        )


def test_staff_adding_someone_is_held_to_the_same_rule(client, run, leader_course, holder):
    event = leader_course.event
    staff = get_user_model().objects.create_superuser("staff", "staff@example.jp", "pw")
    client.force_login(staff)
    url = f"/admin/event-registrations/{event.pk}/add/"
    data = form_data(event, email="walkin@example.jp")
    data.pop("consent")
    data["override_reason"] = ""
    response = run(client.post, url, data)
    assert response.status_code == 200
    assert not Registration.objects.filter(event=event).exists()
    data["certificate_number"] = holder.certificate_number
    data["submission_key"] = "key-2"
    response = run(client.post, url, data)
    assert response.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1


def test_an_event_that_is_not_a_course_asks_for_no_certificate(client, supporter):
    course = make_course(supporter)
    assert 'name="certificate_number"' not in client.get(course.event.url).content.decode()
