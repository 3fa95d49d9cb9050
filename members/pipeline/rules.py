"""发展党员: the rules of the development pipeline (docs/domain.md §4), as plain functions — each interval
defined once (the checks, the due list and the reminder sweep use these), and the checks of a step.

Durations come from `PipelineRules.current()` (data, not constants). A check yields findings:
a *block* stops the step (raised as a ValidationError with a Chinese message citing the rule),
a *warning* lets it through and is stored on the step (`PipelineStep.warnings`).

Month arithmetic: "N months after D" is the same day N months later, or the last day of that month
when it has no such day (31 Jan + 1 month = 28/29 Feb; 29 Feb 2024 + 12 months = 28 Feb 2025).
A period of N months is complete on that day ("满一年" on 15 Mar 2024 for 15 Mar 2023).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from branches.choices import COMMITTEE_KINDS
from branches.models import Organization
from members.pipeline.models import STAGE_ORDER, Applicant, PipelineRules, Stage

BLOCK = "danger"  # level names match templates/_warnings.html
WARN = "notice"

# Where the date of entering each stage is kept on the applicant.
STAGE_DATE_FIELD = {
    Stage.APPLICANT: "applied_on",
    Stage.ACTIVIST: "activist_on",
    Stage.CANDIDATE: "candidate_on",
    Stage.PROBATIONARY: "approved_on",
    Stage.FULL: "confirmed_on",
}
# Details that may be given when advancing to a stage (kept on the applicant).
STAGE_DETAILS = {
    Stage.ACTIVIST: ("talked_on",),
    Stage.CANDIDATE: (),
    Stage.PROBATIONARY: ("political_review_on", "training_days", "branch_vote_on"),
    Stage.FULL: (),
}
CANDIDATE_DETAILS = STAGE_DETAILS[Stage.PROBATIONARY]

CHARTER = "《中国共产党章程》"
RULES = "《中国共产党发展党员工作细则》"


@dataclass(frozen=True)
class Finding:
    level: str  # BLOCK or WARN
    text: str

    @property
    def blocks(self) -> bool:
        return self.level == BLOCK


# ---------------------------------------------------------------- dates


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the end of the month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: date, on: date) -> int:
    """Full years of age on a day (the birthday counts; 29 Feb births turn a year older on 28 Feb)."""
    years = on.year - birth.year
    return years if add_months(birth, 12 * years) <= on else years - 1


def fmt(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def committee_of(org_name: str) -> str:
    """The branch committee's name: 甲公司党支部 → 甲公司党支部委员会 (names already ending so stay)."""
    return org_name if org_name.endswith("委员会") else f"{org_name}委员会"


def next_stage(stage: str) -> str | None:
    if stage not in STAGE_ORDER:
        return None
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def latest_start(day: date, months: int) -> date:
    """The last day a period of `months` can begin and be complete by `day` (add_months inverted, month
    ends included: 29 Feb 2024 + 12 months is 28 Feb 2025), to select due records in the database."""
    start = add_months(day, -months)
    if (day + timedelta(days=1)).month != day.month:  # `day` ends its month: so may the start
        start = add_months(start.replace(day=1), 1) - timedelta(days=1)
    return start


# Each interval of the pipeline, once: the rules, the due list and the reminder sweep use these.


def talk_due_on(applied_on: date, rules: PipelineRules) -> date:
    """党组织收到入党申请书后 talk_within_days 天内派人谈话 (细则第七条)."""
    return applied_on + timedelta(days=rules.talk_within_days)


def review_due_on(last_review_on: date, rules: PipelineRules) -> date:
    """入党积极分子每 activist_review_months 个月考察一次."""
    return add_months(last_review_on, rules.activist_review_months)


def candidate_ready_on(activist_on: date, rules: PipelineRules) -> date:
    """培养教育和考察 activist_min_months 个月以上方可列为发展对象 (细则第十四条)."""
    return add_months(activist_on, rules.activist_min_months)


def approval_due_on(branch_vote_on: date, rules: PipelineRules) -> date:
    """上级党委在支部大会讨论后 approval_within_months 个月内审批."""
    return add_months(branch_vote_on, rules.approval_within_months)


def approval_latest_on(branch_vote_on: date, rules: PipelineRules) -> date:
    """审批最长不得超过 approval_max_months 个月."""
    return add_months(branch_vote_on, rules.approval_max_months)


def probation_ends(applicant: Applicant, rules: PipelineRules) -> date | None:
    """预备期从支部大会通过之日起计算 (党章第七条), plus any extension."""
    if not applicant.branch_vote_on:
        return None
    return add_months(applicant.branch_vote_on, rules.probation_months + applicant.probation_extended_months)


def next_review_on(applicant: Applicant, rules: PipelineRules) -> date | None:
    start = applicant.last_review_on or applicant.activist_on
    return review_due_on(start, rules) if start else None


# ---------------------------------------------------------------- checks


