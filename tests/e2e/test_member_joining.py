"""Joining the platform in a browser: an organisation applies, the secretariat approves in
the admin, the contact person sets a password from the invitation, edits the profile and
submits it for the secretariat's approval; and sees nothing of another member's pages."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import WorkflowState

from cms.directory.members.applications import MembershipApplication
from tests.roles import member_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Yukiguni-2026!"


def new_page(browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def log_in(page, base, username, password):
    page.goto(base + "/admin/login/")
    page.locator("[name=username]").fill(username)
    page.locator("[name=password]").fill(password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_organisation_joins_edits_its_profile_and_sees_no_other_member(
    browser, page, live_server
):
    base = live_server.url
    # Member B, already on the platform with its own (draft) profile.
    other = member_editor("other")
    other_profile = other.groups.exclude(name="参画団体").first().page_permissions.get().page

    page.goto(base + "/ja/members/apply/")
    assert page.get_by_role("heading", level=1).inner_text() == "プラットフォームへの参画申込"
    page.locator("[name=organisation_name]").fill("ＮＰＯ法人　ひだまり")
    page.locator("[name=organisation_name_kana]").fill("ヒダマリ")
    page.locator("[name=organisation_type]").select_option("npo")
    page.locator("[name=representative_role]").fill("理事長")
    page.locator("[name=contact_name]").fill("連絡 花子")
    page.get_by_label(re.compile("担当者のメールアドレス")).fill("info@hidamari.example.jp")
    page.locator("[name=description]").fill("子どもの居場所を運営しています。")
    page.get_by_label("プラットフォームの規約と個人情報の取り扱いに同意します。").check()
    page.get_by_role("button", name="申し込む").click()
    assert "/apply/sent/" in page.url
    application = MembershipApplication.objects.get()
    assert application.organisation_name == "NPO法人 ひだまり"

    # The secretariat approves in the admin.
    get_user_model().objects.create_superuser("staff", "staff@example.jp", "Staff-2026!")
    staff, staff_page = new_page(browser)
    log_in(staff_page, base, "staff", "Staff-2026!")
    staff_page.goto(base + f"/admin/membership_applications/edit/{application.pk}/")
    staff_page.get_by_label("承認する").check()
    with staff_page.expect_navigation():
        staff_page.locator("main form[method=post] button[type=submit]").first.click()
    staff.close()
    application.refresh_from_db()
    assert application.status == "approved"

    # The invitation leads to setting a password.
    (invitation,) = [m for m in mail.outbox if m.to == ["info@hidamari.example.jp"]]
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/\S+)", invitation.body).group(1)
    page.goto(base + link)
    page.locator("[name=new_password1]").fill(PASSWORD)
    page.locator("[name=new_password2]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    log_in(page, base, application.account.username, PASSWORD)

    # The member edits its own profile and submits it to the secretariat.
    profile = application.profile_page
    page.goto(base + f"/admin/pages/{profile.pk}/edit/")
    page.locator("[name=strengths]").fill("子ども食堂の運営と学習支援")
    assert page.locator("button[name=action-publish]").count() == 0
    assert page.locator("button[name=action-submit]").count() == 1
    with page.expect_navigation():
        page.evaluate("document.querySelector('button[name=action-submit]').click()")
    state = WorkflowState.objects.get(object_id=str(profile.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    profile.refresh_from_db()
    assert not profile.live
    latest = profile.get_latest_revision_as_object()
    assert latest.strengths == "子ども食堂の運営と学習支援"

    # Member B's pages are out of reach: not editable, not even listed.
    response = page.goto(base + f"/admin/pages/{other_profile.pk}/edit/")
    assert (
        response.status in (403, 404)
        or "/admin/pages/" not in page.url
        or ("権限" in page.content())
    )
    page.goto(base + f"/admin/pages/{profile.get_parent().pk}/")
    assert other_profile.title not in page.content()
    # …and no application, not even its own.
    response = page.goto(base + "/admin/membership_applications/")
    assert response.status == 403 or "/membership_applications/" not in page.url
