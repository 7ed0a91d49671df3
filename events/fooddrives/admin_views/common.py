"""What the staff pages of a drive share: who may open them, where they return to, and how a
desk form hands what was typed to a service and shows a refusal on the form."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from cms.core import platform as platforms
from cms.core.guards import require
from cms.core.params import parse_local_path
from cms.core.platform import in_platforms, with_platform
from events.fooddrives.errors import PledgeError
from events.fooddrives.models import FoodDrivePage


def drive_for(request, drive_id, *permissions):
    """The drive's original-language page (pledges and stock belong to it), if it is of a
    platform the user works for (another platform's drive is not found) and the user may
    see pledges and holds `permissions`: the secretariat and the food-drive desk
    (`cms.core.roles`), who need not edit the drive's page; editing the page alone does not
    show who pledged. It carries `platform_id`, for the access log."""
    drives = FoodDrivePage.objects.filter(in_platforms(platforms.staff_platforms(request.user)))
    found = get_object_or_404(with_platform(drives), pk=drive_id)
    require(request, "fooddrives.view_pledge", *permissions)
    drive = found.source
    drive.platform_id = found.platform_id
    return drive


def list_url(drive):
    return reverse("fooddrives_admin:drive", args=[drive.pk])


def next_url(request, drive):
    """Back to the pledge list as the desk left it (its filters), never to another site."""
    url = request.POST.get("next") or request.GET.get("next")
    return parse_local_path(url) or list_url(drive)


def form_view(request, drive, form, *, record, done, template, **context):
    """A staff form: sent and valid, `record(form)` calls the service and `done(result)` says
    what happened before going back to the list; a refusal (PledgeError) is shown on the
    form, next to its field, with what was typed kept."""
    if request.method == "POST" and form.is_valid():
        try:
            result = record(form)
        except PledgeError as error:
            form.add_refusal(error)
        else:
            done(result)
            return redirect(next_url(request, drive))
    return TemplateResponse(
        request,
        template,
        {"drive": drive, "form": form, "next": next_url(request, drive), **context},
    )
