"""The error report of an import job as an xlsx file: one line per error, with the row number
as Excel shows it in the uploaded file. Every text cell that comes from the upload (the file's
name, column labels, messages quoting cells) goes through safe_cell."""

import io

from openpyxl import Workbook

from core.spreadsheets import safe_cell

HEADERS = ("行号", "列", "列名", "错误说明")


def error_report(job) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("错误明细")
    sheet.column_dimensions["D"].width = 80
    sheet.append([safe_cell(f"{job.file_name} 的导入错误（共 {job.error_count} 行有错误，行号为 Excel 中的行号）")])
    sheet.append(list(HEADERS))
    for error in job.errors:
        sheet.append([error["row"], error.get("letter", ""), safe_cell(error["column"]), safe_cell(error["message"])])
    if job.error_count and len(job.errors) < job.error_count:
        sheet.append(["", "", "", "错误过多，仅列出前 %d 条。" % len(job.errors)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

