"""Demo: one 示范创建 campaign under the small tree, with assessments in every state.

The first two branches (the demo secretaries shuji1/shuji2) are still filling in and returned; the
rest are submitted, reviewed or approved, with 问题清单 items open, overdue, done and closed.
Skipped for the province scale (its tree has no attendance, and nothing here needs the volume)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from activities.choices import MeetingStatus
from activities.models import Meeting
from assessments import campaigns, schemes, workflow
from assessments.choices import Status, VenueItem
from assessments.models import Evidence, Problem, Rectification, Scheme, Venue
from branches.choices import OrgKind
from branches.models import Organization

TEN_AREAS = "行业示范基层党组织建设（十个示范）"
STATES = [Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.SUBMITTED, Status.REVIEWED, Status.REVIEWED,
          Status.APPROVED, Status.APPROVED]
HIGHLIGHTS = ["党建引领业务融合发展", "“红色税务师”志愿服务品牌", "党员先锋岗创建", "开放式学习课堂",
              "结对帮带小微事务所", "党建文化墙和文化作品"]
HALF = Decimal("0.5")


def seed_assessments(root, rng, today, scale):
    if scale == "province":
        return
    schemes.ensure_default_schemes()
    scheme = Scheme.objects.get(name=TEN_AREAS, owner__isnull=True, copied_from__isnull=True)
    year = today.year if today.month >= 5 else today.year - 1
    campaign = campaigns.new_campaign(scheme=scheme, organizer=root, name=f"{year}年度示范党支部创建", year=year)
    branches = list(Organization.objects.filter(path__startswith=root.path, kind=OrgKind.BRANCH, status="active")
                    .order_by("path"))
    chosen = branches[:2] + sorted(rng.sample(branches[2:], min(len(STATES) - 2, len(branches) - 2)), key=lambda b: b.path)
    for n, (branch, state) in enumerate(zip(chosen, STATES)):
        _venue(branch, rng)
        participation = campaigns.enrol(campaign=campaign, branch=branch)
        _plan(participation, rng, campaign, state, today)
        workflow.refresh_indicators(participation=participation, today=today)
        _self_assess(participation, rng, full=state != Status.DRAFT)
        if state != Status.DRAFT:
            _finish(participation, rng, state, today, n)
        workflow.recompute_totals(participation=participation)


def _venue(branch, rng):
    have = [v for v in VenueItem.values if rng.random() < 0.75]
    Venue.objects.create(organization=branch, items=have, address=f"{branch.name}党员活动室")


def _plan(participation, rng, campaign, state, today):
    plan = participation.plan
    plan.highlight_1, plan.highlight_2 = rng.sample(HIGHLIGHTS, 2)
    plan.targets = "建成行业示范党支部：三会一课规范开展，党建与业务深度融合，形成可复制的经验。"
    plan.measures = "制定年度学习计划；每月主题党日结合业务；与一个外部党组织结对共建；完善党建制度汇编。"
    plan.deadline = campaign.phases.last().ends_on
    plan.contact_leader = "工委委员" if state != Status.DRAFT else ""
    plan.responsible = "支部书记、组织委员"
    plan.save()
    for phase in campaign.phases.all()[:3]:
        plan.tasks.create(title=f"{phase.name}阶段：{rng.choice(HIGHLIGHTS)}", owner="支部书记", deadline=phase.ends_on,
                          phase=phase, done_on=phase.ends_on if phase.ends_on < today else None)


def _score(maximum: Decimal, rng) -> Decimal:
    return max(Decimal("0"), (maximum * Decimal(rng.choice(["0.7", "0.8", "0.9", "1"])) / HALF).quantize(Decimal("1")) * HALF)


def _self_assess(participation, rng, full: bool):
    meetings = list(Meeting.objects.filter(organization=participation.branch, status=MeetingStatus.HELD)
                    .order_by("-held_at")[:3])
    for n, item in enumerate(participation.items.select_related("criterion")):
        if item.computed or (not full and n % 2):
            continue
        item.self_score = _score(item.criterion.max_points, rng)
        item.self_note = "已按创建方案落实，详见佐证材料。"
        item.save()
        if meetings and item.criterion.evidence_required and rng.random() < 0.5:
            Evidence.objects.create(item=item, meeting=rng.choice(meetings), note="会议记录")


def _finish(participation, rng, state, today, n):
    now = timezone.now()
    participation.submitted_at = now
    if state in (Status.REVIEWED, Status.APPROVED, Status.RETURNED):
        for item in participation.items.select_related("criterion"):
            if not item.computed:
                item.reviewer_score = max(Decimal("0"), item.self_score - rng.choice([Decimal("0"), HALF, Decimal("1")]))
                item.save()
        participation.reviewed_at = now
        _problems(participation, today, n)
    if state == Status.RETURNED:
        participation.review_comment = "佐证材料不全，服务群众行动计划未明确检验标准，请补充后重新提交。"
    if state == Status.APPROVED:
        participation.approved_at = now
        participation.review_comment = "创建成效明显，同意命名为示范党支部。"
    participation.status = state
    participation.save()


def _problems(participation, today, n):
    problem = Problem.objects.create(participation=participation, description="主题党日活动形式单一，多为参观学习。",
                                     found_on=today - timedelta(days=40))
    states = [(Rectification.State.OPEN, -10), (Rectification.State.OPEN, 20), (Rectification.State.DONE, -5),
              (Rectification.State.CLOSED, -30)]
    state, offset = states[n % len(states)]  # returned, reviewed ×2, approved ×2: one of each, then overdue again
    Rectification.objects.create(
        problem=problem, measure="制定主题党日年度计划，结合业务研讨和志愿服务开展。", owner="组织委员",
        deadline=today + timedelta(days=offset), status=state,
        evidence_note="已制定年度计划并按月落实。" if state != Rectification.State.OPEN else "",
        done_on=today - timedelta(days=3) if state != Rectification.State.OPEN else None,
        closed_on=today - timedelta(days=1) if state == Rectification.State.CLOSED else None,
    )
