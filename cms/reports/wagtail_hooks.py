"""The yearly report in the admin (under Reports) and the sections of cms's own apps."""

from django.core.cache import cache
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.core import era, freshness, yearly
from cms.core.charts import chartable
from cms.core.dashboard import FigureSection
from cms.core.fiscal import fiscal_year
from cms.reports import sections, views
from cms.reports.queries import report_platforms

# A figure of the year moves with a write, which moves the version; the time only bounds it.
FIGURES_SECONDS = 60 * 60


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


hooks.register(yearly.HOOK, sections.members_section)
hooks.register(yearly.HOOK, sections.newsletter_section)
hooks.register(yearly.HOOK, sections.places_section)


@hooks.register("register_dashboard_figures")
def yearly_figures(request, scope):
    """This 年度's figures of the yearly report beside last year's, for those who may read it
    (the secretariat, a prefecture's staff): a chart per section, each figure linking to the
    list behind it. The same sections as the report, so the two never disagree; kept in the
    cache under the version of what changed (cms.core.freshness), so the desk opened every
    morning costs one cache read, not the report's forty queries, until something changes."""
    ids = tuple(report_platforms(request.user).values_list("pk", flat=True))
    if not ids:
        return None
    this_year = fiscal_year(timezone.localdate(scope.now))
    key = f"dashboard-figures:{freshness.version()}:{get_language()}:{this_year}:{'-'.join(map(str, ids))}"
    found = cache.get(key)
    if found is None:
        found = [
            FigureSection(
                str(section.title),
                chartable(section.figures),
                this_label=era.fiscal_year_label(this_year),
                last_label=era.fiscal_year_label(this_year - 1),
                months=[(str(label), value) for label, value in section.months],
                months_title=str(section.months_title),
            )
            for section in yearly.sections(yearly.Scope(this_year, ids))
            if chartable(section.figures)
        ]
        cache.set(key, found, FIGURES_SECONDS)
    return found
