"""The yearly report of all food drives, on a page and as CSV or Excel."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.core.exports import yearly_table_download, yearly_table_page
from events.fooddrives import reports
from events.fooddrives.models import FoodDriveIndexPage


def _require_food_drive_staff(request):
    """Whoever may edit a food drive index may see the figures of all drives."""
    if not any(
        index.permissions_for_user(request.user).can_edit()
        for index in FoodDriveIndexPage.objects.all()
    ):
        raise PermissionDenied


def yearly_report(request):
    _require_food_drive_staff(request)
    return yearly_table_page(
        request,
        title=_("Food drives: yearly report"),
        table=reports.yearly_report_table,
        csv_url=reverse("fooddrives_admin:yearly_report_export"),
        xlsx_url=reverse("fooddrives_admin:yearly_report_export_xlsx"),
    )


def yearly_report_export(request, file_format):
    """Figures and organisations only (no personal data), so the export is not logged."""
    _require_food_drive_staff(request)
    return yearly_table_download(
        request, table=reports.yearly_report_table, name="food-drives", file_format=file_format
    )