def raise_blocks(findings: list[Finding]) -> None:
    """A step that any finding blocks is refused with every block's text."""
    blocks = [f.text for f in findings if f.blocks]
    if blocks:
        raise ValidationError(blocks)


def warning_texts(findings: list[Finding]) -> list[str]:
    return [f.text for f in findings if not f.blocks]


def accepts_applicants(org: Organization) -> bool:
    """Applications are made to a branch or general branch, not to a committee."""
    return org.is_active and org.kind not in COMMITTEE_KINDS


def check_date(on: date | None, earliest: date | None, earliest_label: str, today: date | None = None) -> list[Finding]:
    """A step's date is given, not in the future, and not before what it follows."""
    if on is None:
        return [Finding(BLOCK, "请填写日期。")]
    today = today or timezone.localdate()
    found = []
    if on > today:
        found.append(Finding(BLOCK, f"日期{fmt(on)}晚于今天，不能登记尚未发生的步骤。"))
    if earliest and on < earliest:
        found.append(Finding(BLOCK, f"日期{fmt(on)}早于{earliest_label}（{fmt(earliest)}）。"))
    return found


def check_application(birth_date: date, applied_on: date, rules: PipelineRules) -> list[Finding]:
    found = check_date(applied_on, birth_date, "出生日期")
    if not found and age_on(birth_date, applied_on) < rules.min_age:
        found.append(Finding(BLOCK, (
            f"{CHARTER}第一条、{RULES}第五条：年满{rules.min_age}岁方可申请入党。"
            f"递交申请时（{fmt(applied_on)}）申请人未满{rules.min_age}周岁，"
            f"{fmt(add_months(birth_date, 12 * rules.min_age))}起方可申请。"
        )))
    return found


def check_talk(applicant: Applicant, talked_on: date | None, rules: PipelineRules) -> list[Finding]:
    if talked_on is None:
        return [Finding(BLOCK, f"{RULES}第七条：确定入党积极分子前，党组织应派人同入党申请人谈话，请填写谈话日期。")]
    found = check_date(talked_on, applicant.applied_on, "递交申请日期")
    deadline = talk_due_on(applicant.applied_on, rules)
    if not found and talked_on > deadline:
        found.append(Finding(WARN, (
            f"{RULES}第七条：党组织收到入党申请书后，应在{rules.talk_within_days}天内派人谈话"
            f"（最迟{fmt(deadline)}），本次谈话在{fmt(talked_on)}，已超期{(talked_on - deadline).days}天。"
        )))
    return found


def _check_activist(applicant, on, details, rules) -> list[Finding]:
    talked_on = details.get("talked_on") or applicant.talked_on
    found = check_talk(applicant, talked_on, rules)
    if talked_on and on < talked_on:
        found.append(Finding(BLOCK, f"确定入党积极分子的日期{fmt(on)}早于谈话日期{fmt(talked_on)}。"))
    return found


def _check_candidate(applicant, on, details, rules) -> list[Finding]:
    if not applicant.activist_on:
        return [Finding(BLOCK, "缺少确定入党积极分子的日期，请先补充。")]
    ready = candidate_ready_on(applicant.activist_on, rules)
    found = []
    if on < ready:
        found.append(Finding(BLOCK, (
            f"{RULES}第十四条：入党积极分子经过{rules.activist_min_months}个月以上培养教育和考察，方可列为发展对象。"
            f"{applicant.name}于{fmt(applicant.activist_on)}确定为入党积极分子，{fmt(ready)}起方满{rules.activist_min_months}个月。"
        )))
    review_due = next_review_on(applicant, rules)
    if on > review_due:
        found.append(Finding(WARN, (
            f"{RULES}：党组织应每{rules.activist_review_months}个月对入党积极分子考察一次。"
            f"最近一次考察为{fmt(applicant.last_review_on) if applicant.last_review_on else '无记录'}，"
            f"应于{fmt(review_due)}前再次考察。"
        )))
    return found


def check_candidate_details(applicant: Applicant, details: dict, rules: PipelineRules) -> list[Finding]:
    """Political review, training and the branch vote of a 发展对象, in date order."""
    review_on = details.get("political_review_on")
    vote_on = details.get("branch_vote_on")
    found = []
    for value, label in ((review_on, "政治审查完成日期"), (vote_on, "支部大会讨论日期")):
        if value:
            found += [Finding(BLOCK, f"{label}：{f.text}") for f in check_date(value, applicant.candidate_on, "确定发展对象日期")]
    if review_on and vote_on and vote_on < review_on:
        found.append(Finding(BLOCK, f"{RULES}第十六条：政治审查完成（{fmt(review_on)}）后方可提交支部大会讨论（{fmt(vote_on)}）。"))
    return found


