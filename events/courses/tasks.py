"""Background work of courses (django-q2): reminders that a qualification is about to expire,
delivered through the outbox (`cms.core.outbox`)."""

from cms.core import outbox
from events.courses import services


def remind_expiring():
    """Daily (schedule courses-expiry-reminders): queue reminders for expiring grants."""
    return services.queue_expiry_reminders()


def send_expiry_reminder(reminder_id):
    """Deliver one reminder through the outbox (sent once, retried on failure)."""
    return outbox.deliver_row("courses.ExpiryReminder", reminder_id)
