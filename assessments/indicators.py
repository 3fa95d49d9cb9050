"""Automatic indicators computed from the records with aggregate queries, never typed.

The catalog of indicators (codes, labels) is assessments.indicator_catalog; here each family of codes
has its computation, a plain function `(branch, period[, argument]) -> IndicatorResult`: a value from
0 to 1 (the item gets value × its maximum points), a Chinese explanation of how it was computed, and
links to the records behind it. A value of None means the records cannot decide (nothing to count);
the item is then scored by the reviewer like any other.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.urls import reverse

from activities.attendees import counted
from activities.choices import MeetingKind, MeetingStatus, Period as PeriodKind, Presence
from activities.compliance import statuses_in
from activities.models import Attendance, Meeting
from activities.periods import Window, window
from assessments.choices import VenueItem
from assessments.indicator_catalog import CATALOG
from assessments.models import Venue
from members.dues.selectors import month_end, month_start
from members.models import Applicant, DuesRecord
from members.pipeline.due import due_items as pipeline_due_items
from members.pipeline.models import Stage
from members.pipeline.rules import add_months, fmt

RATIO = Decimal("0.0001")
MAX_LINKS = 10


@dataclass(frozen=True)
class Period:
    """The campaign's counting period; `today` bounds it (nothing is counted from the future)."""

    start: date
    end: date
    today: date
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def until(self) -> date:
        return min(self.end, self.today)

    @property
    def label(self) -> str:
        return f"{fmt(self.start)}至{fmt(self.until)}"

    def cached(self, key, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


@dataclass
class IndicatorResult:
    value: Decimal | None
    explanation: str
    links: list[tuple[str, str]] = field(default_factory=list)


def compute(code: str, branch, period: Period) -> IndicatorResult:
    indicator = CATALOG.get(code)
    if indicator is None:
        return IndicatorResult(None, f"未知的指标“{code}”，由审核人评分。")
    computation = FAMILIES[indicator.family]
    return computation(branch, period, indicator.argument) if indicator.argument else computation(branch, period)


def ratio(numerator, denominator) -> Decimal:
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATIO, rounding=ROUND_HALF_UP)


def percent(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):g}%"


# ---------------------------------------------------------------- 三会一课


def _windows(kind: str, period: Period) -> list[Window]:
    found, win = [], window(kind, period.until)
    while win.end >= period.start:
        found.append(win)
        win = win.previous()
    return found[::-1]


def requirement_statuses(branch, period: Period):
    """Every requirement window overlapping the period, evaluated together (one query)."""

    def build():
        return statuses_in(branch, [win for kind in PeriodKind.values for win in _windows(kind, period)])

    return period.cached(("statuses", branch.pk), build)


def meeting_completion(branch, period: Period, kind: str | None = None) -> IndicatorResult:
    """Share of requirement windows met (of one meeting kind, or of all): windows that have ended, and
    the current one once met."""
    label = MeetingKind(kind).label if kind else "三会一课等组织生活"
    statuses = [s for s in requirement_statuses(branch, period) if not kind or s.kind == kind]
    counted = [s for s in statuses if s.window.end < period.today or s.met]
    links = [("组织生活记录", reverse("activities:list", args=[branch.pk]))]
    if not counted:
        reason = "不适用于该支部" if not statuses else "统计期内尚无已结束的考核周期"
        return IndicatorResult(None, f"{label}：{reason}（{period.label}），由审核人评分。", links)
    met = [s for s in counted if s.met]
    value = ratio(len(met), len(counted))
    missed = [f"{s.window.label}{s.label}" for s in counted if not s.met]
    text = f"{label}：统计期 {period.label}，按要求应完成 {len(counted)} 个周期，已完成 {len(met)} 个，完成率 {percent(value)}。"
    if missed:
        text += "未完成：" + "、".join(missed[:12]) + ("等。" if len(missed) > 12 else "。")
    held = Meeting.objects.filter(organization=branch, status=MeetingStatus.HELD)
    start, end = Window("span", period.start, period.until).aware_bounds()
    held = held.filter(held_at__gte=start, held_at__lt=end)
    if kind:
        held = held.filter(kinds__contains=[kind])
    links += [(f"{m.held_at:%Y-%m-%d} {m.kinds_display}：{m.topic}", m.get_absolute_url())
              for m in held.order_by("-held_at")[:MAX_LINKS]]
    return IndicatorResult(value, text, links)


# ---------------------------------------------------------------- attendance, elections, dues, pipeline


def attendance_rate(branch, period: Period) -> IndicatorResult:
    start, end = Window("span", period.start, period.until).aware_bounds()
    meetings = Meeting.objects.filter(organization=branch, status=MeetingStatus.HELD, held_at__gte=start, held_at__lt=end)
    per_meeting = meetings.annotate(
        expected=Count("attendances", filter=counted("attendances__")),
        present=Count("attendances", filter=counted("attendances__") & Q(attendances__presence=Presence.PRESENT)),
    ).filter(expected__gt=0)
    totals = Attendance.objects.filter(counted(), meeting__in=meetings).aggregate(
        expected=Count("pk"), present=Count("pk", filter=Q(presence=Presence.PRESENT)))
    if not totals["expected"]:
        return IndicatorResult(None, f"统计期 {period.label} 内没有登记出席情况的会议，由审核人评分。",
                               [("组织生活记录", reverse("activities:list", args=[branch.pk]))])
    value = ratio(totals["present"], totals["expected"])
    text = (f"统计期 {period.label}：{per_meeting.count()} 次会议，党员应到 {totals['expected']} 人次，"
            f"出席 {totals['present']} 人次，出席率 {percent(value)}（列席人员不计）。")
    lowest = per_meeting.order_by("present", "-held_at")[:MAX_LINKS]
    links = [(f"{m.held_at:%Y-%m-%d} {m.topic}（出席 {m.present}/{m.expected}）", m.get_absolute_url()) for m in lowest]
    return IndicatorResult(value, text, links)


