"""Dates as rosters write them: Excel dates, serial numbers and text such as 2019.07.01,
2019-7-1, 2019/07/01, 2019年7月1日, 20190701 or a bare year-month 201907 / 2019.07 (→ the 1st)."""

import re
from datetime import date, datetime, timedelta

from members.importing.normalize import compact

_EXCEL_EPOCH = date(1899, 12, 30)
_YMD = re.compile(r"^(\d{4})[-./年](\d{1,2})(?:[-./月](\d{1,2})日?|月)?$")
_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


class DateError(ValueError):
    pass


class MonthDate(date):
    """A date written as a year and month only (1985.06, 198506): the 1st of that month."""


def parse_date(value) -> date | None:
    """None for a blank cell; DateError (with a Chinese message) for anything unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(value)
    raw = compact(value)
    if not raw:
        return None
    match = _YMD.match(raw) or _DIGITS.match(raw)
    if not match:
        raise DateError(f"无法识别的日期「{raw}」，请写成 2019-07-01 或 2019.07.01。")
    year, month = int(match[1]), int(match[2])
    if match[3] is None:
        return _make(MonthDate, year, month, 1, raw)
    return _make(date, year, month, int(match[3]), raw)


def _from_number(value) -> date:
    if value == int(value):
        number = int(value)
        if 19000101 <= number <= 29991231:  # 20190701 typed into a number cell
            return parse_date(str(number))
        if 190001 <= number <= 299912:  # 201907
            return parse_date(str(number))
        if 1900 <= number <= 2999:
            raise DateError(f"日期「{number}」只有年份，请写明月份。")
    if 1 <= value < 2958466:  # an Excel serial date whose cell lost its date format
        return _EXCEL_EPOCH + timedelta(days=int(value))
    raise DateError(f"无法识别的日期「{value}」。")


def _make(kind, year: int, month: int, day: int, raw: str) -> date:
    try:
        return kind(year, month, day)
    except ValueError:
        raise DateError(f"日期「{raw}」不存在。") from None
