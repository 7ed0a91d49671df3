from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import GroupPagePermission

from cms.core import outbox
from cms.directory.members.applications import MembershipApplication
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


def notify_applicant(decision_id):
    """Mail the applicant the secretariat's decision, once, through the outbox."""
    result = outbox.deliver_row("directory.DecisionMail", decision_id)
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


def send_confirmation_request(request_id):
    """Deliver one yearly request through the outbox (sent once, retried on failure)."""
    return outbox.deliver_row("directory.ProfileConfirmationRequest", request_id)
