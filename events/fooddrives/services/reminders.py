"""The daily work on pledges (`events.fooddrives.tasks.daily`): remind the people whose
drop-off day is near, and close the pledges whose day has long passed."""

from datetime import timedelta

from django.utils import timezone

from cms.core.reminders import queue_once
from events.fooddrives.models import Pledge, PledgeMessage
from events.fooddrives.queries import pledges_due_before, reminders_due
from events.fooddrives.services.common import queue_message

# A pledge not brought this many days after its day no longer holds part of the target.
NOT_BROUGHT_AFTER = timedelta(days=3)


def queue_reminders(now=None):
    """Remind each open pledge the set number of days before its drop-off day, once."""
    now = now or timezone.now()
    return queue_once(
        reminders_due(timezone.localdate(now)),
        lambda pledge: queue_message(pledge, PledgeMessage.Kind.REMINDER),
        now=now,
        status=Pledge.Status.PLEDGED,
    )


def close_unbrought(now=None):
    """Pledges not brought a few days after their day stop holding part of the target."""
    now = now or timezone.now()
    last_day = timezone.localdate(now) - NOT_BROUGHT_AFTER
    return pledges_due_before(last_day).move(
        Pledge.Status.PLEDGED, Pledge.Status.NOT_BROUGHT, now=now
    )
