"""CSV exports of staff lists (registrations, rosters) that Japanese Excel opens correctly."""

import csv
import io

from django.http import HttpResponse


def spreadsheet_cell(value):
    """Spreadsheets run cells that start with = + - @ (or a tab or return before them) as
    formulas; keep such values text."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_response(header, rows, filename):
    """CSV in UTF-8 with a byte-order mark, which Japanese Excel opens without mojibake; every
    cell guarded against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for label in header])
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
