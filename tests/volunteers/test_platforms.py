"""Volunteering of several platforms in one installation (issue 18): each platform's public
pages list its own shifts, a volunteer is one platform's, and each platform's coordinators
list, open and export only its own opportunities, shifts and volunteers — both ways."""

import pytest
from django.urls import reverse

from cms.core import roles
from cms.core.models import Platform
from cms.people.models import Qualification
from cms.people.services import grant_qualification, issue_token, new_person
from events.capacity import Status
from tests.documents import pdf_text
from tests.platforms import OTHER_HOST, default_platform, other_platform, staff_of
from tests.roles import coordinator as iiyama_coordinator
from tests.volunteers.conftest import make_opportunity, make_role, make_shift, make_volunteer
from tests.volunteers.test_views import JOIN
from volunteers import services
from volunteers.certificates import hours_certificate_pdf
from volunteers.models import ShiftSignup, Volunteer

pytestmark = pytest.mark.django_db

EMAIL = "hanako@example.jp"


@pytest.fixture
def two():
    """飯山市 (the default site) and 長野県, each with an opportunity, a shift and a volunteer
    on it; the same address volunteers on both."""
    iiyama, nagano = default_platform(), other_platform()
    sides = []
    for platform, title, name in (
        (iiyama, "飯山 仕分けボランティア", "飯山の花子"),
        (nagano, "長野 受付ボランティア", "長野の花子"),
    ):
        opportunity = make_opportunity(title, platform=platform)
        shift = make_shift(opportunity)
        volunteer = make_volunteer(name, EMAIL, platform=platform)
        services.sign_up(volunteer, shift)
        sides.append((platform, opportunity, shift, volunteer, title, name))
    return sides


def host(platform):
    return {} if platform.site.is_default_site else {"HTTP_HOST": OTHER_HOST}


def test_the_same_address_is_a_volunteer_of_each_platform_it_joins(run):
    iiyama, nagano = default_platform(), other_platform()
    here, created_here = run(services.register_volunteer, iiyama, name="花子", email=EMAIL)
    there, created_there = run(services.register_volunteer, nagano, name="花子", email=EMAIL)
    assert created_here and created_there and here.pk != there.pk
    assert (here.person.platform, there.person.platform) == (iiyama, nagano)
    again, created = run(services.register_volunteer, nagano, name="別人", email=EMAIL.upper())
    assert again == there and not created


@pytest.mark.parametrize("side", [0, 1])
def test_the_public_shift_list_and_feed_show_the_platforms_own_shifts(client, two, side):
    mine, theirs = two[side], two[1 - side]
    page = client.get(reverse("volunteers:shifts"), **host(mine[0])).text
    assert mine[4] in page and theirs[4] not in page
    feed = client.get(reverse("volunteers:shifts_calendar"), **host(mine[0])).text
    assert mine[2].reference.hex in feed.replace("-", "") and theirs[2].reference.hex not in (
        feed.replace("-", "")
    )


@pytest.mark.parametrize("side", [0, 1])
def test_another_platforms_kiosk_and_shifts_are_not_found(client, two, side):
    mine, theirs = two[side], two[1 - side]
    kiosk = reverse("volunteers:kiosk", kwargs={"opportunity": theirs[1].pk})
    assert client.get(kiosk, **host(mine[0])).status_code == 404
    # A volunteer's link cannot sign them up for the other platform's shift.
    token = issue_token(mine[3].person, "volunteer")
    url = reverse("volunteers:sign_up", kwargs={"token": token, "shift": theirs[2].pk})
    assert client.post(url, **host(mine[0])).status_code == 404
    assert not ShiftSignup.objects.filter(volunteer=mine[3], shift=theirs[2]).exists()
    with pytest.raises(services.SignupError):
        services.sign_up(mine[3], theirs[2])


def test_joining_on_a_platforms_host_makes_a_volunteer_of_that_platform(client, two, run):
    nagano = two[1][0]
    data = {**JOIN, "email": "taro@example.jp"}
    response = run(client.post, reverse("volunteers:join"), data, HTTP_HOST=OTHER_HOST)
    assert response.status_code == 302
    assert Volunteer.objects.get(person__email="taro@example.jp").person.platform == nagano


def coordinator_of(side, platform):
    if side == 0:
        return iiyama_coordinator("coordinator-iiyama")
    return staff_of(platform, roles.COORDINATORS)


