"""The drop-off desk: food that comes in (a pledge brought, food without a pledge) and food
that goes out (a hand-over). All three are one movement of stock, recorded by
`record_movement`. A correction of the stock (`correct_stock`) is an entry of its own."""

from django.db import transaction
from django.utils import timezone

from cms.core import freshness
from cms.core.submissions import sent_before
from cms.core.text import normalise
from events.fooddrives.errors import IllegalTransition, PledgeError
from events.fooddrives.models import (
    Distribution,
    Intake,
    Pledge,
    PledgeMessage,
    StockCorrection,
)
from events.fooddrives.queries import item_totals
from events.fooddrives.services.common import (
    MAX_QUANTITY,
    lock_drive,
    lock_items,
    lock_pledge,
    queue_message,
)

#: The most of one food that the desk records at once, without a pledge (a company's delivery).
MAX_DELIVERY = MAX_QUANTITY * 10


def record_movement(drive, model, lines, *, submission_key=None, most=MAX_DELIVERY, **fields):
    """Record food coming into the drive's stock or going out of it, inside the caller's
    transaction: `model` is Intake or Distribution, `lines` [(item, quantity)], `fields` the
    rest of each row (the day, who recorded it, where it came from or went). Returns the
    rows.

    Under the drive's lock: the same form sent twice (`submission_key`, for a movement of one
    line) returns what the first recorded; each item must be the drive's and each quantity
    from 1 to `most`; food going out locks its items and never takes more than is in stock,
    even when two desks record a hand-over of the same item at once."""
    if submission_key and len(lines) != 1:
        raise ValueError("a submission key names a movement of one line")
    drive = lock_drive(drive)
    if (existing := sent_before(model, submission_key)) is not None:
        return [existing]
    for item, quantity in lines:
        if item.page_id != drive.pk:
            raise PledgeError("wrong_item")
        if not 1 <= quantity <= most:
            raise PledgeError("bad_quantity", max=most)
    if model.goes_out:
        _check_stock(drive, lines)
    made = model.objects.bulk_create(
        model(drive=drive, item=item, quantity=quantity, submission_key=submission_key, **fields)
        for item, quantity in lines
    )
    freshness.changed()  # what the drive has received: bulk_create sends no signal
    return made


def _check_stock(drive, lines):
    items = lock_items(drive, [item.pk for item, _quantity in lines])
    stock = {totals.item.pk: totals.stock for totals in item_totals(drive, items.values())}
    for item, quantity in lines:
        if quantity > stock[item.pk]:
            raise PledgeError(
                "not_enough_stock", item=item.name, stock=stock[item.pk], unit=item.unit
            )
        stock[item.pk] -= quantity


@transaction.atomic
def receive_pledge(pledge, quantities, *, staff_user=None, received_on=None, now=None):
    """The person brought their food: record what came of each line (quantities maps a
    line's pk to the amount, which may differ from the pledge; 0 or missing: not brought),
    close the pledge and thank them. Receiving twice changes nothing; a pledge marked not
    brought can still be received (a late arrival), a cancelled one cannot."""
    now = now or timezone.now()
    drive, pledge = lock_pledge(pledge)
    if pledge.status == Pledge.Status.RECEIVED:
        return pledge
    if not pledge.may_move_to(Pledge.Status.RECEIVED):
        raise IllegalTransition(pledge.status, Pledge.Status.RECEIVED)
    lines = [
        (line.item, quantity)
        for line in pledge.lines.select_related("item")
        if (quantity := quantities.get(line.pk, 0))
    ]
    intakes = record_movement(
        drive,
        Intake,
        lines,
        most=MAX_QUANTITY,
        pledge=pledge,
        received_on=received_on or timezone.localdate(now),
        recorded_by=staff_user,
    )
    pledge.move_to(Pledge.Status.RECEIVED if intakes else Pledge.Status.NOT_BROUGHT, now=now)
    if intakes:
        queue_message(pledge, PledgeMessage.Kind.THANKS)
    return pledge


@transaction.atomic
def record_intake(
    drive, *, item, quantity, donor="", received_on=None, staff_user=None, submission_key=None
):
    """Food that came without a pledge (a collection box, a company's delivery). The same form
    sent twice (submission_key) records it once and returns the first record."""
    (intake,) = record_movement(
        drive,
        Intake,
        [(item, quantity)],
        submission_key=submission_key,
        donor=normalise(donor or ""),
        received_on=received_on or timezone.localdate(),
        recorded_by=staff_user,
    )
    return intake


@transaction.atomic
def distribute(
    drive,
    *,
    item,
    quantity,
    recipient=None,
    recipient_name="",
    distributed_on=None,
    staff_user=None,
    submission_key=None,
):
    """Hand food over to a food bank or a 子ども食堂 (a member organisation, or another one
    by name): never more than is in stock. The same form sent twice records it once."""
    recipient_name = normalise(recipient_name or "")
    if recipient is None and not recipient_name:
        raise PledgeError("no_recipient")
    (distribution,) = record_movement(
        drive,
        Distribution,
        [(item, quantity)],
        submission_key=submission_key,
        recipient=recipient,
        recipient_name="" if recipient is not None else recipient_name,
        distributed_on=distributed_on or timezone.localdate(),
        recorded_by=staff_user,
    )
    return distribution


@transaction.atomic
def correct_stock(
    drive,
    *,
    item,
    change,
    reason,
    note="",
    corrected_on=None,
    staff_user=None,
    submission_key=None,
):
    """Correct one food's stock by `change` (more: +, less: -) for `reason`: a new entry, the
    past ones untouched. Under the drive's and the item's lock, as a hand-over: a correction
    never takes the stock below zero, even beside a hand-over or another correction at once.
    The same form sent twice records it once."""
    drive = lock_drive(drive)
    if (existing := sent_before(StockCorrection, submission_key)) is not None:
        return existing
    if item.page_id != drive.pk:
        raise PledgeError("wrong_item")
    if change == 0 or abs(change) > MAX_DELIVERY:
        raise PledgeError("bad_change", max=MAX_DELIVERY)
    if reason not in StockCorrection.Reason.values:
        raise PledgeError("no_reason")
    locked = lock_items(drive, [item.pk])
    (totals,) = item_totals(drive, locked.values())
    if totals.stock + change < 0:
        raise PledgeError("below_zero", item=item.name, stock=totals.stock, unit=item.unit)
    correction = StockCorrection.objects.create(
        drive=drive,
        item=item,
        change=change,
        reason=reason,
        note=normalise(note or ""),
        corrected_on=corrected_on or timezone.localdate(),
        recorded_by=staff_user,
        submission_key=submission_key,
    )
    freshness.changed()
    return correction
