"""The yearly report in the admin: one page (?year= and, for someone who reads several
platforms, ?platform=), an Excel workbook and an A4 PDF of the same. Figures only, no personal
data; the downloads are logged all the same (cms.core.exports), as every file that leaves."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from cms.core import charts, era, yearly
from cms.core.exports import XLSX_TYPE, logged_export
from cms.core.fiscal import fiscal_year, requested_year
from cms.core.platform import platform_name
from cms.reports import files
from cms.reports.queries import report_platforms

YEARS_SHOWN = 6


def _scope(request):
    """(scope, the platforms the user may choose from, the chosen one or None for all);
    403 for a user who may read no platform's report."""
    readable = list(report_platforms(request.user).select_related("site__root_page"))
    if not readable:
        raise PermissionDenied
    chosen = next((p for p in readable if p.slug == request.GET.get("platform")), None)
    counted = [chosen] if chosen else readable
    scope = yearly.Scope(requested_year(request), tuple(p.pk for p in counted))
    return scope, readable, chosen


def _names(platforms):
    return "、".join(platform_name(platform) for platform in platforms)


def report(request):
    scope, readable, chosen = _scope(request)
    this_year = fiscal_year(timezone.localdate())
    years = range(this_year, this_year - YEARS_SHOWN, -1)
    query = f"?year={scope.year}" + (f"&platform={chosen.slug}" if chosen else "")
    return TemplateResponse(
        request,
        "reports/admin/yearly.html",
        {
            "scope": scope,
            "year_label": era.fiscal_year_label(scope.year),
            "years": [(year, era.fiscal_year_label(year)) for year in years],
            "platforms": [(p.slug, platform_name(p)) for p in readable],
            "chosen": chosen.slug if chosen else "",
            "counted": _names([chosen] if chosen else readable),
            "sections": [
                (section, _chart(section, scope.year)) for section in yearly.sections(scope)
            ],
            "query": query,
        },
    )


def _download(request, file_format):
    scope, readable, chosen = _scope(request)
    counted = [chosen] if chosen else readable
    title = files.report_title(scope.year)
    sections = yearly.sections(scope)
    if file_format == "xlsx":
        body, content_type = files.workbook(title, _names(counted), sections), XLSX_TYPE
    else:
        body, content_type = (
            files.printout(title, _names(counted), sections, scope.year),
            "application/pdf",
        )
    # Figures only; logged as every download is, against the platform reported on.
    logged_export(request, "yearly report", chosen, len(sections), file_format)
    response = HttpResponse(body, content_type=content_type)
    suffix = f"-{chosen.slug}" if chosen else ""
    response["Content-Disposition"] = content_disposition_header(
        True, f"yearly-report-{scope.year}{suffix}.{file_format}"
    )
    return response


def workbook(request):
    return _download(request, "xlsx")


def printout(request):
    return _download(request, "pdf")


def _chart(section, year):
    """The section's figures as the dashboard draws them, this 年度 against the previous."""
    figures = charts.chartable(section.figures)
    if not figures:
        return ""
    return charts.comparison_chart(
        figures, title=section.title, chart_id=f"chart-{section.key}", **files.labels(year)
    )