@pytest.mark.parametrize("side", [0, 1])
def test_coordinators_list_and_open_only_their_platforms_volunteering(client, two, side):
    mine, theirs = two[side], two[1 - side]
    client.force_login(coordinator_of(side, mine[0]))

    def get(url):
        # The admin's addresses carry the language: follow there.
        return client.get(url, follow=True)

    index = get(reverse("volunteers_admin:index")).text
    assert mine[4] in index and theirs[4] not in index
    for name in ("roster", "export", "poster"):
        assert get(reverse(f"volunteers_admin:{name}", args=[theirs[1].pk])).status_code == 404
        assert get(reverse(f"volunteers_admin:{name}", args=[mine[1].pk])).status_code == 200
    certificate = reverse("volunteers_admin:hours_certificate", args=[theirs[1].pk, theirs[3].pk])
    assert get(certificate).status_code == 404
    # The snippets: lists show their own only; another's by its address is refused.
    volunteers = get("/admin/snippets/volunteers/volunteer/").text
    assert mine[5] in volunteers and theirs[5] not in volunteers
    shifts = get("/admin/snippets/volunteers/shift/").text
    assert mine[4] in shifts and theirs[4] not in shifts
    chooser = get(reverse("wagtailsnippetchoosers_volunteers_volunteer:choose"))
    assert chooser.status_code == 200
    listed = chooser.json()["html"]
    assert mine[5] in listed and theirs[5] not in listed
    for model, pk in (("shift", theirs[2].pk), ("volunteer", theirs[3].pk)):
        response = get(reverse(f"wagtailsnippets_volunteers_{model}:edit", args=[pk]))
        assert theirs[5] not in response.content.decode(), model
        assert 'name="languages"' not in response.content.decode(), model
    own = get(reverse("wagtailsnippets_volunteers_volunteer:edit", args=[mine[3].pk]))
    assert own.status_code == 200 and 'name="languages"' in own.text


def test_the_hours_certificate_names_the_volunteers_platform(two):
    nagano_side = two[1]
    text = pdf_text(hours_certificate_pdf(nagano_side[3]))
    assert "長野県" in text


def shared(shares):
    """A role of 飯山市 asking for 長野県's supporter qualification, which a resident with the
    volunteer's address holds from 長野県's course."""
    iiyama = default_platform()
    nagano = other_platform(prefecture_of=iiyama)
    Platform.objects.filter(pk=nagano.pk).update(shares_registry=shares)
    iiyama.refresh_from_db()
    nagano.refresh_from_db()
    qualification = Qualification.objects.create(
        platform=nagano, name="つながりサポーター", slug="supporter", validity_years=3
    )
    grant_qualification(new_person(nagano, name="長野 花子", email=EMAIL), qualification)
    role = make_role("見守り", qualification, platform=iiyama)
    shift = make_shift(make_opportunity(platform=iiyama), role)
    return shift, make_volunteer("飯山 花子", EMAIL, platform=iiyama)


def test_a_shared_prefecture_registry_qualifies_the_municipalitys_volunteer():
    shift, volunteer = shared(True)
    assert services.sign_up(volunteer, shift).status == Status.CONFIRMED


def test_a_registry_not_shared_does_not_qualify_the_municipalitys_volunteer():
    shift, volunteer = shared(False)
    with pytest.raises(services.SignupError) as refusal:
        services.sign_up(volunteer, shift)
    assert refusal.value.code == "qualification"


@pytest.mark.parametrize("side", [0, 1])
def test_staff_see_and_resend_only_their_platforms_undelivered_volunteer_mail(client, two, side):
    from volunteers.models import VolunteerMail

    mine, theirs = two[side], two[1 - side]
    rows = {}
    for who in (mine, theirs):
        rows[who[5]] = VolunteerMail.objects.create(
            volunteer=who[3], kind=VolunteerMail.Kind.LINK, attempts=1
        )
    user = staff_of(mine[0], roles.SECRETARIAT) if side else None
    if user is None:
        from tests.roles import secretariat

        user = secretariat("secretariat-iiyama")
    client.force_login(user)
    url = reverse("undelivered_mail")
    body = client.get(url, follow=True).content.decode()
    assert mine[5] in body and theirs[5] not in body
    client.post(url, {"outbox": "volunteers.volunteermail", "pk": rows[theirs[5]].pk}, follow=True)
    rows[theirs[5]].refresh_from_db()
    assert rows[theirs[5]].sent_at is None and rows[theirs[5]].attempts == 1


def test_the_main_menu_leads_to_the_shifts_of_a_platform_that_asks_for_volunteers(client, db):
    iiyama = default_platform()
    other_platform()
    link = '<a href="/ja/volunteers/"'

    def header(host=None, path="/ja/"):
        extra = {"HTTP_HOST": host} if host else {}
        return client.get(path, **extra).content.decode().split("</header>")[0]

    assert link not in header()
    make_opportunity(platform=iiyama)
    assert link in header() and "ボランティア" in header()
    assert link not in header(OTHER_HOST)  # 長野県 asks for none
    current = header(path="/ja/volunteers/")
    assert '<a href="/ja/volunteers/" aria-current="page">' in current
    assert '<a href="/en/volunteers/"' in header(path="/en/")
