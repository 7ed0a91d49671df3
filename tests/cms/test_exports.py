"""One export helper, two formats: CSV that Japanese Excel opens, and typed Excel workbooks;
the same formula guard in both."""

import re
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from cms.core.exports import export_response, needs_guard, spreadsheet_cell, xlsx_bytes
from tests.documents import csv_rows, xlsx_sheet

UTC = ZoneInfo("UTC")
HEADER = [gettext_lazy("Name"), "日付", "開始", "受付", "時間", "人数", "欠席"]
ROW = [
    '=HYPERLINK("http://evil.example")',
    date(2026, 4, 1),
    time(13, 30),
    datetime(2026, 4, 1, 1, 5, tzinfo=UTC),  # 10:05 in Tokyo
    Decimal("3.50"),
    12,
    True,
]


def test_csv_has_the_bom_typed_values_as_text_and_guards_formulas():
    rows = csv_rows(
        export_response(HEADER, [ROW, ["飯山 花子", None, None, None, None, 0, False]], "list")
    )
    assert rows[0] == ["名前", "日付", "開始", "受付", "時間", "人数", "欠席"]
    assert rows[1] == [
        '\'=HYPERLINK("http://evil.example")',
        "2026-04-01",
        "13:30",
        "2026-04-01 10:05",
        "3.50",
        "12",
        "○",
    ]
    assert rows[2] == ["飯山 花子", "", "", "", "", "0", ""]


def test_the_download_is_named_for_its_format():
    assert export_response(HEADER, [], "roster-3")["Content-Disposition"] == (
        'attachment; filename="roster-3.csv"'
    )
    response = export_response(HEADER, [], "roster-3", "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="roster-3.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_workbook_keeps_types_japanese_text_and_guards_formulas():
    sheet = xlsx_sheet(
        xlsx_bytes(HEADER, [ROW, ["飯山 花子", None, None, None, None, -2, False]], title="名簿")
    )
    assert sheet.title == "名簿"
    assert [cell.value for cell in sheet[1]] == [
        "名前",
        "日付",
        "開始",
        "受付",
        "時間",
        "人数",
        "欠席",
    ]
    formula, day, starts, checked_in, hours, people, absent = sheet[2]
    # Stored as it is, as text: never a formula, and shown without an apostrophe.
    assert formula.value == '=HYPERLINK("http://evil.example")'
    assert formula.data_type == "s" and formula.quotePrefix
    assert day.value == datetime(2026, 4, 1) and day.is_date and day.number_format == "yyyy-mm-dd"
    assert starts.value == time(13, 30) and starts.is_date
    assert checked_in.value == datetime(2026, 4, 1, 10, 5)
    assert hours.value == 3.5 and hours.data_type == "n"
    assert people.value == 12 and absent.value == "○"
    name, *_empty, minus, not_absent = sheet[3]
    assert name.value == "飯山 花子" and not name.quotePrefix
    assert minus.value == -2 and minus.data_type == "n"  # a number, so no guard needed
    assert not_absent.value is None
    assert sheet.freeze_panes == "A2"


def test_a_sheet_title_excel_refuses_is_made_acceptable():
    sheet = xlsx_sheet(
        xlsx_bytes(["a"], [], title="4/1 [本部]: 受付*ボランティア 名簿 とても長い名前")
    )
    assert len(sheet.title) <= 31
    assert not set(sheet.title) & set("[]:*?/\\")


@given(st.text(max_size=50))
def test_no_text_reaches_a_spreadsheet_as_a_formula(text):
    cell = spreadsheet_cell(text)
    assert not needs_guard(cell) or cell.startswith("'")
    if needs_guard(text):
        assert cell == "'" + text


@pytest.mark.parametrize("text", ["=1+1", "+81 90", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_guarded_in_both_formats(text):
    assert spreadsheet_cell(text) == "'" + text
    cell = xlsx_sheet(xlsx_bytes(["a"], [[text]]))["A2"]
    # Control characters are stored as OOXML escapes (_x000D_), which Excel decodes.
    value = re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), cell.value)
    assert value == text and cell.data_type == "s" and cell.quotePrefix
