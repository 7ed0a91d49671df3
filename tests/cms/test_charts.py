"""The server-drawn charts (cms.core.charts): valid SVG with a title and a description that
say every value, the same figures in a table, colours that pass WCAG contrast, and labels
escaped."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from cms.core import charts
from cms.core.platform import contrast_ratio
from cms.core.yearly import Figure

SVG = "{http://www.w3.org/2000/svg}"

FIGURES = [
    Figure("開催したイベント", 42, 37, "件", "/admin/events/"),
    Figure("参加者（会場）", 1234, 987, "人"),
    Figure("満席率", 82.5, None, "%"),
]


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


def parts(html):
    """The chart's <figure> parsed as XML (the chart is well-formed markup throughout)."""
    return ET.fromstring(str(html))  # noqa: S314 -- our own markup, not untrusted input


def svg_of(figure):
    return figure.find(f"{SVG}svg")


def test_a_comparison_chart_is_valid_svg_with_a_title_and_a_description_of_every_value():
    figure = parts(charts.comparison_chart(FIGURES, title="令和7年度の実績"))
    svg = svg_of(figure)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "令和7年度の実績"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    for said in ("開催したイベント", "42件", "37件", "1,234人", "987人", "82.5%", "—"):
        assert said in desc.text
    # one pair of bars per figure (the background and the pattern aside)
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.get("height") == str(charts.BAR)]
    assert len(bars) == 2 * len(FIGURES)


def test_the_table_under_a_comparison_chart_holds_every_value_and_links_the_lists():
    figure = parts(charts.comparison_chart(FIGURES, title="実績"))
    details = figure.find("details")
    assert details.find("summary").text
    table = details.find("table")
    assert table.find("caption").text == "実績"
    rows = [[cell for cell in row] for row in table.find("tbody")]
    assert ["".join(cell.itertext()) for cell in rows[0]] == ["開催したイベント", "42件", "37件"]
    assert rows[0][0].find("a").get("href") == "/admin/events/"
    assert ["".join(cell.itertext()) for cell in rows[2]] == ["満席率", "82.5%", "—"]
    assert all(th.get("scope") == "col" for th in table.find("thead").iter("th"))


def test_a_monthly_chart_has_a_bar_and_a_row_per_month():
    months = [
        (f"{m}月", v)
        for m, v in zip([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3], range(12), strict=True)
    ]
    figure = parts(charts.monthly_chart(months, title="月別の入会", unit="団体"))
    svg = svg_of(figure)
    assert svg.find(f"{SVG}title").text == "月別の入会"
    assert "4月 0団体" in svg.find(f"{SVG}desc").text
    assert "3月 11団体" in svg.find(f"{SVG}desc").text
    rows = list(figure.find("details/table/tbody"))
    assert len(rows) == 12
    assert ["".join(c.itertext()) for c in rows[-1]] == ["3月", "11団体"]


def test_labels_and_units_are_escaped():
    hostile = Figure('<script>alert("x")</script>', 1, 2, "<b>人</b>", 'x" onclick="y')
    html = str(charts.comparison_chart([hostile], title="<i>題</i>"))
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert 'onclick="y"' not in html
    parts(html)  # still well-formed
    monthly = str(charts.monthly_chart([("<em>4月</em>", 3)], title="t"))
    assert "<em>" not in monthly


def test_charts_with_nothing_to_show_are_still_valid():
    assert svg_of(parts(charts.comparison_chart([], title="空"))) is not None
    assert svg_of(parts(charts.monthly_chart([], title="空"))) is not None
    figure = parts(charts.comparison_chart([Figure("ゼロ", 0, 0)], title="ゼロ"))
    assert "0" in svg_of(figure).find(f"{SVG}desc").text


def test_two_charts_on_one_page_have_ids_of_their_own():
    first = svg_of(parts(charts.comparison_chart(FIGURES, title="一")))
    second = svg_of(parts(charts.comparison_chart(FIGURES, title="二")))
    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")


def test_the_colours_pass_wcag_contrast_against_the_background():
    for colour, needed in charts.CONTRAST.items():
        assert contrast_ratio(colour, charts.BACKGROUND) >= needed, colour
    assert charts.CONTRAST[charts.TEXT] >= 4.5
    assert charts.CONTRAST[charts.THIS_YEAR] >= 3 and charts.CONTRAST[charts.LAST_YEAR] >= 3
    # the stripes of last year's bars: both of their colours are the bar's edge or background
    assert contrast_ratio(charts.LAST_YEAR, charts.BACKGROUND) >= 3


def test_every_colour_in_the_svg_is_one_that_was_checked():
    html = str(charts.comparison_chart(FIGURES, title="色")) + str(
        charts.monthly_chart([("4月", 1)], title="色")
    )
    used = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', html))
    assert used <= {*charts.CONTRAST, charts.BACKGROUND}


def test_the_style_sheet_prints_the_charts_and_their_tables():
    css = (Path(settings.BASE_DIR) / "cms/core/static/tsunagu/css/charts.css").read_text()
    assert "@media print" in css and "print-color-adjust: exact" in css
