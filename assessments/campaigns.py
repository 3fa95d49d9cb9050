"""Writes for campaigns (创建周期): starting one with the default phases, editing its phases, and
enrolling the branches that take part."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from accounts.scope import REVIEW, require
from assessments.choices import ASSESSED_KINDS
from assessments.models import Campaign, CampaignPhase, Criterion, ItemAssessment, Participation, Plan, Scheme
from core.integrity import unique_violations_as_errors

# 安排部署 May–Jun, 推进 Jul–Dec, 完善提升 Jan–May next year, 总结推广 Jun–Jul (seed 000).
DEFAULT_PHASES = [
    ("安排部署", (0, 5, 1), (0, 6, 30)),
    ("推进", (0, 7, 1), (0, 12, 31)),
    ("完善提升", (1, 1, 1), (1, 5, 31)),
    ("总结推广", (1, 6, 1), (1, 7, 31)),
]


def default_phases(year: int) -> list[tuple[str, date, date]]:
    return [(name, date(year + s[0], s[1], s[2]), date(year + e[0], e[1], e[2])) for name, s, e in DEFAULT_PHASES]


@transaction.atomic
def create_campaign(*, user, scheme: Scheme, organizer, name: str, year: int, period=None) -> Campaign:
    require(user, REVIEW, organizer.path)
    if not scheme.criteria.filter(kind=Criterion.Kind.ITEM).exists():
        raise ValidationError("该方案还没有考核项目。")
    return new_campaign(scheme=scheme, organizer=organizer, name=name, year=year, period=period, created_by=user)


@transaction.atomic
def new_campaign(*, scheme: Scheme, organizer, name: str, year: int, period=None, created_by=None) -> Campaign:
    """The campaign with the default phases (no permission check: create_campaign, or seeding)."""
    phases = default_phases(year)
    start, end = period or (phases[0][1], phases[-1][2])
    if end < start:
        raise ValidationError("指标统计截止日期不能早于起始日期。")
    campaign = Campaign(scheme=scheme, organizer=organizer, name=name, year=year, period_start=start, period_end=end,
                        created_by=created_by)
    campaign.full_clean()
    campaign.save()
    CampaignPhase.objects.bulk_create([
        CampaignPhase(campaign=campaign, order=i, name=n, starts_on=s, ends_on=e) for i, (n, s, e) in enumerate(phases, 1)
    ])
    return campaign


@transaction.atomic
def save_phases(*, campaign: Campaign, user, phases: list[CampaignPhase]) -> list[CampaignPhase]:
    """The phases edited on the campaign's phase page, all or none; a new phase goes after the others."""
    require(user, REVIEW, campaign.organizer.path)
    last = campaign.phases.aggregate(n=Max("order"))["n"] or 0
    for phase in phases:
        if phase.pk is None:
            last += 1
            phase.campaign, phase.order = campaign, last
        elif phase.campaign_id != campaign.pk:
            raise ValidationError("阶段不属于该创建周期。")
        phase.full_clean()
        phase.save()
    return phases


@unique_violations_as_errors()
@transaction.atomic
def add_participants(*, campaign: Campaign, user, branches) -> list[Participation]:
    """Each branch gets its participation, an empty plan and one row per item of the scheme."""
    require(user, REVIEW, campaign.organizer.path)
    have = set(campaign.participations.values_list("branch_id", flat=True))
    created = []
    for branch in branches:
        if branch.pk in have:
            continue
        if branch.kind not in ASSESSED_KINDS or not branch.path.startswith(campaign.organizer.path):
            raise ValidationError(f"{branch.name}不是{campaign.organizer.name}下属的党支部，不能参加。")
        created.append(enrol(campaign=campaign, branch=branch, user=user))
    return created


@transaction.atomic
def enrol(*, campaign: Campaign, branch, user=None) -> Participation:
    """One branch's participation, plan and item rows (no permission check: add_participants, or seeding)."""
    participation = Participation.objects.create(campaign=campaign, branch=branch)
    Plan.objects.create(participation=participation)
    items = campaign.scheme.criteria.filter(kind=Criterion.Kind.ITEM)
    bulk_create_with_history([ItemAssessment(participation=participation, criterion=c) for c in items], ItemAssessment,
                             default_user=user if user and user.is_authenticated else None)
    return participation