def elections_on_time(branch, period: Period) -> IndicatorResult:
    links = [("党组织信息", branch.get_absolute_url())]
    if not branch.term_ends_on:
        return IndicatorResult(None, "未登记本届任期届满日期，无法判断是否按期换届，由审核人评分。", links)
    if branch.term_ends_on < period.until:
        days = (period.until - branch.term_ends_on).days
        return IndicatorResult(Decimal("0"), f"本届任期已于 {fmt(branch.term_ends_on)} 届满，"
                                             f"截至 {fmt(period.until)} 尚未换届（逾期 {days} 天）。", links)
    return IndicatorResult(Decimal("1"), f"本届任期至 {fmt(branch.term_ends_on)}，统计期内按期。", links)


def dues_paid(branch, period: Period) -> IndicatorResult:
    """Months that have ended in the period: records owing something, and how many were paid."""
    last_month = month_start(period.until)
    if period.until < month_end(period.until):
        last_month = add_months(last_month, -1)
    rows = DuesRecord.objects.filter(organization=branch, amount_due__gt=0,
                                     month__gte=month_start(period.start), month__lte=last_month)
    totals = rows.aggregate(due=Count("pk"), paid=Count("pk", filter=Q(paid_on__isnull=False)))
    links = [("党费收缴", reverse("members:dues", args=[branch.pk]))]
    if not totals["due"]:
        return IndicatorResult(None, f"统计期 {period.label} 内没有已结束月份的党费记录，由审核人评分。", links)
    value = ratio(totals["paid"], totals["due"])
    unpaid = (rows.filter(paid_on__isnull=True).values("month").annotate(n=Count("pk")).order_by("month"))
    text = (f"统计期内已结束的月份共有应缴党费记录 {totals['due']} 条（每人每月一条），"
            f"已缴 {totals['paid']} 条，按期足额交纳率 {percent(value)}。")
    links += [(f"{u['month'].year}年{u['month'].month}月 未缴 {u['n']} 人", reverse("members:dues_month", args=[
        branch.pk, u["month"].year, u["month"].month])) for u in unpaid[:MAX_LINKS]]
    return IndicatorResult(value, text, links)


def pipeline_on_schedule(branch, period: Period) -> IndicatorResult:
    in_progress = Applicant.objects.filter(
        organization=branch, stage__in=[Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY])
    count = in_progress.count()
    links = [("发展党员", reverse("members:org_applicants", args=[branch.pk]))]
    if not count:
        return IndicatorResult(None, "没有在培养的入党申请人、积极分子、发展对象或预备党员，由审核人评分。", links)
    overdue = [item for item in pipeline_due_items(branch, period.until) if item.overdue]
    late = {item.applicant.pk for item in overdue}
    value = ratio(count - len(late), count)
    text = f"截至 {fmt(period.until)}，在培养 {count} 人，其中 {len(late)} 人有逾期未办的发展环节，按期率 {percent(value)}。"
    if overdue:
        text += "逾期：" + "；".join(f"{i.applicant.name}{i.text}（应于{i.due_on:%Y-%m-%d}）" for i in overdue[:MAX_LINKS]) + "。"
    links += [(f"{i.applicant.name}：{i.text}", i.applicant.get_absolute_url()) for i in overdue[:MAX_LINKS]]
    return IndicatorResult(value, text, links)


# ---------------------------------------------------------------- 九有


def venue_checklist(branch, period: Period, item: str | None = None) -> IndicatorResult:
    """The 九有 venue record: all nine items, or one of them."""
    links = [("活动阵地（九有）登记", reverse("assessments:venue", args=[branch.pk]))]
    venue = Venue.objects.filter(organization=branch).first()
    have = set(venue.items) if venue else set()
    if venue is None:
        return IndicatorResult(Decimal("0"), "尚未登记活动阵地“九有”情况，按未具备计。", links)
    if item:
        label = VenueItem(item).label
        has = item in have
        return IndicatorResult(Decimal(int(has)), f"阵地登记（{venue.updated_at:%Y-%m-%d}）{'已具备' if has else '未具备'}{label}。", links)
    missing = [label for value, label in VenueItem.choices if value not in have]
    value = ratio(len(have & set(VenueItem.values)), len(VenueItem.values))
    text = f"阵地登记（{venue.updated_at:%Y-%m-%d}）具备“九有”中的 {len(VenueItem.values) - len(missing)} 项，达标率 {percent(value)}。"
    if missing:
        text += "缺：" + "、".join(missing) + "。"
    return IndicatorResult(value, text, links)


# The computation of each family of codes in the catalog (tests check that every family has one).
FAMILIES = {
    "meetings": meeting_completion,
    "attendance": attendance_rate,
    "elections": elections_on_time,
    "dues": dues_paid,
    "pipeline": pipeline_on_schedule,
    "venue": venue_checklist,
}
