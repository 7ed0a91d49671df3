"""A person is a person of one platform (issue 18): the same address on two platforms is two
people, a data request reaches only the people of the platform it was made to, and a
qualification is recognised across platforms only where a prefecture shares its registry with
the municipality it hosts."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.core import roles
from cms.core.models import Platform
from cms.people.erasure import erase_on_request
from cms.people.models import DataRequest, Person, Qualification
from cms.people.services import (
    grant_qualification,
    new_person,
    people_by_contact,
    recognises,
    valid_grant,
)
from events import services as event_services
from events.models import EventIndexPage, EventPage, EventSession, Quota
from tests.platforms import default_platform, other_platform, staff_of
from tests.roles import data_protection_officer

pytestmark = pytest.mark.django_db

EMAIL = "hanako@example.jp"


def event_on(platform, title="つながりカフェ"):
    """A published event with ten seats under `platform`'s home."""
    home = platform.site.root_page
    index = EventIndexPage.objects.child_of(home).first() or home.add_child(
        instance=EventIndexPage(title="イベント", slug=f"events-{platform.slug}")
    )
    starts = timezone.now() + timedelta(days=10)
    event = EventPage(
        title=title,
        slug=f"event-{EventPage.objects.count() + 1}",
        summary="…",
        category=EventPage.Category.SYMPOSIUM,
    )
    event.sessions = [EventSession(starts_at=starts, ends_at=starts + timedelta(hours=2))]
    event.quotas = [Quota(label="", mode="onsite", capacity=10)]
    index.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def register(event, name="山田 花子", email=EMAIL):
    registration, _ = event_services.register(
        event, quota=event.quotas.get(), name=name, email=email
    )
    return registration


def third_prefecture():
    """A prefecture that hosts nobody here, sharing its registry."""
    tottori = other_platform("tottori.localhost", "鳥取県")
    Platform.objects.filter(pk=tottori.pk).update(
        kind=Platform.Kind.PREFECTURE, shares_registry=True
    )
    tottori.refresh_from_db()
    return tottori


def supporter(platform, slug="tsunagari-supporter"):
    return Qualification.objects.create(
        platform=platform, name="つながりサポーター", slug=slug, validity_years=3
    )


# A person of one platform -----------------------------------------------------------------


def test_the_same_address_registering_on_two_platforms_is_two_people_each_of_its_own():
    iiyama, nagano = default_platform(), other_platform()
    here = register(event_on(iiyama), name="飯山の花子")
    there = register(event_on(nagano), name="長野の花子")
    assert here.person_id != there.person_id
    assert (here.person.platform, there.person.platform) == (iiyama, nagano)
    # Each platform finds its own, and only its own.
    assert list(people_by_contact(iiyama, email=EMAIL)) == [here.person]
    assert list(people_by_contact(nagano, email=EMAIL.upper())) == [there.person]


def test_nobody_is_made_or_found_without_a_platform():
    with pytest.raises(ValueError):
        new_person(None, name="誰か", email=EMAIL)
    with pytest.raises(ValueError):
        people_by_contact(None, email=EMAIL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="誰か", email=EMAIL)


# Data requests -----------------------------------------------------------------------------


def test_erasing_on_request_reaches_only_the_platform_it_was_made_to():
    iiyama, nagano = default_platform(), other_platform()
    here = register(event_on(iiyama)).person
    there = register(event_on(nagano)).person
    assert erase_on_request(people_by_contact(nagano, email=EMAIL), None, nagano) == 1
    here.refresh_from_db()
    there.refresh_from_db()
    assert there.erased_at is not None and here.erased_at is None and here.email == EMAIL
    logged = DataRequest.objects.get()
    assert (logged.platform, logged.people) == (nagano, 1)
    with pytest.raises(ValueError):
        erase_on_request([here], None, nagano)


