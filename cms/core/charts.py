"""Charts drawn on the server as SVG, for the admin dashboard and printed reports: readable
without JavaScript and without a library at run time.

Each chart is a `<figure>` holding an `<svg role="img">` whose `<title>` and `<desc>` say what
it shows and every value in words (what a screen reader reads), and under it the same figures
as a table in a `<details>` (opened without JavaScript; `charts.css` prints it open). Colours
are fixed and tested against WCAG 2.2 (`CONTRAST`): bars 3:1 against the background (non-text
contrast), text 4.5:1; this year and last year differ by more than colour (solid and striped,
and each bar carries its value in text).

The charts take plain data and compute nothing: a `Figure` (the yearly report's,
`cms.core.yearly.Figure`) is a label, this year's and last year's value (`value`,
`previous`: None for no data), a unit and the address of the list behind it (`link`). Every label and unit is escaped
(`format_html`)."""

import zlib

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

BACKGROUND = "#ffffff"
TEXT = "#1a1a1a"
THIS_YEAR = "#1d4f91"
LAST_YEAR = "#6b6b6b"
AXIS = "#6b6b6b"

# What each colour must reach against BACKGROUND (tests/cms/test_charts.py computes them).
CONTRAST = {TEXT: 4.5, THIS_YEAR: 3.0, LAST_YEAR: 3.0, AXIS: 3.0}

WIDTH = 640
VALUE_ROOM = 200  # room at the end of the longest bar for its value and the year it is of
BAR = 16
ROW_GAP = 14
LABEL_LINE = 20


def format_value(value, unit=""):
    """A value as it reads in the chart and its table: grouped digits, one decimal at most,
    "—" for no data."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        text = number_format(round(value, 1), decimal_pos=1, force_grouping=True)
    else:
        text = number_format(int(value), force_grouping=True)
    return f"{text}{unit}"


def _chart_id(title, chart_id):
    if chart_id:
        return chart_id
    return f"chart-{zlib.crc32(title.encode()):08x}"


def _joined(parts):
    """Pieces already escaped by `format_html`, one after the other."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _bar_width(value, largest, room):
    if not value or value < 0 or not largest:
        return 0
    return max(1, round(room * value / largest))


def _svg(chart_id, title, description, height, body, font="sans-serif"):
    return format_html(
        '<svg class="tsunagu-chart__svg" role="img" aria-labelledby="{0}-title {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg" font-family="{8}" font-size="13">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>'
        '<defs><pattern id="{0}-stripes" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="{5}"/>'
        '<rect width="2" height="6" fill="{6}"/></pattern></defs>'
        '<rect width="{1}" height="{2}" fill="{6}"/>{7}</svg>',
        chart_id,
        WIDTH,
        height,
        title,
        description,
        LAST_YEAR,
        BACKGROUND,
        body,
        font,
    )


def _legend(chart_id, this_label, last_label):
    return format_html(
        '<ul class="tsunagu-chart__legend">'
        '<li><svg aria-hidden="true" width="14" height="14"><rect width="14" height="14" '
        'fill="{1}"/></svg> {2}</li>'
        '<li><svg aria-hidden="true" width="14" height="14"><rect width="14" height="14" '
        'fill="url(#{0}-stripes)" stroke="{3}"/></svg> {4}</li></ul>',
        chart_id,
        THIS_YEAR,
        this_label,
        LAST_YEAR,
        last_label,
    )


def _figure(chart_id, title, svg, legend, table):
    return format_html(
        '<figure class="tsunagu-chart" id="{}"><figcaption class="tsunagu-chart__title">{}'
        '</figcaption>{}{}<details class="tsunagu-chart__data"><summary>{}</summary>{}'
        "</details></figure>",
        chart_id,
        title,
        legend,
        svg,
        _("The figures as a table"),
        table,
    )


def chartable(figures):
    """The figures a bar can show: numbers (not words, nor yes/no)."""
    return [
        figure
        for figure in figures
        if isinstance(figure.value, int | float) and not isinstance(figure.value, bool)
    ]


def comparison_svg(figures, *, title, this_label=None, last_label=None, chart_id="", font=None):
    """The SVG alone of `comparison_chart`, for a PDF, which draws it with fpdf2 in `font`
    (a family the document has: a Japanese one)."""
    this_label = this_label or _("This year")
    last_label = last_label or _("Last year")
    chart_id = _chart_id(title, chart_id)
    return _comparison_svg(figures, title, this_label, last_label, chart_id, font or "sans-serif")


def _comparison_svg(figures, title, this_label, last_label, chart_id, font="sans-serif"):
    # labels sit above their bars, at full width: long Japanese labels fit
    room = WIDTH - VALUE_ROOM
    rows, said = [], []
    y = 0
    for figure in figures:
        largest = max(v for v in (figure.value, figure.previous, 0) if v is not None)
        this_text = format_value(figure.value, figure.unit)
        last_text = format_value(figure.previous, figure.unit)
        said.append(f"{figure.label}: {this_label} {this_text}、{last_label} {last_text}")
        this_width = _bar_width(figure.value, largest, room)
        last_width = _bar_width(figure.previous, largest, room)
        top = y + LABEL_LINE
        rows.append(
            format_html(
                '<text x="0" y="{}" fill="{}" font-weight="bold">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" fill="{}">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="url(#{}-stripes)" '
                'stroke="{}"/>'
                '<text x="{}" y="{}" fill="{}">{}</text>',
                y + 14,
                TEXT,
                figure.label,
                top,
                this_width,
                BAR,
                THIS_YEAR,
                this_width + 6,
                top + BAR - 3,
                TEXT,
                f"{this_text}（{this_label}）",
                top + BAR + 2,
                last_width,
                BAR,
                chart_id,
                LAST_YEAR if last_width else BACKGROUND,
                last_width + 6,
                top + 2 * BAR - 1,
                TEXT,
                f"{last_text}（{last_label}）",
            )
        )
        y = top + 2 * BAR + 2 + ROW_GAP
    height = max(y, LABEL_LINE)
    description = "。".join(said) or _("No figures.")
    return _svg(chart_id, title, description, height, _joined(rows), font)


def comparison_chart(figures, *, title, this_label=None, last_label=None, chart_id=""):
    """Horizontal bars of this year against last year, one pair per figure. Figures of
    different units are not on one scale: each pair is drawn against its own larger value,
    and both values are written at the end of their bars."""
    this_label = this_label or _("This year")
    last_label = last_label or _("Last year")
    chart_id = _chart_id(title, chart_id)
    svg = _comparison_svg(figures, title, this_label, last_label, chart_id)
    table = format_html(
        '<table class="tsunagu-chart__table"><caption>{}</caption><thead><tr>'
        '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
        "<tbody>{}</tbody></table>",
        title,
        _("Figure"),
        this_label,
        last_label,
        format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            (
                (
                    _linked(figure.label, figure.link),
                    format_value(figure.value, figure.unit),
                    format_value(figure.previous, figure.unit),
                )
                for figure in figures
            ),
        ),
    )
    return _figure(chart_id, title, svg, _legend(chart_id, this_label, last_label), table)


def _linked(label, url):
    return format_html('<a href="{}">{}</a>', url, label) if url else label


def monthly_chart(months, *, title, unit="", chart_id=""):
    """Vertical bars, one a month: `months` is a list of (label, value), e.g. the fiscal
    year's 4月 to 3月 and the members who joined in each."""
    chart_id = _chart_id(title, chart_id)
    top, base = 24, 170
    height = base + 24
    slot = WIDTH / max(len(months), 1)
    bar = min(32, slot * 0.6)
    largest = max((value or 0 for _, value in months), default=0)
    parts, said = [], []
    for index, (label, value) in enumerate(months):
        text = format_value(value, unit)
        said.append(f"{label} {text}")
        tall = _bar_width(value, largest, base - top)
        x = round(index * slot + (slot - bar) / 2, 1)
        middle = round(index * slot + slot / 2, 1)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" fill="{}" text-anchor="middle">{}</text>'
                '<text x="{}" y="{}" fill="{}" text-anchor="middle">{}</text>',
                x,
                base - tall,
                round(bar, 1),
                tall,
                THIS_YEAR,
                middle,
                base - tall - 5,
                TEXT,
                format_value(value),
                middle,
                base + 17,
                TEXT,
                label,
            )
        )
    parts.append(
        format_html(
            '<line x1="0" y1="{0}" x2="{1}" y2="{0}" stroke="{2}"/>', base + 0.5, WIDTH, AXIS
        )
    )
    description = "、".join(said) or _("No figures.")
    svg = _svg(chart_id, title, description, height, _joined(parts))
    table = format_html(
        '<table class="tsunagu-chart__table"><caption>{}</caption><thead><tr>'
        '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        title,
        _("Month"),
        _("Number"),
        format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            ((label, format_value(value, unit)) for label, value in months),
        ),
    )
    return _figure(chart_id, title, svg, "", table)
