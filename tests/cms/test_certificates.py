"""The public certificate check, and who may see the supporter registry."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from cms.core.models import PlatformRole
from cms.people.models import Person, Qualification, QualificationGrant
from cms.people.services import grant_qualification
from tests.platforms import default_platform

URL = "/ja/certificates/verify/"


@pytest.fixture
def grant(db):
    supporter = Qualification.objects.create(
        platform=default_platform(),
        name="つながりサポーター",
        slug="tsunagari-supporter",
        validity_years=3,
    )
    person = Person.objects.create(
        platform=default_platform(),
        name="飯山 花子",
        name_kana="いいやま はなこ",
        email="hanako@example.jp",
        phone="0269-00-0000",
    )
    return grant_qualification(person, supporter, on=timezone.localdate())


def test_a_valid_certificate_shows_the_name_qualification_and_validity_only(client, grant):
    response = client.get(URL, {"number": grant.certificate_number})
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "有効な修了証です" in text
    assert "飯山 花子" in text and "つながりサポーター" in text
    for private in ["hanako@example.jp", "0269-00-0000", "いいやま"]:
        assert private not in response.text
    assert response["X-Robots-Tag"] == "noindex"


def test_an_unknown_number_says_so_with_a_404(client, grant):
    response = client.get(URL, {"number": "TS-2026-0000000000"})
    assert response.status_code == 404
    assert "この番号の修了証はありません" in response.text


def test_a_revoked_or_expired_certificate_says_so(client, grant):
    QualificationGrant.objects.filter(pk=grant.pk).update(valid_until=date(2020, 1, 1))
    assert "期限が切れています" in client.get(URL, {"number": grant.certificate_number}).text
    QualificationGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    assert "取り消されています" in client.get(URL, {"number": grant.certificate_number}).text


def test_the_form_alone_renders_in_english(client, db):
    response = client.get("/en/certificates/verify/")
    assert response.status_code == 200
    assert "Verify a certificate" in response.text


def editor(permissions=()):
    user = User.objects.create_user("editor", password="pw", is_staff=False)
    group = Group.objects.create(name="editors")
    PlatformRole.objects.create(group=group, platform=default_platform(), role="editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in permissions:
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    return user


def test_the_registry_and_bulk_extension_are_for_staff_with_permission(client, grant):
    client.force_login(editor())
    # Wagtail answers a permission refusal by sending the user back to the dashboard.
    for url in ["/admin/snippets/people/qualificationgrant/", "/admin/qualifications/extend/"]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    client.post(
        "/admin/qualifications/extend/",
        {"qualification": grant.qualification.pk, "until": "2040-03-31"},
    )
    before = grant.valid_until
    grant.refresh_from_db()
    assert grant.valid_until == before


def test_staff_with_permission_extend_every_valid_qualification(client, grant):
    client.force_login(editor(["view_qualificationgrant", "change_qualificationgrant"]))
    listing = client.get("/admin/snippets/people/qualificationgrant/")
    assert listing.status_code == 200 and grant.certificate_number in listing.text
    response = client.post(
        "/admin/qualifications/extend/",
        {"qualification": grant.qualification.pk, "until": "2040-03-31"},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.valid_until == date(2040, 3, 31)
