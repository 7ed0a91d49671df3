"""Food drives: pledging, cancelling, recording what came in and what went out. Every path
(the public form, staff on the phone, the drop-off desk, tasks) goes through these functions,
each one locked transaction (the lock order is in `common`).

By topic: `pledges` (pledge, cancel), `stock` (the desk: receive a pledge, food without a
pledge, hand-overs), `receipts` (受領書), `drives` (a drive called off), `reminders` (the daily task). Every name
is importable from here, as are the refusals (`PledgeError`) and the figures callers used to
find here (now in `events.fooddrives.queries`)."""

from events.fooddrives.errors import IllegalTransition, PledgeError
from events.fooddrives.queries import (
    ItemTotals,
    drive_figures,
    item_totals,
    open_drives,
    totals_by_drive,
)
from events.fooddrives.services.common import MAX_QUANTITY
from events.fooddrives.services.drives import cancel_drive_pledges
from events.fooddrives.services.pledges import (
    CONSENT_PURPOSE,
    Line,
    cancel_pledge,
    people_with_open_pledges,
    pledge,
    pledge_many,
)
from events.fooddrives.services.receipts import issue_receipt
from events.fooddrives.services.reminders import (
    NOT_BROUGHT_AFTER,
    close_unbrought,
    queue_reminders,
)
from events.fooddrives.services.stock import (
    MAX_DELIVERY,
    correct_stock,
    distribute,
    receive_pledge,
    record_intake,
    record_movement,
)

__all__ = [
    "CONSENT_PURPOSE",
    "MAX_DELIVERY",
    "MAX_QUANTITY",
    "NOT_BROUGHT_AFTER",
    "IllegalTransition",
    "ItemTotals",
    "Line",
    "PledgeError",
    "cancel_drive_pledges",
    "cancel_pledge",
    "close_unbrought",
    "correct_stock",
    "distribute",
    "drive_figures",
    "issue_receipt",
    "item_totals",
    "open_drives",
    "people_with_open_pledges",
    "pledge",
    "pledge_many",
    "queue_reminders",
    "receive_pledge",
    "record_intake",
    "record_movement",
    "totals_by_drive",
]
