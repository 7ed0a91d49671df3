"""The staff page of a drive: where each wanted food stands (target, pledged, received,
handed over, in stock, left), the pledges (filter, find) and the latest food in and out.
Each page of pledges shown is logged: it shows names and phone numbers."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from cms.core import platform as platforms
from cms.core.exports import logged_view
from cms.core.guards import staff_may
from events.fooddrives import queries
from events.fooddrives.admin_views.common import drive_for
from events.fooddrives.forms import PledgeFilterForm

PER_PAGE = 100
RECENT = 20


def drive_view(request, drive_id):
    drive = drive_for(request, drive_id)
    form = PledgeFilterForm(request.GET or None, drive=drive)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(queries.drive_pledges(drive, filters), PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    logged_view(request, "pledges", drive, len(page.object_list))
    return TemplateResponse(
        request,
        "fooddrives/admin/drive.html",
        {
            "drive": drive,
            "totals": queries.item_totals(drive),
            "form": form,
            "pledges": page,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "intakes": queries.intakes(drive)[:RECENT],
            "distributions": queries.distributions(drive)[:RECENT],
            "corrections": queries.corrections(drive)[:RECENT],
            "state": drive.pledge_state(),
        },
    )


@staff_may("fooddrives.view_pledge")
def drive_list(request):
    """Every drive of the platforms the user works for, latest collection first: where the
    desk, who edits no page, starts."""
    drives = queries.desk_drives(platforms.staff_platforms(request.user))
    return TemplateResponse(request, "fooddrives/admin/drive_list.html", {"drives": drives})
