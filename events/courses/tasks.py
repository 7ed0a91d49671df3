"""Background work of courses (django-q2): reminders that a qualification is about to expire,
delivered through the outbox (`cms.core.outbox`)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from cms.core import outbox
from cms.core.platform import platform_name
from events.courses import services
from events.courses.models import ExpiryReminder


def remind_expiring():
    """Daily (schedule courses-expiry-reminders): queue reminders for expiring grants."""
    return services.queue_expiry_reminders()


def render_expiry_reminder(reminder):
    person = reminder.grant.person
    if not person.email or person.erased_at:
        raise outbox.Skip("no address")
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
    return EmailMessage(f"{subject} | {site_name}", body, to=[person.email])


def send_expiry_reminder(reminder_id):
    """Deliver one reminder through the outbox (sent once, retried on failure)."""
    reminders = ExpiryReminder.objects.select_related("grant__person", "grant__qualification")
    return outbox.deliver(reminders, reminder_id, render_expiry_reminder)
