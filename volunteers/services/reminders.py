"""The day-before reminders (scheduled by `volunteers.tasks.send_reminders`)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cms.core.reminders import queue_once
from events.capacity import Status
from volunteers.models import ShiftSignup
from volunteers.services import mails
from volunteers.services.mails import Kind


def due_reminders(now=None):
    """Confirmed sign-ups whose shift starts within the next day and who had no reminder."""
    now = now or timezone.now()
    return ShiftSignup.objects.filter(
        status=Status.CONFIRMED,
        reminder_queued_at__isnull=True,
        shift__cancelled_at__isnull=True,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + timedelta(days=1),
    ).order_by("pk")


@transaction.atomic
def queue_reminders(now=None):
    """Write the day-before reminder of every due sign-up, each one once (claimed by a
    conditional update, so two runs at once write one). Returns how many were written."""
    now = now or timezone.now()
    return queue_once(
        due_reminders(now).select_related("volunteer__person"),
        lambda signup: mails.write(signup.volunteer, Kind.REMINDER, signup=signup),
        now=now,
    )
