"""The assessment of one branch: indicators, self-assessment, evidence, review, the status it moves
through. 问题清单 → 整改: assessments.problems.

Status: draft → submitted → reviewed → approved (示范党支部), or returned to the branch from
submitted/reviewed. The branch writes the self column, reviewers the reviewer column
(assessments.acting says who is which). Computed items take their points from the records and accept
no typed score in either column.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activities.choices import MeetingStatus
from activities.services import check_upload
from assessments import indicators
from assessments.acting import require_branch, require_reviewer, save_by
from assessments.choices import Status
from assessments.models import CENT, Evidence, ItemAssessment, Participation
from core.web import parse_decimal


def _lock(participation: Participation) -> None:
    """Re-read the status under a row lock: two people cannot move the same assessment at once."""
    participation.status = (Participation.objects.select_for_update().values_list("status", flat=True)
                            .get(pk=participation.pk))


# ---------------------------------------------------------------- indicators and totals


def period_of(participation: Participation, today: date | None = None) -> indicators.Period:
    campaign = participation.campaign
    return indicators.Period(campaign.period_start, campaign.period_end, today or timezone.localdate())


AUTO_FIELDS = ["auto_value", "auto_explanation", "auto_links"]


@transaction.atomic
def refresh_indicators(*, participation: Participation, today: date | None = None) -> None:
    """Recompute every bound item from the records (only while the branch is still filling in).
    Nobody acts here and no permission is asked: the records, not a person, changed the value, and the
    history rows of these changes carry no user."""
    if not participation.branch_can_edit:
        return
    period = period_of(participation, today)
    for item in participation.items.select_related("criterion").exclude(criterion__indicator=""):
        result = indicators.compute(item.criterion.indicator, participation.branch, period)
        links = [list(link) for link in result.links]
        if (item.auto_value, item.auto_explanation, item.auto_links) != (result.value, result.explanation, links):
            item.auto_value, item.auto_explanation, item.auto_links = result.value, result.explanation, links
            save_by(item, None, AUTO_FIELDS)
    participation.indicators_at = timezone.now()
    Participation.objects.filter(pk=participation.pk).update(indicators_at=participation.indicators_at)
    recompute_totals(participation=participation)


def recompute_totals(*, participation: Participation) -> None:
    """Weighted sums kept on the participation (ranking and reports read them); no history row."""
    items = list(participation.items.select_related("criterion__parent"))
    self_total = sum(((i.self_points or 0) * i.criterion.factor for i in items), Decimal("0")).quantize(CENT)
    final_total = sum(((i.final_points or 0) * i.criterion.factor for i in items), Decimal("0")).quantize(CENT)
    Participation.objects.filter(pk=participation.pk).update(self_total=self_total, final_total=final_total)
    participation.self_total, participation.final_total = self_total, final_total


# ---------------------------------------------------------------- the two score columns


def parse_score(item: ItemAssessment, raw) -> Decimal | None:
    """A typed score, None when blank; not a plain number of the column's size is a Chinese error."""
    column = ItemAssessment._meta.get_field("self_score")
    try:
        return parse_decimal(raw, max_digits=column.max_digits, places=column.decimal_places)
    except ValidationError as exc:
        raise ValidationError(f"“{item.criterion.title}”的分数无效：{exc.messages[0]}") from None


@dataclass(frozen=True)
class Column:
    """One of the two score columns: who writes it, when, and into which fields."""

    require: Callable
    open: Callable
    closed_message: str
    score_field: str
    note_field: str


SELF = Column(require_branch, lambda p: p.branch_can_edit, "已提交的自评不能修改；如需修改，请联系工委退回。",
              "self_score", "self_note")
REVIEWER = Column(require_reviewer, lambda p: p.reviewable, "只有已提交、尚未通过的考核可以评分。",
                  "reviewer_score", "reviewer_comment")


def _apply_scores(participation, user, scores: dict, column: Column) -> int:
    """scores: item id → (score text, note). Returns how many rows changed."""
    items = {i.pk: i for i in participation.items.select_related("criterion")}
    changed = 0
    for pk, (raw, note) in scores.items():
        item = items.get(pk)
        if item is None:
            raise ValidationError("评分项目不属于该考核。")
        score = parse_score(item, raw)
        if item.computed:
            if score is not None:
                raise ValidationError(f"“{item.criterion.title}”由记录自动计算，不能填写分数。")
            score = getattr(item, column.score_field)
        if score is not None and not 0 <= score <= item.criterion.max_points:
            raise ValidationError(f"“{item.criterion.title}”的分数应在0到{item.criterion.max_points:g}之间。")
        note = (note or "").strip()
        if (getattr(item, column.score_field), getattr(item, column.note_field)) != (score, note):
            setattr(item, column.score_field, score)
            setattr(item, column.note_field, note)
            save_by(item, user, [column.score_field, column.note_field])
            changed += 1
    return changed


