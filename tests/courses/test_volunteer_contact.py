"""Supporters choose, through a private link asked for from their certificate's page, whether
the secretariat may contact them about volunteer roles; roles that need the qualification
accept them by the address their qualification was issued to."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from cms.core import outbox
from cms.people.models import Person, QualificationGrant, QualificationMail
from cms.people.services import grant_qualification
from tests.platforms import default_platform
from tests.volunteers.conftest import make_opportunity, make_role, make_shift, make_volunteer
from volunteers import services as volunteer_services
from volunteers.services import SignupError

LINK = re.compile(r"https?://\S+/certificates/contact/\S+/")


@pytest.fixture
def grant(supporter):
    person = Person.objects.create(
        platform=default_platform(), name="鳥取 花子", email="hanako@example.org"
    )
    return grant_qualification(person, supporter)


def ask_for_link(client, run, number):
    return run(client.post, "/ja/certificates/contact/", {"number": number})


def test_the_holder_opts_in_through_the_link_mailed_to_the_address_on_file(client, run, grant):
    page = client.get(f"/ja/certificates/verify/?number={grant.certificate_number}")
    assert 'action="/ja/certificates/contact/"' in page.content.decode()
    response = ask_for_link(client, run, grant.certificate_number.lower())
    assert response.status_code == 200
    (message,) = mail.outbox
    assert message.to == ["hanako@example.org"]
    assert QualificationMail.objects.get().sent_at is not None
    link = re.sub(r"^https?://[^/]+", "", LINK.search(message.body).group(0))

    page = client.get(link).content.decode()
    assert "つながりサポーター" in page and 'name="grant"' in page
    response = client.post(link, {"grant": [str(grant.pk)]})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.contact_for_volunteering
    client.post(link, {})
    grant.refresh_from_db()
    assert not grant.contact_for_volunteering

    # a new link replaces the old one
    mail.outbox.clear()
    QualificationMail.objects.update(created_at="2020-01-01T00:00:00Z")
    ask_for_link(client, run, grant.certificate_number)
    assert client.get(link).status_code == 404
    assert len(mail.outbox) == 1


def test_the_page_says_the_same_and_mails_nobody_for_unknown_revoked_or_no_address(
    client, run, grant, supporter
):
    known = ask_for_link(client, run, grant.certificate_number).content.decode()
    mail.outbox.clear()
    unknown = ask_for_link(client, run, "TS-2026-0000000000").content.decode()
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|number=[^"&]+')
    assert strip.sub("", unknown) == strip.sub("", known)
    # asking again sends a link a few times an hour at most
    for _ in range(outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR):
        ask_for_link(client, run, grant.certificate_number)
    assert len(mail.outbox) == outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR - 1
    mail.outbox.clear()
    nobody = Person.objects.create(platform=default_platform(), name="住所なし")
    without_address = grant_qualification(nobody, supporter)
    ask_for_link(client, run, without_address.certificate_number)
    assert mail.outbox == []
    assert client.get("/ja/certificates/contact/not-a-token/").status_code == 404


def test_the_registry_shows_and_filters_the_opt_in(client, grant):
    grant.contact_for_volunteering = True
    grant.save()
    staff = get_user_model().objects.create_superuser("staff", "staff@example.jp", "pw")
    client.force_login(staff)
    listing = client.get("/admin/snippets/people/qualificationgrant/?contact_for_volunteering=true")
    assert listing.status_code == 200
    assert "鳥取 花子" in listing.content.decode()
    other = client.get(
        "/admin/snippets/people/qualificationgrant/?contact_for_volunteering=false"
    ).content.decode()
    assert "鳥取 花子" not in other


def test_a_role_needing_the_qualification_accepts_the_holder_by_confirmed_address(grant):
    shift = make_shift(make_opportunity(), role=make_role("見守り", grant.qualification))
    unconfirmed = make_volunteer(email="hanako@example.org", confirmed=False)
    with pytest.raises(SignupError) as refused:
        volunteer_services.sign_up(unconfirmed, shift)
    assert refused.value.refusal.code in ("qualification", "unconfirmed")
    stranger = make_volunteer(email="other@example.org")
    with pytest.raises(SignupError) as refused:
        volunteer_services.sign_up(stranger, shift)
    assert refused.value.refusal.code == "qualification"
    holder = make_volunteer(email="HANAKO@example.org")
    assert volunteer_services.sign_up(holder, shift).pk
    assert QualificationGrant.objects.count() == 1
