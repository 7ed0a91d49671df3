from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cms.directory.members_applications import MembershipApplication


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


def notify_applicant(application_id):
    """Mail the applicant the secretariat's decision, once."""
    with transaction.atomic():
        application = (
            MembershipApplication.objects.select_for_update(of=("self",))
            .select_related("contact", "account")
            .get(pk=application_id)
        )
        contact = application.contact
        if (
            application.notified_at
            or application.status == MembershipApplication.Status.PENDING
            or contact is None
            or not contact.email
        ):
            return
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
        send_mail(" ".join(subject.split()), body, None, [contact.email])
        application.notified_at = timezone.now()
        application.save(update_fields=["notified_at"])
