"""Food drives (フードドライブ): a collection of donated food for food banks and 子ども食堂.

Residents pledge what they will bring, without an account; the secretariat records what came
in (with or without a pledge) and what went out to whom. Each wanted item may have a target:
pledges are refused once the pledged and received amounts reach it, and nothing goes out that
did not come in (`events.fooddrives.services`, under a row lock on the item).

By topic: `drives` (the drive's page, its wanted items and drop-off points), `pledges` (pledges
and the state machine of their status), `stock` (food in and out), `receipts` (stock corrections, receipts), `messages` (mails).
Every model is importable from here."""

from events.fooddrives.models.drives import (
    DropOffPoint,
    FoodDriveIndexPage,
    FoodDrivePage,
    FoodDrivePageForm,
    WantedItem,
)
from events.fooddrives.models.messages import PledgeMessage
from events.fooddrives.models.pledges import (
    TRANSITIONS,
    Pledge,
    PledgeLine,
    PledgeQuerySet,
    PledgeStatus,
    check_transition,
)
from events.fooddrives.models.receipts import Receipt, StockCorrection
from events.fooddrives.models.stock import Distribution, Intake, StockMovement

__all__ = [
    "TRANSITIONS",
    "Distribution",
    "DropOffPoint",
    "FoodDriveIndexPage",
    "FoodDrivePage",
    "FoodDrivePageForm",
    "Intake",
    "Pledge",
    "PledgeLine",
    "PledgeMessage",
    "PledgeQuerySet",
    "PledgeStatus",
    "Receipt",
    "StockCorrection",
    "StockMovement",
    "WantedItem",
    "check_transition",
]
