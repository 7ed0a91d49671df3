"""What food drives ask of the retention of personal data (`cms.people.retention` finds this
module by its name; the hold is with the pledges, in `services.pledges`)."""

from cms.people.retention import register_eraser
from events.fooddrives.models import Intake, Pledge, Receipt


@register_eraser
def erase_pledge_notes(person):
    """What the desk typed as the giver of a pledged intake or as its reason to take more than
    a pledge may hold, and the forms' submission keys (the person's browser's), go with the
    person's name, as does the name printed on their pledges' receipts (the receipt keeps its
    number and what was received). Pledges, their lines and intakes stay, so that the drive's
    totals stay true."""
    Pledge.objects.filter(person=person).update(submission_key=None, override_reason="")
    Intake.objects.filter(pledge__person=person).update(donor="", submission_key=None)
    Receipt.objects.filter(pledge__person=person).update(addressee="")
