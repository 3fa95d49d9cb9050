"""Reads: items grouped by area, ranking with ties, per-area scores, the history of every score change."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import CENT, Criterion, ItemAssessment, Participation


@dataclass
class AreaBlock:
    area: Criterion
    items: list = field(default_factory=list)

    @property
    def max_total(self) -> Decimal:
        return sum((i.criterion.weighted_max for i in self.items), Decimal("0"))

    def total(self, attr: str) -> Decimal:
        return sum(((getattr(i, attr) or 0) * i.criterion.factor for i in self.items), Decimal("0")).quantize(CENT)

    @property
    def self_total(self):
        return self.total("self_points")

    @property
    def final_total(self):
        return self.total("final_points")


def areas_of(participation: Participation) -> list[AreaBlock]:
    items = participation.items.select_related("criterion__parent").prefetch_related("evidence__meeting")
    blocks: dict[int, AreaBlock] = {}
    for item in items:
        area = item.criterion.parent
        blocks.setdefault(area.pk, AreaBlock(area)).items.append(item)
    return sorted(blocks.values(), key=lambda b: (b.area.order, b.area.pk))


def max_total(scheme) -> Decimal:
    items = Criterion.objects.filter(scheme=scheme, kind=Criterion.Kind.ITEM).select_related("parent")
    return sum((c.weighted_max for c in items), Decimal("0"))


@dataclass
class Ranked:
    rank: int | None  # None: not yet reviewed
    participation: Participation


def ranking(participations) -> list[Ranked]:
    """Reviewed and approved branches by reviewer total, highest first; equal totals share a rank and
    the next rank is skipped (1, 2, 2, 4). Branches not yet reviewed follow, unranked."""
    rows = sorted(participations, key=lambda p: (not p.ranked, -p.final_total if p.ranked else 0, p.branch.name, p.pk))
    result, previous, rank = [], None, 0
    for position, p in enumerate(rows, 1):
        if not p.ranked:
            result.append(Ranked(None, p))
            continue
        if p.final_total != previous:
            rank, previous = position, p.final_total
        result.append(Ranked(rank, p))
    return result


def area_scores(participations, attr: str = "final_points") -> tuple[list[Criterion], dict[int, dict[int, Decimal]]]:
    """The scheme's areas and participation id → area id → weighted points, in one query."""
    ids = [p.pk for p in participations]
    scores: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    areas = {}
    for item in ItemAssessment.objects.filter(participation_id__in=ids).select_related("criterion__parent"):
        area = item.criterion.parent
        areas[area.pk] = area
        scores[item.participation_id][area.pk] += (getattr(item, attr) or 0) * item.criterion.factor
    ordered = sorted(areas.values(), key=lambda a: (a.order, a.pk))
    return ordered, {pid: {aid: v.quantize(CENT) for aid, v in row.items()} for pid, row in scores.items()}


@dataclass
class Change:
    at: object
    user: object
    item: str
    field: str
    old: object
    new: object
    reason: str = ""


TRACKED = [("self_score", "自评分"), ("self_note", "自评说明"), ("reviewer_score", "评审分"),
           ("reviewer_comment", "评审意见"), ("auto_value", "指标值")]


def score_history(participation: Participation) -> list[Change]:
    """Every change of every item's scores, newest first (from django-simple-history rows)."""
    titles = dict(participation.items.values_list("pk", "criterion__title"))
    rows = (ItemAssessment.history.filter(participation_id=participation.pk)
            .select_related("history_user").order_by("id", "history_date", "history_id"))
    changes, last = [], {}
    for row in rows:
        before = last.get(row.id)
        for name, label in TRACKED:
            old = getattr(before, name) if before else None
            new = getattr(row, name)
            if old != new and not (before is None and new in (None, "")):
                changes.append(Change(row.history_date, row.history_user, titles.get(row.id, "（已删除）"), label, old, new,
                                      row.history_change_reason or ""))
        last[row.id] = row
    status_rows = participation.history.select_related("history_user").order_by("history_date", "history_id")
    previous = None
    for row in status_rows:
        if previous is None or row.status != previous.status:
            changes.append(Change(row.history_date, row.history_user, "考核状态", "状态",
                                  previous.get_status_display() if previous else None, row.get_status_display()))
        previous = row
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes
