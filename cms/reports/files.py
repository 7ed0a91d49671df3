"""The yearly report as files: an Excel workbook (a summary sheet in the shape of the
municipalities' published reports — area, item, this year, previous year, change, unit — then
a sheet per area) and an A4 PDF of the same, both from the sections of cms.core.yearly."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf.enums import TextEmphasis
from fpdf.fonts import FontFace

from cms.core import charts, era, pdf
from cms.core.exports import xlsx_workbook_bytes

#: Tables with more columns than this are printed on a landscape page.
WIDE = 6


def labels(year):
    """The two years a chart compares, named as the report names them (令和7年度（2025年度）)."""
    if year is None:
        return {}
    return {
        "this_label": era.fiscal_year_label(year),
        "last_label": era.fiscal_year_label(year - 1),
    }


def report_title(year):
    """「令和7年度（2025年度） 年次報告」."""
    return _("%(year)s yearly report") % {"year": era.fiscal_year_label(year)}


def summary_header():
    return [
        pgettext("yearly report", "Area"),
        _("Item"),
        _("This year"),
        _("Previous year"),
        pgettext("yearly report", "Change"),
        _("Unit"),
    ]


def summary_rows(sections):
    """One row per figure of every section, as the summary sheet and page show them."""
    return [
        [section.title, figure.label, figure.value, figure.previous, figure.change, figure.unit]
        for section in sections
        for figure in section.figures
    ]


def _area_rows(section):
    """A section as rows under no header: its figures, then each table under its title."""
    rows = [[section.title], summary_header()[1:]]
    rows += [row[1:] for row in summary_rows([section])]
    for table in section.tables:
        rows += [[], [table.title], list(table.header), *table.rows]
    return rows


def workbook(title, platforms, sections):
    """The report as .xlsx bytes: the summary sheet first, then a sheet per section."""
    caption = [
        [title],
        [_("Platforms: %(names)s") % {"names": platforms}],
        [_("Made on %(day)s") % {"day": era.era_date(timezone.localdate())}],
        [],
        summary_header(),
    ]
    sheets = [(_("Summary"), None, caption + summary_rows(sections))]
    sheets += [(section.title, None, _area_rows(section)) for section in sections]
    return xlsx_workbook_bytes(sheets)


def _cell(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(document, header, rows, *, numbers_from=1):
    """A table that fits the page width, numbers to the right."""
    width = document.epw
    columns = max(len(header), max((len(row) for row in rows), default=0))
    if not columns:
        return
    first = min(width * 0.4, width / columns * 2) if columns > 1 else width
    rest = (width - first) / (columns - 1) if columns > 1 else 0
    with document.table(
        col_widths=(first, *[rest] * (columns - 1)),
        text_align=("LEFT", *["RIGHT" if n >= numbers_from else "LEFT" for n in range(1, columns)]),
        borders_layout="HORIZONTAL_LINES",
        line_height=5,
        padding=(1, 1, 1, 1),
        wrapmode=document.wrapmode,
        headings_style=FontFace(emphasis=TextEmphasis.B, size_pt=8.5),
    ) as table:
        table.row([str(label) for label in header] + [""] * (columns - len(header)))
        for row in rows:
            cells = [_cell(value) for value in row]
            table.row(cells + [""] * (columns - len(cells)))


def printout(title, platforms, sections, year=None):
    """The report as an A4 PDF (bytes): the summary, then each area with its chart (this 年度
    against the previous one, the dashboard's, drawn by fpdf2's SVG support) and its tables."""
    document = pdf.Document(title, page_numbers=True, margin=15)
    document.add_page()
    document.paragraph(title, size=16, bold=True, height=9)
    document.paragraph(_("Platforms: %(names)s") % {"names": platforms}, size=10)
    document.paragraph(_("Made on %(day)s") % {"day": era.era_date(timezone.localdate())}, size=10)
    document.heading(_("Summary"), size=12)
    document.set_font(pdf.FAMILY, size=8.5)
    _table(document, summary_header()[1:], [row[1:] for row in summary_rows(sections)])
    for section in sections:
        document.add_page(orientation="P")
        document.heading(section.title, size=13)
        figures = charts.chartable(section.figures)
        if figures:
            _chart(
                document,
                charts.comparison_svg(
                    figures, title=section.title, font=pdf.FAMILY, **labels(year)
                ),
            )
        document.set_font(pdf.FAMILY, size=8.5)
        _table(document, summary_header()[1:], [row[1:] for row in summary_rows([section])])
        for table in section.tables:
            if len(table.header) > WIDE:
                # A wide table (a row per event, per drive) gets a page of its own on its side.
                document.add_page(orientation="L")
            document.heading(table.title, size=10.5)
            document.set_font(pdf.FAMILY, size=7.5)
            _table(document, table.header, table.rows)
    return document.to_bytes()


def _chart(document, svg):
    """An SVG chart as wide as the page, through fpdf2's SVG support."""
    data = svg.encode() if isinstance(svg, str) else svg
    document.image(io.BytesIO(data), w=document.epw)
