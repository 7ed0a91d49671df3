"""What happens to pledges when their drive changes: a drive called off cancels them."""

from django.db import transaction
from django.utils import timezone

from events.fooddrives.models import Pledge, PledgeMessage
from events.fooddrives.services.common import lock_drive, queue_message


@transaction.atomic
def cancel_drive_pledges(drive, *, now=None):
    """The drive is called off (published with `cancelled_at`): every open pledge is
    cancelled and each person told; returns how many."""
    now = now or timezone.now()
    drive = lock_drive(drive)
    if drive.cancelled_at is None:
        return 0
    count = 0
    for pledge in Pledge.objects.select_for_update().filter(
        drive=drive, status=Pledge.Status.PLEDGED
    ):
        pledge.move_to(Pledge.Status.CANCELLED, now=now)
        queue_message(pledge, PledgeMessage.Kind.DRIVE_CANCELLED)
        count += 1
    return count
