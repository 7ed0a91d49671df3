"""The daily work on pledges (`events.fooddrives.tasks.daily`): remind the people whose
drop-off day is near, and close the pledges whose day has long passed."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from events.fooddrives.models import Pledge, PledgeMessage
from events.fooddrives.queries import pledges_due_before, reminders_due
from events.fooddrives.services.common import queue_message

# A pledge not brought this many days after its day no longer holds part of the target.
NOT_BROUGHT_AFTER = timedelta(days=3)


def queue_reminders(now=None):
    """Remind each open pledge the set number of days before its drop-off day, once."""
    now = now or timezone.now()
    count = 0
    for pledge in reminders_due(timezone.localdate(now)):
        with transaction.atomic():
            claimed = Pledge.objects.filter(
                pk=pledge.pk, status=Pledge.Status.PLEDGED, reminder_queued_at__isnull=True
            ).update(reminder_queued_at=now)
            if claimed:
                queue_message(pledge, PledgeMessage.Kind.REMINDER)
                count += 1
    return count


def close_unbrought(now=None):
    """Pledges not brought a few days after their day stop holding part of the target."""
    now = now or timezone.now()
    last_day = timezone.localdate(now) - NOT_BROUGHT_AFTER
    return pledges_due_before(last_day).move(
        Pledge.Status.PLEDGED, Pledge.Status.NOT_BROUGHT, now=now
    )