def _check_probationary(applicant, on, details, rules) -> list[Finding]:
    review_on = details.get("political_review_on")
    training_days = details.get("training_days") or 0
    vote_on = details.get("branch_vote_on")
    found = check_candidate_details(applicant, details, rules)
    if not review_on:
        found.append(Finding(BLOCK, f"{RULES}第十六条：未经政治审查或政治审查不合格的，不能发展入党。请填写政治审查完成日期。"))
    if training_days < rules.candidate_min_training_days:
        found.append(Finding(BLOCK, (
            f"{RULES}第十七条：发展对象应参加不少于{rules.candidate_min_training_days}天（或不少于24学时）的短期集中培训，"
            f"目前登记为{training_days}天。"
        )))
    if not vote_on:
        found.append(Finding(BLOCK, f"{CHARTER}第五条：接收预备党员须经支部大会讨论通过。请填写支部大会讨论日期。"))
        return found
    if on < vote_on:
        found.append(Finding(BLOCK, f"上级党委审批日期{fmt(on)}早于支部大会讨论日期{fmt(vote_on)}。"))
        return found
    within, latest = approval_due_on(vote_on, rules), approval_latest_on(vote_on, rules)
    if on > latest:
        found.append(Finding(BLOCK, (
            f"{RULES}：上级党委审批最长不得超过{rules.approval_max_months}个月（支部大会{fmt(vote_on)}，最迟{fmt(latest)}）。"
            f"已超期，应由支部重新履行接收预备党员的手续。"
        )))
    elif on > within:
        found.append(Finding(WARN, (
            f"{RULES}：上级党委应在支部大会讨论后{rules.approval_within_months}个月内审批（最迟{fmt(within)}），"
            f"本次审批在{fmt(on)}；特殊情况可延长，但不得超过{rules.approval_max_months}个月。"
        )))
    return found


def _check_full(applicant, on, details, rules) -> list[Finding]:
    ends = probation_ends(applicant, rules)
    if ends is None:
        return [Finding(BLOCK, "缺少支部大会讨论日期，无法计算预备期，请先补充。")]
    if on < ends:
        extension = f"（含延长{applicant.probation_extended_months}个月）" if applicant.probation_extended_months else ""
        return [Finding(BLOCK, (
            f"{CHARTER}第七条：预备期从支部大会通过之日（{fmt(applicant.branch_vote_on)}）起计算，"
            f"预备期{rules.probation_months}个月{extension}，{fmt(ends)}期满后方可讨论转正。"
        ))]
    return []


STAGE_CHECKS = {
    Stage.ACTIVIST: _check_activist,
    Stage.CANDIDATE: _check_candidate,
    Stage.PROBATIONARY: _check_probationary,
    Stage.FULL: _check_full,
}


def check_advance(applicant: Applicant, stage: str, on: date | None, details: dict | None = None,
                  rules: PipelineRules | None = None) -> list[Finding]:
    """Every block and warning for moving `applicant` to `stage` on `on`; nothing is saved."""
    rules = rules or PipelineRules.current()
    expected = next_stage(applicant.stage)
    if stage not in Stage.values:
        return [Finding(BLOCK, "未知的发展阶段。")]
    if stage != expected:
        if expected is None:
            return [Finding(BLOCK, f"{applicant.name}目前为{applicant.get_stage_display()}，没有下一阶段。")]
        return [Finding(BLOCK, (
            f"{applicant.name}目前为{applicant.get_stage_display()}，下一阶段应为{Stage(expected).label}，"
            f"不能直接转为{Stage(stage).label}。"
        ))]
    merged = {name: getattr(applicant, name) for name in STAGE_DETAILS[stage]}
    merged.update({k: v for k, v in (details or {}).items() if k in STAGE_DETAILS[stage] and v not in (None, "")})
    current = STAGE_ORDER[STAGE_ORDER.index(stage) - 1]
    since = getattr(applicant, STAGE_DATE_FIELD[current])
    found = check_date(on, since, f"成为{Stage(current).label}的日期")
    if found:
        return found
    return STAGE_CHECKS[stage](applicant, on, merged, rules)


def check_extension(applicant: Applicant, months: int | None, on: date | None, rules: PipelineRules) -> list[Finding]:
    """延长预备期: once, by at most `probation_max_extension_months` (党章第七条: 不能超过一年)."""
    found = check_date(on, applicant.branch_vote_on, "支部大会讨论日期")
    if applicant.probation_extended_months:
        found.append(Finding(BLOCK, (
            f"{CHARTER}第七条：预备期只能延长一次，{applicant.name}已延长{applicant.probation_extended_months}个月。"
        )))
    if not 1 <= (months or 0) <= rules.probation_max_extension_months:
        found.append(Finding(BLOCK, (
            f"{CHARTER}第七条：延长预备期不能超过{rules.probation_max_extension_months}个月，请填写1至"
            f"{rules.probation_max_extension_months}之间的月数。"
        )))
    return found


def earliest_next(applicant: Applicant, rules: PipelineRules) -> date | None:
    """The first day the rules allow the next stage (None when no minimum interval applies)."""
    if applicant.stage == Stage.ACTIVIST:
        return candidate_ready_on(applicant.activist_on, rules)
    if applicant.stage == Stage.PROBATIONARY:
        return probation_ends(applicant, rules)
    return None
