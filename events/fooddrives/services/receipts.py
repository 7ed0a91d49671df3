"""Receipts (受領書) for food received: issued once, numbered per platform and fiscal year in
the order they are issued, the number kept for every later download."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cms.core import platform as platforms
from cms.core.fiscal import fiscal_year
from cms.core.models import Platform
from cms.core.text import normalise
from events.fooddrives.errors import PledgeError
from events.fooddrives.models import Intake, Pledge, Receipt


def _existing(pledge, intake):
    if pledge is not None:
        return Receipt.objects.filter(pledge=pledge).first()
    return Receipt.objects.filter(intake=intake).first()


@transaction.atomic
def issue_receipt(*, pledge=None, intake=None, addressee="", staff_user=None, today=None):
    """The receipt of `pledge` (everything received of it) or of `intake` (food brought
    without a pledge; an intake of a pledge gets its pledge's receipt): the one issued before,
    or a new one with the next number of the platform's fiscal year.

    The new number is taken under a lock on the platform's row, so two receipts issued at
    once (two desks, a donor and the desk) get two numbers one after the other and the same
    pledge issued twice at once gets one receipt. `addressee` is the name printed: a company's
    name, say; the donor's name (or the intake's "from") when not given."""
    if (pledge is None) == (intake is None):
        raise ValueError("a receipt is of a pledge or of an intake")
    if intake is not None and intake.pledge_id:
        pledge, intake = Pledge.objects.get(pk=intake.pledge_id), None
    if (found := _existing(pledge, intake)) is not None:
        return found
    if pledge is not None:
        if not Intake.objects.filter(pledge=pledge).exists():
            raise PledgeError("nothing_received")
        drive = pledge.drive
        default = pledge.person.name if not pledge.person.erased_at else ""
    else:
        drive = intake.drive
        default = intake.donor
    addressee = normalise(addressee or "") or default
    if not addressee:
        raise PledgeError("no_addressee")
    platform = platforms.of_page(drive)
    Platform.objects.select_for_update().filter(pk=platform.pk).first()
    if (found := _existing(pledge, intake)) is not None:  # issued while we waited
        return found
    today = today or timezone.localdate()
    year = fiscal_year(today)
    last = Receipt.objects.filter(platform=platform, fiscal_year=year).aggregate(n=Max("number"))
    return Receipt.objects.create(
        platform=platform,
        fiscal_year=year,
        number=(last["n"] or 0) + 1,
        drive=drive,
        pledge=pledge,
        intake=intake,
        addressee=addressee,
        issued_on=today,
        issued_by=staff_user,
    )
