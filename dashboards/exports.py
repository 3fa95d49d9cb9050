"""xlsx export of a dashboard list: every row the list has (not one page), in a write-only workbook.
Text a spreadsheet would run as a formula (= + - @ …) gets an apostrophe (core.spreadsheets)."""

import io
import re
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from core.spreadsheets import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_value(value):
    """Numbers and dates stay typed; everything else becomes text."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) or hasattr(value, "isoformat"):
        return value
    return safe_cell(str(value))


def workbook(title: str, subtitle: str, headers: list[str], rows) -> tuple[bytes, int]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(re.sub(r"[\\/?*\[\]:]", "-", title)[:31])
    sheet.append([safe_cell(title)])
    sheet.append([safe_cell(subtitle)])
    sheet.append([safe_cell(h) for h in headers])
    count = 0
    for row in rows:
        sheet.append([cell_value(v) for v in row])
        count += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d")
    name = f"{filename}-{stamp}.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"export-{stamp}.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response
