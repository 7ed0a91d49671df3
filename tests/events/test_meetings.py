"""Platform meetings (PF会議, 分科会): members only, by invitation per membership tier; agenda,
materials and minutes for members; action items each organisation sees for itself."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.directory.members.models import Membership, MembershipTier
from cms.directory.models import MemberOrganisationPage
from cms.search.services import search
from events.models import ActionItem, EventPage, MeetingInvitation, MeetingMaterial, Registration
from tests.events.conftest import make_event
from tests.events.test_registration_views import form_data
from tests.platforms import default_platform
from tests.roles import member_editor, secretariat

pytestmark = pytest.mark.django_db

TITLE = "第3回 孤独・孤立対策官民連携プラットフォーム会議"
AGENDA = "議題：令和8年度の重点取組について"
MINUTES = "議事録：見守り訪問の担当地区を分担した"


def member(username, tier, email):
    user = member_editor(username)
    user.email = email
    user.save()
    organisation = MemberOrganisationPage.objects.get(slug=f"npo-{username}")
    Membership.objects.filter(page=organisation).update(tier=tier)
    return user, organisation


@pytest.fixture
def tiers():
    return {
        "core": MembershipTier.objects.create(
            platform=default_platform(), name="幹事団体", sort_order=1
        ),
        "general": MembershipTier.objects.create(
            platform=default_platform(), name="一般団体", sort_order=2
        ),
    }


@pytest.fixture
def setup(run, tiers):
    core_user, core_org = member("core", tiers["core"], "core@example.jp")
    other_user, other_org = member("other", tiers["general"], "other@example.jp")
    document = get_document_model().objects.create(
        title="資料1 重点取組（案）", file=ContentFile(b"%PDF-1.4 test", name="shiryo1.pdf")
    )
    meeting = make_event(TITLE, members_only=True, slug="pf-meeting", capacity=30)
    meeting.agenda = f"<p>{AGENDA}</p>"
    meeting.minutes = f"<p>{MINUTES}</p>"
    meeting.invited_tiers = [tiers["core"]]
    meeting.meeting_materials = [MeetingMaterial(document=document)]
    meeting.action_items = [
        ActionItem(organisation=core_org, description="見守り名簿の更新", due_on=date(2027, 1, 31)),
        ActionItem(organisation=other_org, description="チラシの配布"),
    ]
    run(meeting.save_revision().publish)
    meeting = EventPage.objects.get(pk=meeting.pk)
    return {
        "meeting": meeting,
        "core": core_user,
        "other": other_user,
        "core_org": core_org,
        "document": document,
    }


def test_anonymous_visitors_are_sent_to_log_in_and_learn_nothing(client, setup):
    response = client.get(setup["meeting"].url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert TITLE not in client.get(response["Location"]).content.decode()


def test_a_member_of_a_tier_not_invited_gets_not_found(client, setup):
    client.force_login(setup["other"])
    response = client.get(setup["meeting"].url)
    assert response.status_code == 404
    body = response.content.decode()
    assert TITLE not in body and AGENDA not in body


def test_an_invited_member_sees_the_agenda_minutes_materials_and_registers(run, client, setup):
    client.force_login(setup["core"])
    meeting = setup["meeting"]
    body = client.get(meeting.url).content.decode()
    assert TITLE in body and AGENDA in body and MINUTES in body
    assert setup["document"].url in body
    assert 'value="core@example.jp"' in body  # the form starts with the account's address
    response = run(client.post, meeting.url, form_data(meeting, email="core@example.jp"))
    assert response.status_code == 302
    assert Registration.objects.get(event=meeting).person.email == "core@example.jp"


def test_staff_see_the_meeting_and_every_action_item(client, setup):
    client.force_login(secretariat())
    body = client.get(setup["meeting"].url).content.decode()
    assert "見守り名簿の更新" in body and "チラシの配布" in body


def test_a_member_sees_only_its_own_organisations_action_items(client, setup):
    client.force_login(setup["core"])
    body = client.get(setup["meeting"].url).content.decode()
    assert "見守り名簿の更新" in body
    assert "チラシの配布" not in body


def test_invited_organisations_get_one_invitation_through_the_outbox(run, setup):
    invitations = MeetingInvitation.objects.filter(event=setup["meeting"])
    assert [i.organisation for i in invitations] == [setup["core_org"]]
    assert invitations.get().sent_at is not None
    sent = [m for m in mail.outbox if TITLE in m.subject]
    assert [m.to for m in sent] == [["core@example.jp"]]
    assert setup["meeting"].url in sent[0].body
    run(setup["meeting"].save_revision().publish)
    assert len([m for m in mail.outbox if TITLE in m.subject]) == 1


def test_the_meeting_stays_out_of_the_public_index_and_search(client, setup):
    index = setup["meeting"].get_parent()
    assert TITLE not in client.get(index.url).content.decode()
    assert TITLE not in client.get(index.url + "?view=calendar").content.decode()
    entries, _variants = search("プラットフォーム会議", setup["meeting"].locale)
    assert TITLE not in [entry.title for entry in entries]


def test_materials_cannot_be_downloaded_without_logging_in(client, setup):
    setup["document"].refresh_from_db()
    response = client.get(setup["document"].url)
    assert response.status_code in (302, 403)


def test_a_page_no_longer_members_only_is_public_again(run, client, setup):
    meeting = setup["meeting"]
    meeting.members_only = False
    run(meeting.save_revision().publish)
    assert client.get(meeting.url).status_code == 200
