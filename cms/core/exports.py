"""Staff lists as spreadsheets (registrations, rosters, reports) that Japanese Excel opens
correctly: CSV in UTF-8 with a byte-order mark, or an Excel workbook (.xlsx).

Rows hold Python values and keep their types: text, numbers (int, Decimal, float), dates,
times and aware datetimes (shown in Tokyo time). The workbook stores them as typed cells, so
dates sort and sum as dates and hours as numbers; CSV writes them as text Excel recognises.

The same formula guard protects both: text that a spreadsheet would run as a formula (it starts
with = + - @, or a tab or return) stays text. In CSV it gets a leading apostrophe; in the
workbook it is stored as it is, as a text cell marked with Excel's "quote prefix", so it shows
without the apostrophe and stays text even when someone edits the cell.

The workbook is written by XlsxWriter: actively maintained, write-only and so small and fast,
with explicit cell types (a string is never turned into a formula or a number behind our back).
"""

import csv
import io
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal

import xlsxwriter
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from wagtail.models import Page

from cms.core import platform as platforms
from cms.core.models import ExportLog, Platform
from cms.core.platform import ancestor_keys

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def logged_export(request, kind, target, rows, file_format=""):
    """Record that the signed-in user took `rows` rows of personal data about `target` (an
    event, a roster, a drive) out of the system as `kind` ("registrations", "roster"…). Every
    export of personal data calls this before it answers; the log outlives `target`."""
    return _log(request, ExportLog.Action.EXPORT, kind, target, rows, file_format)


def logged_view(request, kind, target, rows):
    """Record that the signed-in user was shown `rows` rows of personal data about `target`
    (or about nobody in particular: None, for a registry or a search) in the admin. Every
    list or page that shows names and contacts calls this before it answers."""
    return _log(request, ExportLog.Action.VIEW, kind, target, rows)


def _platform_id_of(request, target):
    """The platform whose data `target` is: a record's own (or a page's read with
    `platform.with_platform`), a page's by its tree, and for a registry or search
    about nobody in particular the platform the account works for (the first of several);
    the default platform for an account that holds none (a superuser's, or rights given to
    the account itself). The last three as a subquery of the insert: logging costs no query
    of its own, as the staff's listings keep to their query budgets."""
    if getattr(target, "platform_id", None) is not None:
        return target.platform_id
    if isinstance(target, Page):
        found = Platform.objects.filter(site__root_page__translation_key__in=ancestor_keys(target))
    else:
        found = platforms.staff_platforms(request.user)
    default = Platform.objects.filter(site__is_default_site=True).values("pk")[:1]
    return Coalesce(Subquery(found.order_by("pk").values("pk")[:1]), Subquery(default))


def _log(request, action, kind, target, rows, file_format=""):
    entry = ExportLog(
        platform_id=_platform_id_of(request, target),
        user=request.user,
        action=action,
        kind=kind,
        rows=rows,
        file_format=file_format,
    )
    if target is not None:
        entry.target, entry.target_label = target, str(target)[:255]
    entry.save()
    if not isinstance(entry.platform_id, int):
        # Read from the row when asked for, not the subquery that wrote it.
        del entry.__dict__["platform_id"]
    return entry


def needs_guard(text):
    """Whether a spreadsheet would run this text as a formula."""
    return text[:1] in _FORMULA_START


def spreadsheet_cell(value):
    """A value as CSV text: numbers as digits, dates as 2026-04-01, times as 14:00, aware
    datetimes as 2026-04-01 14:00 in Tokyo time; text that would run as a formula gets a
    leading apostrophe."""
    value = _typed(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float | Decimal):
        return str(value)
    return "'" + value if needs_guard(value) else value


def _typed(value):
    """Aware datetimes in Tokyo time without the zone, which spreadsheets cannot hold; yes/no
    as ○ or nothing, as Japanese forms mark it; anything else not a number, date or time as
    text (lazy translations included)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | float | Decimal | date | time):
        return value
    return str(value)


def export_response(header, rows, name, file_format="csv", *, title=""):
    """The rows under `header` as a download: `name` plus the format's extension. `rows` may
    be any iterable (it is read once)."""
    if file_format == "xlsx":
        return xlsx_response(header, rows, f"{name}.xlsx", title=title)
    return csv_response(header, rows, f"{name}.csv")


def csv_response(header, rows, filename):
    """CSV in UTF-8 with a byte-order mark, which Japanese Excel opens without mojibake."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for label in header])
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _width(value):
    """Characters as Excel counts column width: a full-width (Japanese) character is two."""
    text = spreadsheet_cell(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def xlsx_bytes(header, rows, *, title=""):
    """An Excel workbook with one sheet: a bold header row that stays in view and filters,
    typed cells, columns as wide as their contents."""
    return xlsx_workbook_bytes([(title, header, rows)])


def xlsx_workbook_bytes(sheets):
    """An Excel workbook with a sheet per (title, header, rows) of `sheets`, each written as
    `xlsx_bytes` writes its one. A header of None: rows only (a caption, then tables)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Belt and braces: every cell is written with an explicit type anyway.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    formats = {
        "header": workbook.add_format({"bold": True, "bottom": 1}),
        "guarded": workbook.add_format({"quote_prefix": True}),
        datetime: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        date: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        time: workbook.add_format({"num_format": "hh:mm"}),
    }
    used = set()
    for number, (title, header, rows) in enumerate(sheets, start=1):
        name = (str(title) or f"Sheet{number}").translate(_SHEET_NAME_FORBIDDEN)[:31]
        if name in used:
            name = f"{name[:27]} ({number})"
        used.add(name)
        _write_sheet(workbook.add_worksheet(name), formats, header, rows)
    workbook.close()
    return buffer.getvalue()


def _write_sheet(sheet, formats, header, rows):
    widths = [_width(label) for label in header or ()]
    for column, label in enumerate(header or ()):
        sheet.write_string(0, column, str(label), formats["header"])
    first = 1 if header else 0
    row_number = first - 1
    for row_number, row in enumerate(rows, start=first):
        for column, raw in enumerate(row):
            value = _typed(raw)
            if value is None or value == "":
                continue
            if isinstance(value, datetime | date | time):
                sheet.write_datetime(row_number, column, value, formats[type(value)])
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(row_number, column, float(value))
            elif needs_guard(value):
                sheet.write_string(row_number, column, value, formats["guarded"])
            else:
                sheet.write_string(row_number, column, value)
            if column >= len(widths):
                widths.extend([6] * (column + 1 - len(widths)))
            widths[column] = max(widths[column], _width(value))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(max(width, 6), 60) + 2)
    if header:
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(row_number, 1), len(header) - 1)


def xlsx_response(header, rows, filename, *, title=""):
    response = HttpResponse(xlsx_bytes(header, rows, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
