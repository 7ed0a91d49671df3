"""What every service of food drives shares: the locks, in their one order, the bound of an
amount, and the mail that a change queues in its own transaction.

Lock order, always: the drive row, then its wanted items by primary key, then the pledge. The
item lock is what keeps a target from being overshot by two pledges at once and the stock
from going below zero by two hand-overs at once."""

from events.fooddrives.models import FoodDrivePage, Pledge, PledgeMessage, WantedItem
from events.fooddrives.models.drives import MAX_QUANTITY

__all__ = ["MAX_QUANTITY", "lock_drive", "lock_items", "lock_pledge", "queue_message"]


def lock_drive(drive):
    """The drive's original-language page (pledges and stock belong to it), locked."""
    return FoodDrivePage.objects.select_for_update(of=("self",)).get(pk=drive.source.pk)


def lock_items(drive, pks):
    return {
        item.pk: item
        for item in WantedItem.objects.select_for_update()
        .filter(page=drive, pk__in=pks)
        .order_by("pk")
    }


def lock_pledge(pledge):
    """(drive, pledge) with the drive, the pledge's items and the pledge locked, in that order;
    the pledge re-read as it is now."""
    drive = lock_drive(pledge.drive)
    lock_items(drive, pledge.lines.values("item"))
    return drive, Pledge.objects.select_for_update().get(pk=pledge.pk)


def queue_message(pledge, kind):
    """A mail about the pledge, sent once the transaction commits; none without an address."""
    person = pledge.person
    if not person.email or person.erased_at:
        return None
    return PledgeMessage.write(pledge=pledge, kind=kind)
