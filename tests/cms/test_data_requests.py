"""Someone asks what the platform holds about them, or asks for it to be erased: staff with
the permission find every contact record by address or phone, export it and erase it."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation

from cms.core.models import PlatformRole
from cms.people.models import AccessToken, DataRequest, Person
from cms.people.services import issue_token, people_by_contact, records_of
from events import services as event_services
from events.fooddrives import services as food_services
from events.fooddrives.models import Pledge
from events.models import Registration
from tests.events.conftest import make_event
from tests.fooddrives.conftest import make_drive
from tests.platforms import default_platform
from tests.roles import secretariat

pytestmark = pytest.mark.django_db
URL = "/admin/people/requests/"


def plural(model):
    with translation.override("ja"):
        return str(model._meta.verbose_name_plural)


REGISTRATIONS = plural(Registration)
PLEDGES = plural(Pledge)


@pytest.fixture
def handler(client):
    user = get_user_model().objects.create_user("privacy", password="x")
    # The officer of the default platform: a request covers that platform's people.
    group = Group.objects.create(name="privacy")
    PlatformRole.objects.create(group=group, platform=default_platform(), role="privacy")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="handle_data_requests"),
    )
    user.groups.add(group)
    client.force_login(user)
    return user


@pytest.fixture
def hanako():
    """The same resident, three records: an event registration, a pledge, a stranger's."""
    event = make_event()
    registration, _ = event_services.register(
        event, quota=event.quotas.get(), name="山田 花子", email="hanako@example.jp"
    )
    drive = make_drive()
    pledge, _ = food_services.pledge(
        drive,
        point=drive.points.first(),
        drop_off_on=timezone.localdate() + timedelta(days=1),
        lines=[food_services.Line(drive.items.first(), 2)],
        name="山田 花子",
        email="Hanako@Example.JP",
        phone="0269-11-2222",
    )
    issue_token(pledge.person, pledge.token_purpose)
    event_services.register(
        event, quota=event.quotas.get(), name="別の人", email="other@example.jp"
    )
    return [registration.person, pledge.person]


def test_every_record_of_an_address_is_found_however_it_was_typed(hanako):
    assert (
        list(people_by_contact(default_platform(), email="ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ"))
        == hanako
    )
    assert (
        list(people_by_contact(default_platform(), phone="０２６９ー１１ー２２２２")) == hanako[1:]
    )
    kinds = dict(records_of(people_by_contact(default_platform(), email="hanako@example.jp")))
    assert kinds[REGISTRATIONS] == 1 and kinds[PLEDGES] == 1


def test_finding_shows_the_records_and_what_points_at_them_only_by_post(client, handler, hanako):
    page = client.get(URL, {"email": "hanako@example.jp"}).content.decode()
    assert "山田 花子" not in page  # an address in a URL would end up in server logs
    page = client.post(URL, {"email": "hanako@example.jp", "action": "find"}).content.decode()
    assert page.count("山田 花子") == 2 and "別の人" not in page
    assert f"{REGISTRATIONS}: 1" in page and f"{PLEDGES}: 1" in page


def test_the_export_holds_every_record_and_is_logged_without_the_address(client, handler, hanako):
    response = client.post(URL, {"email": "hanako@example.jp", "action": "export"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    text = " ".join(
        str(cell) for row in book.active.iter_rows(values_only=True) for cell in row if cell
    )
    assert "hanako@example.jp" in text and "0269-11-2222" in text
    assert "別の人" not in text
    request = DataRequest.objects.get()
    assert (request.kind, request.people, request.handled_by) == ("disclosure", 2, handler)


def test_erasing_needs_the_confirmation_then_erases_every_record_and_its_links(
    client, handler, hanako
):
    client.post(URL, {"email": "hanako@example.jp", "action": "erase"})
    assert Person.objects.filter(erased_at__isnull=True).count() == 3
    response = client.post(URL, {"email": "hanako@example.jp", "action": "erase", "confirm": "yes"})
    assert response.status_code == 302
    erased = Person.objects.filter(pk__in=[p.pk for p in hanako])
    assert all(p.erased_at and p.email == "" and p.phone == "" for p in erased)
    assert not AccessToken.objects.filter(person__in=erased, revoked_at__isnull=True).exists()
    assert Person.objects.get(name="別の人").erased_at is None
    assert DataRequest.objects.get().kind == "erasure"


def test_only_those_given_the_permission_handle_requests(client, hanako):
    client.force_login(secretariat())
    assert client.get(URL).status_code in (302, 403)
    response = client.post(URL, {"email": "hanako@example.jp", "action": "erase", "confirm": "yes"})
    assert response.status_code in (302, 403)
    assert not Person.objects.filter(erased_at__isnull=False).exists()
    assert reverse("people_data_requests") == URL


def test_counting_takes_one_query_per_kind_of_record_however_many_people(
    django_assert_max_num_queries,
):
    platform = default_platform()
    people = Person.objects.bulk_create(
        Person(platform=platform, name=f"人{n}", email="same@example.jp") for n in range(30)
    )
    from cms.people.services import _reverse_relations

    with django_assert_max_num_queries(len(_reverse_relations())):
        records_of(Person.objects.filter(pk__in=[p.pk for p in people]))
