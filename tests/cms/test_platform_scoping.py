"""The one admin scoping of platforms' records (cms.core.platform_admin, issue 18), where it
leaked: another platform's supporter registry by any view's address, the courses' expiring
list, a prefecture's reading of its municipalities' volunteering, and an account in no
platform's group — each both ways between 飯山市 and 長野県."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from cms.core import roles
from cms.core.platform import PREFECTURE_STAFF, staff_platforms
from cms.people.models import Person, Qualification
from cms.people.services import grant_qualification
from events.courses import queries
from tests.platforms import default_platform, other_platform, staff_of
from tests.volunteers.conftest import make_opportunity

pytestmark = pytest.mark.django_db


def refused(response):
    """403, 404, the admin's redirect home of a refusal, or the language middleware's redirect
    of a 404 under /ja/."""
    if response.status_code in (403, 404):
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return location == reverse("wagtailadmin_home") or location.startswith("/ja/admin/")


def registry_of(platform, name):
    qualification = Qualification.objects.create(
        platform=platform, name=f"{name}の資格", slug=f"q-{platform.slug}", validity_years=3
    )
    person = Person.objects.create(platform=platform, name=name, name_kana="なまえ")
    # granted almost three years ago: it runs out within the expiring list's 60 days
    on = timezone.localdate() - timedelta(days=3 * 365 - 20)
    grant = grant_qualification(person, qualification, on=on)
    return qualification, grant


@pytest.fixture
def two():
    return {"iiyama": default_platform(), "nagano": other_platform()}


@pytest.mark.parametrize("mine,theirs", [("iiyama", "nagano"), ("nagano", "iiyama")])
def test_another_platforms_qualifications_and_registry_open_by_no_address(
    client, two, mine, theirs
):
    registry_of(two[mine], "自分")
    qualification, grant = registry_of(two[theirs], "よそ")
    client.force_login(staff_of(two[mine], roles.SECRETARIAT))
    for model, row in (("qualification", qualification), ("qualificationgrant", grant)):
        listing = client.get(reverse(f"wagtailsnippets_people_{model}:list"))
        assert listing.status_code == 200
        assert "よそ" not in listing.content.decode()
        for view in ("edit", "delete", "history", "usage"):
            url = reverse(f"wagtailsnippets_people_{model}:{view}", args=[row.pk])
            assert refused(client.get(url)), (model, view)
    assert "よそ" not in client.get(
        reverse("wagtailsnippetchoosers_people_qualificationgrant:choose")
    ).content.decode("unicode_escape")


@pytest.mark.parametrize("mine,theirs", [("iiyama", "nagano"), ("nagano", "iiyama")])
def test_the_expiring_list_shows_the_staffs_own_peoples_grants(client, two, mine, theirs):
    _, own = registry_of(two[mine], "自分")
    _, other = registry_of(two[theirs], "よそ")
    assert list(queries.expiring_grants(platforms=[two[mine].pk])) == [own]
    assert set(queries.expiring_grants()) == {own, other}  # the reminders: every platform's
    client.force_login(staff_of(two[mine], roles.SECRETARIAT))
    page = client.get(reverse("courses_registry")).content.decode()
    assert "自分" in page and "よそ" not in page


@pytest.fixture
def prefecture():
    iiyama = default_platform()
    nagano = other_platform(prefecture_of=iiyama)
    return iiyama, nagano


def test_a_prefectures_staff_read_their_municipalitys_volunteering_and_change_nothing(
    client, prefecture
):
    iiyama, nagano = prefecture
    theirs = make_opportunity("飯山 仕分け", platform=iiyama)
    own = make_opportunity("長野 受付", platform=nagano)
    reader = staff_of(nagano, PREFECTURE_STAFF)
    client.force_login(reader)
    listing = client.get(reverse("wagtailsnippets_volunteers_volunteeropportunity:list"))
    assert "飯山 仕分け" in listing.content.decode()
    edit = reverse("wagtailsnippets_volunteers_volunteeropportunity:edit", args=[theirs.pk])
    assert edit not in listing.content.decode()  # no link to change it
    for view in ("edit", "delete", "copy"):
        url = reverse(f"wagtailsnippets_volunteers_volunteeropportunity:{view}", args=[theirs.pk])
        assert refused(client.get(url)), view
        assert refused(client.post(url, {"title": "書き換え"})), view
    theirs.refresh_from_db()
    assert theirs.title == "飯山 仕分け"
    # The municipality's coordinators do not read the prefecture's.
    client.force_login(staff_of(iiyama, roles.COORDINATORS))
    listing = client.get(reverse("wagtailsnippets_volunteers_volunteeropportunity:list"))
    assert "長野 受付" not in listing.content.decode()
    url = reverse("wagtailsnippets_volunteers_volunteeropportunity:history", args=[own.pk])
    assert refused(client.get(url))


def test_the_prefectures_list_costs_no_query_per_row(
    client, prefecture, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    iiyama, nagano = prefecture
    make_opportunity("飯山 1", platform=iiyama)
    client.force_login(staff_of(nagano, PREFECTURE_STAFF))
    url = reverse("wagtailsnippets_volunteers_volunteeropportunity:list")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        make_opportunity(f"飯山 {n + 2}", platform=iiyama)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_staff_in_no_platforms_group_see_nothing_and_a_superuser_everything(client, two):
    registry_of(two["iiyama"], "飯山")
    registry_of(two["nagano"], "長野")
    loose = get_user_model().objects.create_user("loose", password="x", is_staff=True)
    loose.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_qualificationgrant"),
        Permission.objects.get(codename="change_qualificationgrant"),
        Permission.objects.get(codename="add_qualification"),
        Permission.objects.get(codename="change_trainingcourse"),
    )
    assert not staff_platforms(loose).exists()
    client.force_login(loose)
    listing = client.get(reverse("wagtailsnippets_people_qualificationgrant:list"))
    assert listing.status_code == 200
    assert "飯山" not in listing.content.decode() and "長野" not in listing.content.decode()
    assert refused(client.get(reverse("wagtailsnippets_people_qualification:add")))
    registry = client.get(reverse("courses_registry")).content.decode()
    assert "飯山" not in registry and "長野" not in registry
    boss = get_user_model().objects.create_superuser("boss", password="x")
    assert set(staff_platforms(boss)) >= {two["iiyama"], two["nagano"]}
    client.force_login(boss)
    listing = client.get(reverse("wagtailsnippets_people_qualificationgrant:list")).content
    assert "飯山" in listing.decode() and "長野" in listing.decode()


def test_the_platform_of_a_page_costs_no_query_once_the_homes_are_known(
    two, django_assert_num_queries
):
    from cms.core.platform import of_page

    homes = {name: platform.site.root_page for name, platform in two.items()}
    assert of_page(homes["nagano"]) == two["nagano"]  # reads the homes once
    with django_assert_num_queries(0):
        assert of_page(homes["iiyama"]) == two["iiyama"]
        assert of_page(homes["nagano"]) == two["nagano"]
    # a new platform's home is known at once (its site and home dropped the cached homes)
    ueda = other_platform("ueda.localhost", "上田市")
    assert of_page(ueda.site.root_page) == ueda
