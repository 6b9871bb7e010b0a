"""CSV and XLSX downloads of a table, for officers' lists and rankings.

    return table_response(request.GET.get("format"), "applications-2025", headers, rows)

`rows` is an iterable of sequences; money stays integer won so that spreadsheets can sum it.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_safe(value):
    # Cells starting with = + - @ are formulas to a spreadsheet: quote them (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def csv_response(filename, headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
    # A BOM so that Excel opens Korean text as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename, headers, rows, *, sheet_title="Sheet1"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([str(h) for h in headers])
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [_csv_safe(v) if isinstance(v, str) else v for v in row]
        sheet.append(values)
        widths = [max(w, len(str(v or ""))) for w, v in zip(widths, values, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def table_response(fmt, filename, headers, rows, **kwargs):
    """`fmt` is "xlsx" or anything else for CSV."""
    if fmt == "xlsx":
        return xlsx_response(filename, headers, rows, **kwargs)
    return csv_response(filename, headers, rows)
