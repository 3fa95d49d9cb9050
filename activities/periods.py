"""Calendar periods in local time (Asia/Shanghai): months, quarters, years."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from activities.choices import Period


@dataclass(frozen=True)
class Window:
    period: str
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.period == Period.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.period == Period.QUARTER:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    @property
    def relative_label(self) -> str:
        return {Period.MONTH: "本月", Period.QUARTER: "本季度", Period.YEAR: "本年度"}[self.period]

    @property
    def previous_label(self) -> str:
        return {Period.MONTH: "上月", Period.QUARTER: "上季度", Period.YEAR: "上年度"}[self.period]

    def aware_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes at local midnight, for filtering DateTimeFields."""
        tz = timezone.get_current_timezone()
        return (
            timezone.make_aware(datetime.combine(self.start, time.min), tz),
            timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), tz),
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> "Window":
        return window(self.period, self.start - timedelta(days=1))


def window(period: str, day: date) -> Window:
    if period == Period.MONTH:
        start = day.replace(day=1)
        end = _month_end(start)
    elif period == Period.QUARTER:
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        end = _month_end(date(day.year, start.month + 2, 1))
    elif period == Period.YEAR:
        start, end = date(day.year, 1, 1), date(day.year, 12, 31)
    else:
        raise ValueError(f"unknown period {period!r}")
    return Window(period, start, end)


def _month_end(first: date) -> date:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()
