"""发展党员: what an organization (and everything below it) should do next in the pipeline — the talk,
the half-yearly review, the candidate year, the higher committee's approval, the end of the probation
— each dated by members.pipeline.rules, soonest first. Shown on the pipeline pages and the workbench."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from members.pipeline.models import Applicant, PipelineRules, Stage
from members.pipeline.rules import approval_due_on, earliest_next, next_review_on, probation_ends, talk_due_on


@dataclass(frozen=True)
class DueItem:
    applicant: Applicant
    kind: str  # talk, review, candidate, approval, confirm
    text: str
    due_on: date
    overdue: bool


def due_items(org, today: date | None = None, rules: PipelineRules | None = None) -> list[DueItem]:
    """What the organization (and anything below it) should do next in the pipeline, soonest first."""
    today = today or timezone.localdate()
    rules = rules or PipelineRules.current()
    horizon = today + timedelta(days=rules.due_notice_days)
    applicants = Applicant.objects.filter(
        organization__path__startswith=org.path,
        stage__in=[Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY],
    ).select_related("organization")
    items = []

    def add(applicant, kind, text, due_on, always=False):
        if always or due_on <= horizon:  # becoming eligible as a candidate is an opportunity, never overdue
            items.append(DueItem(applicant, kind, text, due_on, kind != "candidate" and due_on < today))

    for a in applicants:
        if a.stage == Stage.APPLICANT and not a.talked_on:
            add(a, "talk", "入党申请待谈话", talk_due_on(a.applied_on, rules), always=True)
        elif a.stage == Stage.ACTIVIST:
            add(a, "review", "积极分子半年考察", next_review_on(a, rules))
            add(a, "candidate", f"培养满{rules.activist_min_months}个月，可研究列为发展对象", earliest_next(a, rules))
        elif a.stage == Stage.CANDIDATE and a.branch_vote_on:
            add(a, "approval", "支部大会已讨论，待上级党委审批", approval_due_on(a.branch_vote_on, rules), always=True)
        elif a.stage == Stage.PROBATIONARY:
            add(a, "confirm", "预备期满，应讨论转正", probation_ends(a, rules))
    items.sort(key=lambda item: (item.due_on, item.applicant.name))
    return items
