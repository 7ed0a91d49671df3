"""A pledge taken by phone or at the counter: recorded by staff, with or without an e-mail,
also after pledging closed (never for a cancelled drive)."""

from django.contrib import messages
from django.utils.translation import gettext as _

from events.fooddrives import services
from events.fooddrives.admin_views.common import drive_for, form_view
from events.fooddrives.forms import StaffPledgeForm


def add_pledge(request, drive_id):
    drive = drive_for(request, drive_id, "fooddrives.add_pledge")

    def record(form):
        return services.pledge(drive, **form.details(), staff_user=request.user)

    def done(result):
        pledge, created = result
        if created:
            messages.success(
                request, _("The pledge of %(name)s is recorded.") % {"name": pledge.person.name}
            )
        else:
            messages.warning(request, _("This pledge was already recorded."))

    return form_view(
        request,
        drive,
        StaffPledgeForm(request.POST or None, drive=drive),
        record=record,
        done=done,
        template="fooddrives/admin/add_pledge.html",
    )
