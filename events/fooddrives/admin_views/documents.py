"""The desk's papers: the receipt (受領書) of a pledge or of food brought without one, and the
hand-over slip (引渡し票) of what one organisation received on one day. A receipt issued
before downloads at once with its number; a new one asks for the name to print first."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.core import pdf
from cms.core import platform as platforms
from events.fooddrives import documents, queries, services
from events.fooddrives.admin_views.common import drive_for, next_url
from events.fooddrives.desk_forms import ReceiptForm
from events.fooddrives.errors import PledgeError
from events.fooddrives.models import Distribution, Intake, Pledge, Receipt


def _receipt(request, drive, *, pledge=None, intake=None, default=""):
    found = (
        Receipt.objects.filter(**({"pledge": pledge} if pledge else {"intake": intake}))
        .select_related("drive", "platform")
        .first()
    )
    if found is not None:
        return documents.receipt_response(found)
    form = ReceiptForm(request.POST or None, initial={"addressee": default})
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.issue_receipt(
                pledge=pledge,
                intake=intake,
                addressee=form.cleaned_data["addressee"],
                staff_user=request.user,
            )
        except PledgeError as error:
            form.add_refusal(error)
        else:
            return documents.receipt_response(receipt, download=True)
    return TemplateResponse(
        request,
        "fooddrives/admin/form.html",
        {
            "drive": drive,
            "form": form,
            "next": next_url(request, drive),
            "title": _("Issue a receipt"),
            "submit": _("Issue and download the receipt"),
        },
    )


def pledge_receipt(request, drive_id, pledge_id):
    """The receipt of everything received of a pledge."""
    drive = drive_for(request, drive_id, "fooddrives.change_pledge")
    pledge = get_object_or_404(Pledge.objects.select_related("person"), pk=pledge_id, drive=drive)
    return _receipt(request, drive, pledge=pledge, default=pledge.person.name)


def intake_receipt(request, drive_id, intake_id):
    """The receipt of food brought without a pledge (an intake of a pledge: its pledge's)."""
    drive = drive_for(request, drive_id, "fooddrives.change_pledge")
    intake = get_object_or_404(Intake, pk=intake_id, drive=drive)
    if intake.pledge_id:
        return pledge_receipt(request, drive_id, intake.pledge_id)
    return _receipt(request, drive, intake=intake, default=intake.donor)


def hand_over_slip(request, drive_id, distribution_id):
    """The slip of everything handed over to `distribution`'s organisation on its day."""
    drive = drive_for(request, drive_id)
    distribution = get_object_or_404(Distribution, pk=distribution_id, drive=drive)
    rows = queries.hand_over_slip(drive, distribution)
    platform = platforms.of_page(drive)
    data = documents.hand_over_slip_pdf(drive, platform, rows)
    return pdf.pdf_response(
        data, f"hand-over-{distribution.distributed_on:%Y%m%d}-{distribution.pk}.pdf", private=True
    )
