"""Open an uploaded roster safely and stream its data rows with Excel row numbers.

The archive is checked and read through members.importing.archive (nothing inflated before its
directory passes; no part inflated past its declared size). openpyxl's read-only mode keeps memory
flat on large files but ignores merged cells, so the merge ranges are read from the sheet XML in
one streaming pass (which also counts the rows)."""

import re
import zipfile
from dataclasses import dataclass, field
from typing import Iterator

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import range_boundaries

from members.importing import headers
from members.importing.archive import CORRUPT, FileError, max_bytes, open_archive

__all__ = ["FileError", "Table", "check_upload", "max_bytes", "open_table"]
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_ROW = re.compile(rb'<(?:\w+:)?row(?=[\s>/])(?:\s[^>]*?\br="(\d+)")?')


def check_upload(name: str, size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise FileError(f"文件过大：{size / 1048576:.1f} MB，上限为 {limit / 1048576:.0f} MB。")
    if not name.lower().endswith((".xlsx", ".xlsm")):
        raise FileError("请上传 Excel 的 .xlsx 文件（.xls、.csv、.et 等格式请先在 Excel 或 WPS 中另存为 .xlsx）。")


@dataclass
class Table:
    columns: dict[str, int]  # field → column index
    header_row: int
    estimated_rows: int  # data rows, from the sheet XML (blank rows included)
    sheet_title: str
    _rows: Iterator = field(repr=False)

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(Excel row number, values) for every row below the header that has any value."""
        for number, values in self._rows:
            if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
                if number > self.header_row + 2 or not headers.looks_like_header(values, self.columns):
                    yield number, values


def open_table(data: bytes, has_default_org: bool = False) -> Table:
    archive = open_archive(data)
    try:
        book = _load_workbook(archive)
        for sheet in book.worksheets:
            table = _find_table(sheet, archive, has_default_org)
            if table:
                return table
    except FileError:
        raise
    except headers.HeaderError as exc:
        raise FileError(str(exc)) from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged archive
        raise FileError(CORRUPT) from exc
    raise FileError("没有找到表头：表格中应有一行包含「姓名」和「公民身份号码」（或「身份证号」）等列名。")


def _load_workbook(archive: zipfile.ZipFile):
    """openpyxl's load_workbook(read_only=True, data_only=True), reading through `archive`."""
    reader = ExcelReader(archive.fp, read_only=True, data_only=True)
    reader.archive = archive
    reader.read()
    return reader.wb


def _find_table(sheet, archive, has_default_org) -> Table | None:
    if getattr(sheet, "sheet_state", "visible") != "visible" or not hasattr(sheet, "_worksheet_path"):
        return None
    merges, row_count = _scan_sheet(archive, sheet._worksheet_path)
    sheet.reset_dimensions()  # some generators write a wrong <dimension>; never trust it
    rows = _fill_merged(enumerate(sheet.iter_rows(values_only=True), start=1), merges)
    for number, values in rows:
        if number > headers.HEADER_SEARCH_ROWS:
            return None
        columns = headers.match_header(values)
        if headers.is_header_row(columns):
            headers.check_columns(columns, has_default_org)
            return Table(columns, number, max(row_count - number, 0), sheet.title, rows)
    return None


def _scan_sheet(archive: zipfile.ZipFile, path: str) -> tuple[list[tuple[int, int, int, int]], int]:
    """Merge ranges (min_col, min_row, max_col, max_row) and the last row's number."""
    merges, rows, tail = [], 0, b""
    with archive.open(path.lstrip("/")) as stream:
        while True:
            chunk = stream.read(1 << 20)
            block = tail + chunk
            cut = max(block.rfind(b"<"), 0) if chunk else len(block)  # never split an element
            head, tail = block[:cut], block[cut:]
            for number in _ROW.findall(head):
                rows = int(number) if number else rows + 1
            merges += [range_boundaries(m.decode()) for m in _MERGE.findall(head)]
            if not chunk:
                return merges, rows


def _fill_merged(rows, merges):
    """Give every cell of a merged range the value of its top-left cell (a branch name merged
    down over its members, a header merged over two lines)."""
    if not merges:
        yield from rows
        return
    starting: dict[int, list] = {}
    for rng in merges:
        starting.setdefault(rng[1], []).append(rng)
    active: list[tuple[int, int, int, object]] = []  # (min_col, max_col, max_row, value)
    for number, values in rows:
        active = [a for a in active if a[2] >= number]
        for min_col, min_row, max_col, max_row in starting.pop(number, ()):
            value = values[min_col - 1] if min_col - 1 < len(values) else None
            active.append((min_col, max_col, max_row, value))
        if active:
            values = list(values)
            for min_col, max_col, _, value in active:
                if len(values) < max_col:
                    values.extend([None] * (max_col - len(values)))
                for col in range(min_col, max_col + 1):
                    values[col - 1] = value
            values = tuple(values)
        yield number, values

