"""A member organisation's account edits its own profile, through moderation, and sees
nothing of another member's pages or of anyone's application."""

import pytest
from django.contrib.auth import get_user_model

from cms.directory.members.applications import MembershipApplication
from cms.directory.members.services import apply_for_membership, approve_application


def approved_member(name, email, staff, site):
    application, _ = apply_for_membership(
        site=site,
        organisation_name=name,
        organisation_name_kana="だんたい",
        organisation_type="npo",
        representative_role="代表",
        contact_name="担当",
        contact_email=email,
        description="活動しています。",
    )
    application = approve_application(application, by=staff)
    account = application.account
    account.set_password("Yukiguni-2026!")
    account.save()
    return application.profile_page.specific, account


@pytest.fixture
def members(member_index):
    staff = get_user_model().objects.create_superuser("staff", "staff@example.jp", "pw")
    site = member_index.get_site()
    a = approved_member("団体エー", "a@example.jp", staff, site)
    b = approved_member("団体ビー", "b@example.jp", staff, site)
    apply_for_membership(
        site=site,
        organisation_name="審査中の団体",
        organisation_name_kana="しんさちゅう",
        organisation_type="npo",
        representative_role="代表",
        contact_name="担当",
        contact_email="c@example.jp",
        description="申込み中です。",
    )
    return a, b


def test_a_member_may_edit_its_own_profile_but_not_publish_it(client, members):
    (page_a, account_a), _b = members
    assert page_a.permissions_for_user(account_a).can_edit()
    assert not page_a.permissions_for_user(account_a).can_publish()
    client.force_login(account_a)
    html = client.get(f"/admin/pages/{page_a.pk}/edit/").content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html
    # the secretariat's fields are not in the member's form
    assert 'name="tier"' not in html and 'name="status"' not in html
    assert page_a.get_workflow().name == "参画団体の掲載内容の確認"


def test_member_a_cannot_edit_publish_or_list_member_bs_pages(client, members):
    (page_a, account_a), (page_b, _) = members
    permissions = page_b.permissions_for_user(account_a)
    assert not permissions.can_edit()
    assert not permissions.can_publish()
    assert not permissions.can_delete()
    client.force_login(account_a)
    assert client.get(f"/admin/pages/{page_b.pk}/edit/").status_code in (302, 403)
    assert client.post(f"/admin/pages/{page_b.pk}/publish/").status_code in (302, 403)
    page_b.refresh_from_db()
    assert not page_b.live
    for url in [
        "/admin/pages/",
        f"/admin/pages/{page_a.get_parent().pk}/",
        "/admin/pages/search/?q=団体",
        "/admin/",
    ]:
        response = client.get(url, follow=True)
        assert "団体ビー" not in response.content.decode(), url


def test_a_member_sees_no_application_not_even_its_own(client, members):
    (_page_a, account_a), _ = members
    client.force_login(account_a)
    for url in [
        "/admin/membership_applications/",
        f"/admin/membership_applications/edit/{MembershipApplication.objects.first().pk}/",
        f"/admin/membership_applications/inspect/{MembershipApplication.objects.first().pk}/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
    html = client.get("/admin/", follow=True).content.decode()
    assert "審査中の団体" not in html
    assert "/admin/membership_applications/" not in html


def test_submitting_a_profile_waits_for_the_secretariat(members):
    (page_a, account_a), _b = members
    state = page_a.get_workflow().start(page_a, account_a)
    assert state.status == state.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "事務局の確認"
    page_a.refresh_from_db()
    assert not page_a.live
