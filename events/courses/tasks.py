"""Background work of courses (django-q2): reminders that a qualification is about to expire.
Idempotent: a reminder's `sent_at` is claimed under a row lock."""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.courses import services
from events.courses.models import ExpiryReminder
from events.tasks import platform_name


def remind_expiring():
    """Daily (schedule courses-expiry-reminders): queue reminders for expiring grants."""
    return services.queue_expiry_reminders()


def send_expiry_reminder(reminder_id):
    with transaction.atomic():
        reminder = (
            ExpiryReminder.objects.select_for_update(of=("self",))
            .select_related("grant__person", "grant__qualification")
            .get(pk=reminder_id)
        )
        if reminder.sent_at is not None:
            return "already sent"
        person = reminder.grant.person
        if not person.email or person.erased_at:
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["sent_at"])
            return "no address"
        with translation.override(person.language or "ja"):
            qualification = reminder.grant.qualification.localized
            site_name = platform_name()
            subject = gettext("Your qualification “%(qualification)s” expires soon") % {
                "qualification": qualification
            }
            body = render_to_string(
                "courses/mail/expiry_reminder.txt",
                {
                    "person": person,
                    "qualification": qualification,
                    "reminder": reminder,
                    "site_name": site_name,
                },
            )
        send_mail(f"{subject} | {site_name}", body, None, [person.email])
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        return "sent"