@pytest.mark.parametrize("side", ["iiyama", "nagano"])
def test_the_officer_of_one_platform_finds_and_exports_only_its_people(client, side):
    iiyama, nagano = default_platform(), other_platform()
    register(event_on(iiyama), name="飯山の花子")
    register(event_on(nagano), name="長野の花子")
    mine, theirs = (iiyama, nagano) if side == "iiyama" else (nagano, iiyama)
    own_name, other_name = (
        ("飯山の花子", "長野の花子") if side == "iiyama" else ("長野の花子", "飯山の花子")
    )
    # The default platform's officer is in the role group the migration made.
    officer = (
        data_protection_officer() if side == "iiyama" else staff_of(mine, roles.DATA_PROTECTION)
    )
    client.force_login(officer)
    page = client.post("/admin/people/requests/", {"email": EMAIL, "action": "find"}).text
    assert own_name in page and other_name not in page
    # Naming the other platform is not a choice the officer has.
    page = client.post(
        "/admin/people/requests/", {"platform": theirs.pk, "email": EMAIL, "action": "find"}
    ).text
    assert other_name not in page and own_name not in page
    response = client.post(
        "/admin/people/requests/", {"platform": mine.pk, "email": EMAIL, "action": "export"}
    )
    assert response.status_code == 200
    assert DataRequest.objects.get().platform == mine


def test_erase_my_data_logs_the_request_on_the_persons_platform():
    from cms.people.erasure import erase_own_data

    nagano = other_platform()
    person = register(event_on(nagano)).person
    assert erase_own_data(person)
    assert DataRequest.objects.get().platform == nagano


# Qualifications across platforms -------------------------------------------------------------


def test_a_platform_grants_only_its_own_qualifications():
    iiyama, nagano = default_platform(), other_platform()
    person = new_person(iiyama, name="飯山 花子", email=EMAIL)
    with pytest.raises(ValueError):
        grant_qualification(person, supporter(nagano))


def shared_registry(shares):
    """長野県 hosts 飯山市; 長野県's supporter course has trained 花子 (a person of 長野県)."""
    iiyama = default_platform()
    nagano = other_platform(prefecture_of=iiyama)
    Platform.objects.filter(pk=nagano.pk).update(shares_registry=shares)
    nagano.refresh_from_db()
    iiyama.refresh_from_db()
    qualification = supporter(nagano)
    trained = new_person(nagano, name="長野 花子", email=EMAIL)
    grant = grant_qualification(trained, qualification)
    return iiyama, nagano, qualification, grant


def test_a_prefecture_sharing_its_registry_is_recognised_by_its_municipality_by_address():
    iiyama, nagano, qualification, grant = shared_registry(True)
    assert recognises(iiyama, qualification) and recognises(nagano, qualification)
    here = new_person(iiyama, name="飯山 花子", email=EMAIL.upper())
    # The same resident is another person on 飯山市: the address is how they show it.
    assert valid_grant(qualification, iiyama, person=here, email=here.email) == grant
    assert valid_grant(qualification, iiyama, certificate_number=grant.certificate_number) == grant
    assert valid_grant(qualification, iiyama, email="someone@example.jp") is None


def test_a_registry_that_is_not_shared_is_not_recognised_by_the_municipality():
    iiyama, nagano, qualification, grant = shared_registry(False)
    assert not recognises(iiyama, qualification)
    assert valid_grant(qualification, iiyama, email=EMAIL) is None
    assert valid_grant(qualification, iiyama, certificate_number=grant.certificate_number) is None
    # 長野県 itself still recognises it.
    assert valid_grant(qualification, nagano, email=EMAIL) == grant


def test_another_prefectures_shared_registry_is_not_recognised():
    iiyama = default_platform()
    other_platform(prefecture_of=iiyama)
    tottori = third_prefecture()
    qualification = supporter(tottori)
    grant = grant_qualification(new_person(tottori, name="鳥取 花子", email=EMAIL), qualification)
    assert not recognises(iiyama, qualification)
    assert valid_grant(qualification, iiyama, email=EMAIL) is None
    assert valid_grant(qualification, iiyama, certificate_number=grant.certificate_number) is None


def test_a_municipality_never_lends_its_registry_upwards():
    iiyama, nagano, _qualification, _grant = shared_registry(True)
    Platform.objects.filter(pk=iiyama.pk).update(shares_registry=True)
    iiyama.refresh_from_db()
    own = supporter(iiyama, slug="iiyama-supporter")
    grant_qualification(new_person(iiyama, name="飯山 太郎", email="taro@example.jp"), own)
    assert not recognises(nagano, own)
    assert valid_grant(own, nagano, email="taro@example.jp") is None


def test_a_certificate_is_verified_where_its_qualification_is_recognised():
    from cms.people.services import verify_certificate

    iiyama, nagano, _qualification, grant = shared_registry(False)
    number = grant.certificate_number
    assert verify_certificate(number, nagano) == grant
    assert verify_certificate(number, iiyama) is None
    Platform.objects.filter(pk=nagano.pk).update(shares_registry=True)
    assert verify_certificate(number, iiyama) == grant
