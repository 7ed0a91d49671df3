"""The yearly report of the food drives of the platforms the user works for, on a page and
as CSV or Excel."""

from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _

from cms.core.exports import yearly_table_download, yearly_table_page
from cms.core.guards import may_edit_any, staff_may
from cms.core.platform import readable_platforms
from events.fooddrives import reports
from events.fooddrives.models import FoodDriveIndexPage


def _edits_a_drive_index(request, *args, **kwargs):
    """Whoever may edit a food drive index may see the figures of its platform's drives."""
    return may_edit_any(FoodDriveIndexPage.objects.all(), request)


@staff_may("fooddrives.view_pledge", check=_edits_a_drive_index)
def yearly_report(request):
    return yearly_table_page(
        request,
        title=_("Food drives: yearly report"),
        table=partial(reports.yearly_report_table, platforms=readable_platforms(request.user)),
        csv_url=reverse("fooddrives_admin:yearly_report_export"),
        xlsx_url=reverse("fooddrives_admin:yearly_report_export_xlsx"),
    )


@staff_may("fooddrives.view_pledge", check=_edits_a_drive_index)
def yearly_report_export(request, file_format):
    """Figures and organisations only (no personal data), so the export is not logged."""
    return yearly_table_download(
        request,
        table=partial(reports.yearly_report_table, platforms=readable_platforms(request.user)),
        name="food-drives",
        file_format=file_format,
    )
