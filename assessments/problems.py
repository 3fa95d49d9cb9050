"""问题清单 → 整改清单: a reviewer lists a problem found in review with its rectification items; the
branch reports each item rectified; the reviewer closes it (销号) or sends it back."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activities.services import check_upload
from assessments.acting import require_branch, require_reviewer, save_by
from assessments.choices import Status
from assessments.models import ItemAssessment, Participation, Problem, Rectification


def _rectification(problem: Problem, measure: str, owner: str, deadline: date) -> Rectification:
    row = Rectification(problem=problem, measure=(measure or "").strip(), owner=(owner or "").strip(), deadline=deadline)
    row.full_clean(exclude=["evidence_file"])
    row.save()
    return row


@transaction.atomic
def add_problem(*, participation: Participation, user, description: str, measure: str, owner: str, deadline: date,
                item: ItemAssessment | None = None, today: date | None = None) -> Problem:
    """A problem found in review, with its first rectification item."""
    require_reviewer(user, participation)
    if participation.status == Status.DRAFT:
        raise ValidationError("支部尚未提交自评。")
    if item is not None and item.participation_id != participation.pk:
        raise ValidationError("相关项目不属于该考核。")
    if not description.strip():
        raise ValidationError("请填写问题。")
    problem = Problem(participation=participation, item=item, description=description.strip(),
                      found_on=today or timezone.localdate(), created_by=user)
    problem.full_clean()
    problem.save()
    _rectification(problem, measure, owner, deadline)
    return problem


@transaction.atomic
def add_rectification(*, problem: Problem, user, measure: str, owner: str, deadline: date) -> Rectification:
    require_reviewer(user, problem.participation)
    return _rectification(problem, measure, owner, deadline)


@transaction.atomic
def report_rectified(*, rectification: Rectification, user, note: str, upload=None,
                     today: date | None = None) -> Rectification:
    require_branch(user, rectification.problem.participation)
    if rectification.status != Rectification.State.OPEN:
        raise ValidationError("该整改事项不在整改中。")
    if not note.strip():
        raise ValidationError("请填写整改情况。")
    written = ["evidence_note", "status", "done_on"]
    if upload is not None:
        check_upload(upload)
        rectification.evidence_file, rectification.evidence_name = upload, (upload.name or "附件")[:200]
        written += ["evidence_file", "evidence_name"]
    rectification.evidence_note, rectification.status = note.strip(), Rectification.State.DONE
    rectification.done_on = today or timezone.localdate()
    save_by(rectification, user, written)
    return rectification


@transaction.atomic
def close_rectification(*, rectification: Rectification, user, today: date | None = None) -> Rectification:
    require_reviewer(user, rectification.problem.participation)
    if rectification.status != Rectification.State.DONE:
        raise ValidationError("整改完成后方可销号。")
    rectification.status, rectification.closed_on = Rectification.State.CLOSED, today or timezone.localdate()
    save_by(rectification, user, ["status", "closed_on"])
    return rectification


@transaction.atomic
def reopen_rectification(*, rectification: Rectification, user, reason: str) -> Rectification:
    require_reviewer(user, rectification.problem.participation)
    if rectification.status != Rectification.State.DONE:
        raise ValidationError("只有已整改待销号的事项可以退回重新整改。")
    if not reason.strip():
        raise ValidationError("请填写退回原因。")
    rectification.status, rectification.done_on = Rectification.State.OPEN, None
    rectification.evidence_note = f"{rectification.evidence_note}\n【退回重新整改】{reason.strip()}".strip()
    save_by(rectification, user, ["status", "done_on", "evidence_note"])
    return rectification