@transaction.atomic
def save_scores(*, participation: Participation, user, scores: dict, column: Column) -> int:
    """scores: item id → (score text, note), into the self or the reviewer column. Returns rows changed."""
    column.require(user, participation)
    _lock(participation)
    if not column.open(participation):
        raise ValidationError(column.closed_message)
    changed = _apply_scores(participation, user, scores, column)
    recompute_totals(participation=participation)
    return changed


def save_self_scores(*, participation: Participation, user, scores: dict) -> int:
    return save_scores(participation=participation, user=user, scores=scores, column=SELF)


def save_reviewer_scores(*, participation: Participation, user, scores: dict) -> int:
    return save_scores(participation=participation, user=user, scores=scores, column=REVIEWER)


# ---------------------------------------------------------------- status


def _missing(participation: Participation, score_field: str) -> list[str]:
    return [i.criterion.title for i in participation.items.select_related("criterion")
            if not i.computed and getattr(i, score_field) is None]


def _listing(titles: list[str]) -> str:
    return "、".join(titles[:5]) + (f"等{len(titles)}项" if len(titles) > 5 else "")


def _transition(participation: Participation, user, status: str, **fields) -> Participation:
    participation.status = status
    for name, value in fields.items():
        setattr(participation, name, value)
    save_by(participation, user, ["status", *fields])
    return participation


@transaction.atomic
def submit(*, participation: Participation, user, today: date | None = None) -> list[str]:
    """Submit the self-assessment; returns warnings (items whose required evidence is not attached)."""
    require_branch(user, participation)
    _lock(participation)
    if not participation.branch_can_edit:
        raise ValidationError("该考核已提交。")
    missing_plan = participation.plan.missing()
    if missing_plan:
        raise ValidationError(f"请先完善创建方案：{'、'.join(missing_plan)}。")
    refresh_indicators(participation=participation, today=today)
    missing = _missing(participation, "self_score")
    if missing:
        raise ValidationError(f"以下项目尚未自评：{_listing(missing)}。")
    _transition(participation, user, Status.SUBMITTED, submitted_at=timezone.now())
    bare = [i.criterion.title for i in participation.items.select_related("criterion")
            if i.criterion.evidence_required and not i.computed and not i.evidence.exists()]
    return [f"以下项目要求佐证材料但未上传：{_listing(bare)}，审核时将予以关注。"] if bare else []


@transaction.atomic
def mark_reviewed(*, participation: Participation, user, comment: str = "") -> Participation:
    require_reviewer(user, participation)
    _lock(participation)
    if not participation.reviewable:
        raise ValidationError("只有已提交的考核可以完成评审。")
    missing = _missing(participation, "reviewer_score")
    if missing:
        raise ValidationError(f"以下项目尚未评分：{_listing(missing)}。")
    return _transition(participation, user, Status.REVIEWED, reviewed_at=timezone.now(), reviewed_by=user,
                       review_comment=comment.strip() or participation.review_comment)


@transaction.atomic
def approve(*, participation: Participation, user) -> Participation:
    require_reviewer(user, participation)
    _lock(participation)
    if participation.status != Status.REVIEWED:
        raise ValidationError("须先完成评审，才能通过。")
    return _transition(participation, user, Status.APPROVED, approved_at=timezone.now())


@transaction.atomic
def return_for_revision(*, participation: Participation, user, comment: str) -> Participation:
    require_reviewer(user, participation)
    _lock(participation)
    if not participation.reviewable:
        raise ValidationError("只有已提交、尚未通过的考核可以退回。")
    if not comment.strip():
        raise ValidationError("退回须填写意见。")
    return _transition(participation, user, Status.RETURNED, review_comment=comment.strip())


# ---------------------------------------------------------------- evidence


@transaction.atomic
def add_evidence(*, item: ItemAssessment, user, upload=None, meeting=None, note: str = "") -> Evidence:
    participation = item.participation
    require_branch(user, participation)
    participation.refresh_from_db(fields=["status"])
    if not participation.branch_can_edit:
        raise ValidationError("已提交的自评不能再添加佐证材料。")
    if upload is None and meeting is None:
        raise ValidationError("请选择文件或关联一次会议记录。")
    evidence = Evidence(item=item, note=note.strip()[:200], uploaded_by=user)
    if meeting is not None:
        if meeting.organization_id != participation.branch_id or meeting.status != MeetingStatus.HELD:
            raise ValidationError("只能关联本支部已召开的会议记录。")
        evidence.meeting = meeting
    if upload is not None:
        evidence.content_type = check_upload(upload)
        evidence.file, evidence.original_name, evidence.size = upload, (upload.name or "附件")[:200], upload.size
    evidence.full_clean(exclude=["file"])
    evidence.save()
    return evidence


@transaction.atomic
def remove_evidence(*, evidence: Evidence, user) -> None:
    require_branch(user, evidence.item.participation)
    evidence.item.participation.refresh_from_db(fields=["status"])
    if not evidence.item.participation.branch_can_edit:
        raise ValidationError("已提交的自评不能删除佐证材料。")
    evidence.delete()
