"""Staff views of a food drive in the Wagtail admin, by topic: `overview` (where each item
stands, the pledges), `desk` (receive, cancel, food without a pledge, hand-over), `phone`
(pledges taken by phone), `documents` (receipts, hand-over slips), `exports` (pledges, food in and out) and `report` (the yearly
report); `common` holds what they share.

The secretariat and the food-drive desk (`cms.core.roles`: the pledge permissions) manage
drives, from the list of drives (`overview.drive_list`) or a drive page's button; editing a
drive's page alone does not show who pledged. Every
change goes through `events.fooddrives.services`, so the desk cannot overshoot a target or
hand over food that is not in stock; a refusal comes back as an error on the form, with what
was typed kept."""

from events.fooddrives.admin_views.desk import (
    cancel,
    correct_stock,
    hand_over,
    receive,
    record_intake,
)
from events.fooddrives.admin_views.documents import (
    hand_over_slip,
    intake_receipt,
    pledge_receipt,
)
from events.fooddrives.admin_views.exports import pledge_export, stock_export
from events.fooddrives.admin_views.overview import drive_list, drive_view
from events.fooddrives.admin_views.phone import add_pledge
from events.fooddrives.admin_views.report import yearly_report

__all__ = [
    "add_pledge",
    "cancel",
    "correct_stock",
    "drive_list",
    "drive_view",
    "hand_over",
    "hand_over_slip",
    "intake_receipt",
    "pledge_export",
    "pledge_receipt",
    "receive",
    "record_intake",
    "stock_export",
    "yearly_report",
]
