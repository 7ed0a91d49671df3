"""The yearly report in the admin (under Reports) and the sections of cms's own apps."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.core.yearly import HOOK
from cms.reports import sections, views
from cms.reports.queries import report_platforms


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("reports/yearly/", views.report, name="yearly_report"),
        path("reports/yearly/report.xlsx", views.workbook, name="yearly_report_xlsx"),
        path("reports/yearly/report.pdf", views.printout, name="yearly_report_pdf"),
    ]


class YearlyReportMenuItem(MenuItem):
    def is_shown(self, request):
        return report_platforms(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_yearly_report_menu_item():
    return YearlyReportMenuItem(
        _("Yearly report"), reverse("yearly_report"), icon_name="table", order=10
    )


hooks.register(HOOK, sections.members_section)
hooks.register(HOOK, sections.newsletter_section)
hooks.register(HOOK, sections.places_section)
