"""Quarterly 考核 report (通报) for a subtree: ranking, scores per area, tasks, problems still open."""

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.db.models import Count, Q
from openpyxl import Workbook

from activities.periods import Window, window
from assessments import selectors
from assessments.models import Participation, Rectification
from core.spreadsheets import safe_cell


def quarter_of(value: str | None, today: date) -> Window:
    """'2025-Q3' → that quarter; blank → the current one. ValueError on anything else."""
    if not value:
        return window("quarter", today)
    year, _, quarter = value.upper().partition("-Q")
    number = int(quarter)
    if not 1 <= number <= 4 or not 2000 <= int(year) <= 2100:
        raise ValueError(value)
    return window("quarter", date(int(year), number * 3 - 2, 1))


@dataclass
class Row:
    rank: int | None
    participation: Participation
    basis: str  # 评审 / 自评
    total: object
    areas: list
    tasks_due: int = 0
    tasks_done: int = 0
    open_items: int = 0


@dataclass
class Report:
    campaign: object
    org: object
    quarter: Window
    today: date
    areas: list = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    open_rectifications: list = field(default_factory=list)
    found_in_quarter: int = 0
    closed_in_quarter: int = 0

    @property
    def title(self) -> str:
        return f"{self.campaign.name}·{self.org.name}{self.quarter.label}考核通报"

    @property
    def overdue_count(self) -> int:
        return sum(1 for r in self.open_rectifications if r.overdue(self.today))

    @property
    def quarter_code(self) -> str:
        return f"{self.quarter.start.year}-Q{(self.quarter.start.month - 1) // 3 + 1}"


def build(campaign, org, quarter: Window, today: date) -> Report:
    report = Report(campaign, org, quarter, today)
    participations = list(campaign.participations.filter(branch__path__startswith=org.path).select_related("branch")
                          .annotate(tasks_due=Count("plan__tasks", filter=Q(plan__tasks__deadline__lte=quarter.end)),
                                    tasks_done=Count("plan__tasks", filter=Q(plan__tasks__deadline__lte=quarter.end,
                                                                             plan__tasks__done_on__isnull=False))))
    areas, final = selectors.area_scores(participations, "final_points")
    _, own = selectors.area_scores(participations, "self_points")
    report.areas = areas
    rectifications = Rectification.objects.filter(problem__participation__in=participations)
    open_by = dict(rectifications.exclude(status=Rectification.State.CLOSED).values("problem__participation")
                   .annotate(n=Count("pk")).values_list("problem__participation", "n"))
    for ranked in selectors.ranking(participations):
        p = ranked.participation
        scores, basis, total = (final, "评审", p.final_total) if p.ranked else (own, "自评", p.self_total)
        report.rows.append(Row(ranked.rank, p, basis, total, [scores.get(p.pk, {}).get(a.pk) for a in areas],
                               p.tasks_due, p.tasks_done, open_by.get(p.pk, 0)))
    report.open_rectifications = list(
        rectifications.exclude(status=Rectification.State.CLOSED)
        .select_related("problem__participation__branch").order_by("deadline", "pk"))
    report.found_in_quarter = rectifications.filter(problem__found_on__range=(quarter.start, quarter.end)).count()
    report.closed_in_quarter = rectifications.filter(closed_on__range=(quarter.start, quarter.end)).count()
    return report


def to_xlsx(report: Report) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("排名")
    sheet.append([safe_cell(report.title)])
    sheet.append(["名次", "党支部", "状态", "得分口径", "总分", *[a.title for a in report.areas],
                  "到期任务", "已完成任务", "未销号整改"])
    for row in report.rows:
        sheet.append([safe_cell(v) for v in [
            row.rank or "未评审", row.participation.branch.name, row.participation.get_status_display(), row.basis,
            float(row.total), *[float(v) if v is not None else None for v in row.areas],
            row.tasks_due, row.tasks_done, row.open_items,
        ]])
    problems = book.create_sheet("问题清单")
    problems.append(["党支部", "问题", "整改措施", "责任人", "整改时限", "状态", "是否逾期"])
    for r in report.open_rectifications:
        problems.append([safe_cell(v) for v in [
            r.problem.participation.branch.name, r.problem.description, r.measure, r.owner,
            r.deadline.isoformat(), r.get_status_display(), "逾期" if r.overdue(report.today) else "",
        ]])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
