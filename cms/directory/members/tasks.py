from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import GroupPagePermission

from cms.core import outbox
from cms.directory.members.applications import DecisionMail, MembershipApplication
from cms.directory.members.models import (
    MemberOrganisationPage,
    Membership,
    ProfileConfirmationRequest,
)


def invitation_url(user):
    """The admin's own set-a-new-password page, for an account that has no password yet."""
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def render_decision(decision):
    application = decision.application
    contact = application.contact
    if application.status == MembershipApplication.Status.PENDING:
        raise outbox.Skip("not decided")
    if contact is None or not contact.email:
        raise outbox.Skip("no address")
    approved = application.status == MembershipApplication.Status.APPROVED
    with translation.override(contact.language):
        context = {
            "application": application,
            "contact": contact,
            "invitation_url": invitation_url(application.account)
            if approved and application.account
            else "",
        }
        kind = "approved" if approved else "declined"
        subject = render_to_string(f"directory/members_mail_{kind}_subject.txt", context)
        body = render_to_string(f"directory/members_mail_{kind}.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[contact.email])


def notify_applicant(decision_id):
    """Mail the applicant the secretariat's decision, once, through the outbox."""
    decisions = DecisionMail.objects.select_related("application__contact", "application__account")
    result = outbox.deliver(decisions, decision_id, render_decision)
    if result == "sent":
        MembershipApplication.objects.filter(decision_mail=decision_id).update(
            notified_at=timezone.now()
        )
    return result


CONFIRMATION_SCHEDULE = "ask members to confirm their profiles"


def ask_members_to_confirm():
    """Once a year: every current member is asked to confirm or update its profile."""
    year = timezone.localdate().year
    left = Membership.objects.filter(status=Membership.Status.LEFT)
    pages = MemberOrganisationPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).exclude(translation_key__in=left.organisations())
    for page in pages:
        with transaction.atomic():
            request, created = ProfileConfirmationRequest.objects.get_or_create(
                page=page, year=year
            )
            if created:
                request.queue()


def profile_editors(page):
    """The active accounts whose group may edit this profile (the member's own)."""
    groups = GroupPagePermission.objects.filter(page=page).values("group")
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups)
        .exclude(email="")
        .distinct()
    )


def render_confirmation_request(request):
    page = request.page
    recipients = [user.email for user in profile_editors(page)] or (
        [page.email] if page.email else []
    )
    if not recipients:
        raise outbox.Skip("no address")
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "page": page,
        "confirm_url": base + reverse("member_confirm_profile", args=[page.pk]),
        "edit_url": base + reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }
    subject = render_to_string("directory/members_mail_confirm_subject.txt", context)
    body = render_to_string("directory/members_mail_confirm.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=recipients)


def send_confirmation_request(request_id):
    """Deliver one yearly request through the outbox (sent once, retried on failure)."""
    requests = ProfileConfirmationRequest.objects.select_related("page")
    return outbox.deliver(requests, request_id, render_confirmation_request)
