"""Once a year each member is asked to confirm or update its profile (Iiyama did not know
which groups were still active)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from cms.directory.members.models import Membership, ProfileConfirmationRequest
from cms.directory.members.services import apply_for_membership, approve_application
from cms.directory.members.tasks import CONFIRMATION_SCHEDULE
from cms.directory.models import MemberOrganisationPage


def approved(name, email, staff, site):
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
    page = application.profile_page.specific
    page.save_revision(user=staff).publish()
    return MemberOrganisationPage.objects.get(pk=page.pk), application.account


@pytest.fixture
def two_members(member_index):
    staff = get_user_model().objects.create_superuser("staff", "staff@example.jp", "pw")
    site = member_index.get_site()
    return approved("団体エー", "a@example.jp", staff, site), approved(
        "団体ビー", "b@example.jp", staff, site
    )


def test_a_yearly_schedule_asks_members_to_confirm(db):
    schedule = Schedule.objects.get(name=CONFIRMATION_SCHEDULE)
    assert schedule.schedule_type == Schedule.YEARLY
    assert schedule.func == "cms.directory.members.tasks.ask_members_to_confirm"
    local = timezone.localtime(schedule.next_run)
    assert (local.month, local.day, local.hour) == (4, 1, 9)


def test_each_member_is_mailed_once_a_year(two_members, django_capture_on_commit_callbacks):
    (page_a, _account_a), (page_b, _account_b) = two_members
    Membership.objects.filter(page=page_b).update(status=Membership.Status.LEFT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        async_task(Schedule.objects.get(name=CONFIRMATION_SCHEDULE).func)
    (message,) = mail.outbox
    assert message.to == ["a@example.jp"]
    assert "団体エー" in message.subject
    assert f"/admin/members/confirm/{page_a.pk}/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        async_task("cms.directory.members.tasks.ask_members_to_confirm")
    assert len(mail.outbox) == 1
    assert ProfileConfirmationRequest.objects.get().sent_at is not None


def test_a_member_confirms_its_own_profile_and_the_date_survives_the_next_edit(client, two_members):
    (page_a, account_a), (page_b, _) = two_members
    page_a.save_revision(user=account_a)  # a draft written before the confirmation
    client.force_login(account_a)
    url = f"/admin/members/confirm/{page_a.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Membership.objects.get(page=page_a).last_confirmed_on == timezone.localdate()
    page_a.get_latest_revision().publish()
    assert Membership.objects.get(page=page_a).last_confirmed_on == timezone.localdate()

    response = client.post(f"/admin/members/confirm/{page_b.pk}/")
    assert response.status_code in (302, 403)
    assert Membership.objects.get(page=page_b).last_confirmed_on is None


def test_a_failing_mail_server_keeps_the_request_and_retries_it(
    two_members, django_capture_on_commit_callbacks, settings
):
    from cms.directory.members.tasks import send_confirmation_request

    settings.EMAIL_BACKEND = "tests.events.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        async_task("cms.directory.members.tasks.ask_members_to_confirm")
    requests = ProfileConfirmationRequest.objects.all()
    assert requests.count() == 2
    assert all(r.sent_at is None and r.attempts == 1 for r in requests)
    assert ProfileConfirmationRequest.undelivered_queryset().count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert [send_confirmation_request(r.pk) for r in requests] == ["sent", "sent"]
    assert len(mail.outbox) == 2
