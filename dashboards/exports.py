"""xlsx export of a dashboard list: every row the list has (not one page), in a write-only workbook.
Text a spreadsheet would run as a formula (= + - @ …) gets an apostrophe (core.spreadsheets)."""

import io
import re

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from core.spreadsheets import safe_cell
from core.web import xlsx_response



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


def dated_xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """The export as a download named with today's date."""
    return xlsx_response(content, f"{filename}-{timezone.localtime():%Y%m%d}.xlsx")
