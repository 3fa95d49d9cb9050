"""发展党员 writes: register an application, advance to the next stage, and the records between stages
(the talk, the half-yearly review, a 发展对象's progress, an extension of the probation).

Each needs CHANGE on the applicant's organization, checks the rules (members.pipeline.rules: a block
refuses the write, a warning is kept on the step), validates what it saves and is one transaction.
→ 预备党员 puts the person on the roster (a Member, joined on the branch vote); → 正式党员 confirms them.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.scope import CHANGE, require
from core.integrity import unique_violations_as_errors
from members.pipeline.models import Applicant, PipelineRules, PipelineStep, Stage
from members.pipeline.rules import (
    CANDIDATE_DETAILS,
    STAGE_DATE_FIELD,
    STAGE_DETAILS,
    accepts_applicants,
    check_advance,
    check_application,
    check_candidate_details,
    check_date,
    check_extension,
    check_talk,
    raise_blocks,
    warning_texts,
)
from members.roster.models import Education, Member, MemberStatus
from members.validators import id_birth_date, id_gender, normalize_id_number, validate_id_number


def _step(applicant, stage, on, approved_by, user, note="", warnings=()) -> PipelineStep:
    step = PipelineStep(applicant=applicant, stage=stage, on=on, approved_by=approved_by, note=note,
                        warnings="\n".join(warnings), recorded_by=user)
    step.full_clean()
    step.save()
    return step


def _locked(applicant: Applicant, user) -> Applicant:
    """The applicant as stored, locked for this transaction, once the user may change it."""
    applicant = (Applicant.objects.select_for_update(of=("self",)).select_related("organization", "member")
                 .get(pk=applicant.pk))
    require(user, CHANGE, applicant.organization.path)
    return applicant


@unique_violations_as_errors()
@transaction.atomic
def add_applicant(*, applicant: Applicant, user, rules: PipelineRules | None = None) -> Applicant:
    """Register an application (入党申请) for `applicant.organization`: the ID number is checked, birth date
    and gender follow it (a value given must agree), and the applicant is old enough."""
    require(user, CHANGE, applicant.organization.path)
    if not accepts_applicants(applicant.organization):
        raise ValidationError("入党申请应登记在党支部或党总支。")
    rules = rules or PipelineRules.current()
    number = normalize_id_number(applicant.id_number)
    try:
        validate_id_number(number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    birth = id_birth_date(number)
    errors = {}
    if applicant.birth_date and applicant.birth_date != birth:
        errors["birth_date"] = "出生日期与公民身份号码不一致。"
    if applicant.gender and applicant.gender != id_gender(number):
        errors["gender"] = "性别与公民身份号码不一致。"
    if Applicant.objects.filter(id_number=number).exists():
        errors["id_number"] = "该公民身份号码已登记为发展对象，不能重复登记。"
    elif Member.objects.filter(id_number=number).exists():
        errors["id_number"] = "该公民身份号码已是党员，无需登记入党申请。"
    if errors:
        raise ValidationError(errors)
    raise_blocks(check_application(birth, applicant.applied_on, rules))
    applicant.id_number, applicant.birth_date, applicant.gender = number, birth, id_gender(number)
    applicant.stage = Stage.APPLICANT
    applicant.full_clean()
    applicant.save()
    _step(applicant, Stage.APPLICANT, applicant.applied_on, applicant.organization.name, user, note="递交入党申请书")
    return applicant


@transaction.atomic
def advance(*, applicant: Applicant, stage: str, on: date, approved_by: str, user, details: dict | None = None,
            rules: PipelineRules | None = None) -> PipelineStep:
    """Move to the next stage. Blocks raise ValidationError; warnings are kept on the step.

    Details: talked_on (→ 入党积极分子); political_review_on, training_days, branch_vote_on (→ 预备党员).
    → 预备党员 creates the Member (预备党员, joined on the branch vote); → 正式党员 confirms it."""
    rules = rules or PipelineRules.current()
    details = details or {}
    applicant = _locked(applicant, user)
    if not (approved_by or "").strip():
        raise ValidationError("请填写批准的组织或批准人。")
    findings = check_advance(applicant, stage, on, details, rules)
    raise_blocks(findings)
    for name in STAGE_DETAILS[stage]:
        if details.get(name) not in (None, ""):
            setattr(applicant, name, details[name])
    setattr(applicant, STAGE_DATE_FIELD[stage], on)
    applicant.stage = stage
    if stage == Stage.PROBATIONARY:
        applicant.member = _admit(applicant, user)
    elif stage == Stage.FULL:
        _confirm(applicant.member, on, user)
    applicant.full_clean()
    applicant.save()
    return _step(applicant, stage, on, approved_by.strip(), user, warnings=warning_texts(findings))


def _admit(applicant: Applicant, user) -> Member:
    member = Member(
        name=applicant.name, gender=applicant.gender, birth_date=applicant.birth_date, id_number=applicant.id_number,
        education=applicant.education if applicant.education in Education.values else "",
        phone=applicant.phone, job=applicant.job, joined_on=applicant.branch_vote_on,
        status=MemberStatus.PROBATIONARY, organization=applicant.organization,
    )
    member.full_clean()
    member._history_user = user
    member.save()
    return member


def _confirm(member: Member | None, on: date, user) -> None:
    if member is None:
        raise ValidationError("找不到该预备党员的党员档案，无法转正。")
    member.status = MemberStatus.FULL
    member.confirmed_on = on
    member.full_clean()
    member._history_user = user
    member.save()


def _record(applicant, user, stage, wrong_stage: str, findings_of, changes: dict, step: dict) -> PipelineStep:
    """A record between stages (talk, review, extension): checked, saved on the applicant, kept as a step."""
    applicant = _locked(applicant, user)
    if applicant.stage != stage:
        raise ValidationError(wrong_stage)
    findings = findings_of(applicant)
    raise_blocks(findings)
    for name, value in changes.items():
        setattr(applicant, name, value)
    applicant.full_clean()
    applicant.save(update_fields=list(changes))
    return _step(applicant, stage, user=user, warnings=warning_texts(findings), **step)


@transaction.atomic
def record_talk(*, applicant: Applicant, on: date, user, rules: PipelineRules | None = None) -> PipelineStep:
    """党组织派人同入党申请人谈话 (warns when later than the rule allows)."""
    rules = rules or PipelineRules.current()
    return _record(
        applicant, user, Stage.APPLICANT, "只有入党申请人需要登记谈话。", lambda a: check_talk(a, on, rules),
        {"talked_on": on}, {"on": on, "approved_by": "", "note": "党组织派人谈话"},
    )


@transaction.atomic
def record_review(*, applicant: Applicant, on: date, user) -> PipelineStep:
    """The half-yearly review of an 入党积极分子."""
    return _record(
        applicant, user, Stage.ACTIVIST, "只有入党积极分子需要登记考察。",
        lambda a: check_date(on, a.last_review_on or a.activist_on, "上次考察或确定积极分子日期"),
        {"last_review_on": on}, {"on": on, "approved_by": "", "note": "半年考察"},
    )


@transaction.atomic
def record_candidate_progress(*, applicant: Applicant, user, details: dict,
                              rules: PipelineRules | None = None) -> Applicant:
    """Political review, training days and the branch vote of a 发展对象, before the higher committee approves."""
    rules = rules or PipelineRules.current()
    applicant = _locked(applicant, user)
    if applicant.stage != Stage.CANDIDATE:
        raise ValidationError("只有发展对象需要登记政审、培训和支部大会情况。")
    merged = {name: details.get(name, getattr(applicant, name)) for name in CANDIDATE_DETAILS}
    raise_blocks(check_candidate_details(applicant, merged, rules))
    merged["training_days"] = merged["training_days"] or 0
    for name, value in merged.items():
        setattr(applicant, name, value)
    applicant.full_clean()
    applicant.save(update_fields=list(CANDIDATE_DETAILS))
    return applicant


@transaction.atomic
def extend_probation(*, applicant: Applicant, months: int, on: date, approved_by: str, user,
                     rules: PipelineRules | None = None) -> PipelineStep:
    """延长预备期 (the limits are members.pipeline.rules.check_extension)."""
    rules = rules or PipelineRules.current()
    return _record(
        applicant, user, Stage.PROBATIONARY, "只有预备党员可以延长预备期。",
        lambda a: check_extension(a, months, on, rules),
        {"probation_extended_months": months},
        {"on": on, "approved_by": approved_by, "note": f"延长预备期{months}个月"},
    )
