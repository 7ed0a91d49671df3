"""Tier, status and the last-confirmed date are the secretariat's record of a member
(`Membership`), not part of the profile page that the member edits under moderation: approving
a member's draft never brings back old values, the member never sees them, and every
translation of the profile shares the one record."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from cms.directory.members import services as members_services
from cms.directory.members.models import Membership, MembershipTier
from cms.directory.members.services import apply_for_membership, approve_application
from cms.directory.models import MemberOrganisationPage
from tests.platforms import default_platform
from tests.roles import coordinator, member_editor, secretariat, trainer

SECRETARIAT_FIELDS = ("tier", "status", "last_confirmed_on")


@pytest.fixture
def member(member_index):
    """An approved member with a published profile and its account."""
    staff = get_user_model().objects.create_superuser("staff", "staff@example.jp", "pw")
    application, _ = apply_for_membership(
        site=member_index.get_site(),
        organisation_name="NPO法人 ひだまり",
        organisation_name_kana="ひだまり",
        organisation_type="npo",
        representative_role="理事長",
        contact_name="連絡 花子",
        contact_email="info@hidamari.example.jp",
        description="子どもの居場所を運営しています。",
    )
    application = approve_application(application, by=staff)
    page = application.profile_page.specific
    page.save_revision(user=staff).publish()
    return MemberOrganisationPage.objects.get(pk=page.pk), application.account


@pytest.fixture
def tier(db):
    return MembershipTier.objects.create(platform=default_platform(), name="幹事団体", sort_order=1)


def edit_url(membership):
    return f"/admin/memberships/edit/{membership.pk}/"


def test_an_approved_member_has_one_active_membership(member):
    page, _account = member
    membership = Membership.objects.get()
    assert membership.page_id == page.pk
    assert (membership.tier, membership.status, membership.last_confirmed_on) == (
        None,
        Membership.Status.ACTIVE,
        None,
    )


def test_a_draft_approved_after_the_secretariat_changed_the_membership_keeps_the_change(
    client, member, tier
):
    page, account = member
    # The member edits its profile and submits it for moderation.
    page.summary = "子ども食堂と学習支援をしています。"
    revision = page.save_revision(user=account)
    workflow_state = page.get_workflow().start(page, account)

    # Meanwhile the secretariat records that the organisation paused, in its tier, and a
    # confirmation arrives.
    staff = secretariat()
    client.force_login(staff)
    membership = Membership.objects.get(page=page)
    response = client.post(
        edit_url(membership),
        {"tier": tier.pk, "status": "paused", "last_confirmed_on": "2026-04-01"},
    )
    assert response.status_code == 302
    members_services.confirm_profile(page)

    # The secretariat approves the member's draft: the profile changes, the membership not.
    workflow_state.current_task_state.approve(user=staff)
    page.refresh_from_db()
    assert page.live_revision_id == revision.pk
    assert page.summary == "子ども食堂と学習支援をしています。"
    membership.refresh_from_db()
    assert membership.tier == tier
    assert membership.status == Membership.Status.PAUSED
    assert membership.last_confirmed_on == timezone.localdate()


def test_the_membership_is_in_no_revision_and_shared_by_every_translation(member, tier):
    page, account = member
    Membership.objects.filter(page=page).update(
        tier=tier, status="paused", last_confirmed_on=datetime.date(2026, 4, 1)
    )
    page.summary = "変更しました。"
    page.save_revision(user=account)
    english = page.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    english.save_revision().publish()
    for revision in [*page.revisions.all(), *english.revisions.all()]:
        assert not set(SECRETARIAT_FIELDS) & set(revision.content), revision
        assert "paused" not in str(revision.content.values())
    assert Membership.objects.count() == 1
    assert Membership.objects.for_page(english).get() == Membership.objects.for_page(page).get()
    members_services.confirm_profile(english)
    assert Membership.objects.get().last_confirmed_on == timezone.localdate()


def test_a_member_who_left_is_asked_nothing_and_listed_in_no_language(client, member):
    page, _account = member
    english = page.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    english.save_revision().publish()
    assert "ひだまり" in client.get("/ja/members/").content.decode()
    # as the secretariat records it (a save: the cached lists change with it)
    membership = Membership.objects.get(page=page)
    membership.status = Membership.Status.LEFT
    membership.save()
    for url in ["/ja/members/", "/en/members/"]:
        assert client.get(url).context["member_count"] == 0, url


# Roles ---------------------------------------------------------------------------------------


def test_the_secretariat_lists_filters_and_edits_memberships(client, member_index, tier):
    def organisation(name, kana, **values):
        account = member_editor(name)
        page = MemberOrganisationPage.objects.get(slug=f"npo-{name}")
        page.title, page.name_kana = kana, kana
        page.save()
        Membership.objects.filter(page=page).update(**values)
        return account, page

    organisation("a", "あおぞら", tier=tier, last_confirmed_on=datetime.date(2026, 4, 3))
    organisation("b", "かもめ", status="left", last_confirmed_on=datetime.date(2023, 4, 1))
    organisation("c", "さくら", status="paused")
    client.force_login(secretariat())

    def listed(query=""):
        response = client.get(f"/admin/memberships/{query}")
        assert response.status_code == 200
        return [m.page.title for m in response.context["object_list"]]

    assert listed() == ["あおぞら", "かもめ", "さくら"]
    assert listed("?status=left") == ["かもめ"]
    assert listed(f"?tier={tier.pk}") == ["あおぞら"]
    # which groups have not confirmed their profile since last year
    assert listed("?last_confirmed_on_to=2025-12-31") == ["かもめ"]
    assert listed("?q=さくら") == ["さくら"]
    assert client.get("/admin/memberships/?last_confirmed_on_from=nonsense").status_code == 200

    with CaptureQueriesContext(connection) as few:
        listed()
    for n in range(5):
        organisation(f"more{n}", f"たんぽぽ{n}", tier=tier)
    with CaptureQueriesContext(connection) as many:
        listed()
    assert len(many) == len(few)

    membership = Membership.objects.get(page__title="さくら")
    assert client.get(edit_url(membership)).status_code == 200
    response = client.post(
        edit_url(membership), {"tier": tier.pk, "status": "active", "last_confirmed_on": ""}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.tier, membership.status) == (tier, Membership.Status.ACTIVE)
    # nobody adds or deletes one: it comes and goes with the organisation's page
    assert client.get("/admin/memberships/add/").status_code in (302, 403)
    assert client.get(f"/admin/memberships/delete/{membership.pk}/").status_code in (302, 403)


def test_the_secretariat_reaches_the_membership_from_any_translation_of_the_page(client, member):
    page, _account = member
    english = page.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    client.force_login(secretariat())
    membership = Membership.objects.get(page=page)
    for profile in (page, english):
        button = f"/admin/members/membership/{profile.pk}/"
        assert button in client.get(f"/admin/pages/{profile.pk}/edit/").content.decode()
        assert button in client.get(f"/admin/pages/{profile.get_parent().pk}/").content.decode()
        response = client.get(button)
        assert response.status_code == 302 and response["Location"] == edit_url(membership)
    assert client.get("/admin/members/membership/999999/", follow=True).status_code == 404


@pytest.mark.parametrize("role", ["member", "other member", "trainer", "coordinator"])
def test_no_one_but_the_secretariat_sees_or_changes_a_membership(client, member, tier, role):
    page, own_account = member
    account = {
        "member": lambda: own_account,
        "other member": lambda: member_editor("other"),
        "trainer": trainer,
        "coordinator": coordinator,
    }[role]()
    membership = Membership.objects.get(page=page)
    client.force_login(account)
    for url in [
        "/admin/memberships/",
        edit_url(membership),
        f"/admin/members/membership/{page.pk}/",
    ]:
        assert client.get(url).status_code in (302, 403), url
    response = client.post(
        edit_url(membership), {"tier": tier.pk, "status": "left", "last_confirmed_on": ""}
    )
    assert response.status_code in (302, 403)
    membership.refresh_from_db()
    assert (membership.tier, membership.status) == (None, Membership.Status.ACTIVE)
    assert "/admin/memberships/" not in client.get("/admin/", follow=True).content.decode()
    if role == "member":
        html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert "/admin/members/membership/" not in html
        for field in SECRETARIAT_FIELDS:
            assert f'name="{field}"' not in html
