"""Writes for schemes, campaigns, plans and the 九有 venue record. Scoring and review: workflow.py."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from accounts.scope import CHANGE, REVIEW, can, require
from assessments.choices import ASSESSED_KINDS, VenueItem
from assessments.indicator_catalog import CATALOG
from assessments.models import (
    Campaign, CampaignPhase, Criterion, ItemAssessment, Participation, Plan, PlanTask, Scheme, Venue,
)
from core.integrity import unique_violations_as_errors

# 安排部署 May–Jun, 推进 Jul–Dec, 完善提升 Jan–May next year, 总结推广 Jun–Jul (seed 000).
DEFAULT_PHASES = [
    ("安排部署", (0, 5, 1), (0, 6, 30)),
    ("推进", (0, 7, 1), (0, 12, 31)),
    ("完善提升", (1, 1, 1), (1, 5, 31)),
    ("总结推广", (1, 6, 1), (1, 7, 31)),
]


# ---------------------------------------------------------------- schemes


def scheme_in_use(scheme: Scheme) -> bool:
    return scheme.campaigns.exists()


def can_edit_scheme(user, scheme: Scheme) -> bool:
    """Only the owner's reviewers edit a scheme (shipped ones: superusers), and only before any campaign uses it."""
    if scheme.owner_id is None:
        allowed = user.is_superuser
    else:
        allowed = can(user, REVIEW, scheme.owner.path)
    return allowed and not scheme_in_use(scheme)


def _require_editable(user, scheme: Scheme) -> None:
    if scheme_in_use(scheme):
        raise ValidationError("该方案已用于创建周期，为保留历史结果不能修改，请复制后修改。")
    if not can_edit_scheme(user, scheme):
        raise PermissionDenied("您没有权限修改该方案。")


@transaction.atomic
def copy_scheme(scheme: Scheme, user, owner, name: str, year: int | None) -> Scheme:
    """A deep copy (areas, then items under their copied areas) owned by `owner`."""
    require(user, REVIEW, owner.path)
    copy = Scheme.objects.create(name=name.strip() or scheme.name, year=year, source=scheme.source, owner=owner,
                                 copied_from=scheme)
    mapping = {}
    for criterion in scheme.criteria.order_by("kind", "order", "pk"):  # "area" sorts before "item"
        old_pk = criterion.pk
        criterion.pk = None
        criterion.scheme = copy
        criterion.parent_id = mapping.get(criterion.parent_id)
        criterion.save()
        mapping[old_pk] = criterion.pk
    return copy


def _validate_criterion(criterion: Criterion) -> None:
    errors = {}
    if criterion.kind == Criterion.Kind.AREA:
        criterion.parent = None
        criterion.indicator = ""
    elif criterion.parent is None or criterion.parent.scheme_id != criterion.scheme_id or criterion.parent.kind != Criterion.Kind.AREA:
        errors["parent"] = "考核项目须属于本方案的一个考核领域。"
    if criterion.indicator and criterion.indicator not in CATALOG:
        errors["indicator"] = "未知的自动指标。"
    if criterion.kind == Criterion.Kind.ITEM and criterion.max_points <= 0:
        errors["max_points"] = "考核项目的满分应大于0。"
    if criterion.weight <= 0:
        errors["weight"] = "权重应大于0。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_criterion(criterion: Criterion, user) -> Criterion:
    _require_editable(user, criterion.scheme)
    _validate_criterion(criterion)
    if not criterion.order:
        criterion.order = (criterion.scheme.criteria.aggregate(n=Max("order"))["n"] or 0) + 1
    criterion.full_clean()
    criterion.save()
    _sync_area(criterion.parent)
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion, user) -> None:
    _require_editable(user, criterion.scheme)
    area = criterion.parent
    criterion.delete()
    _sync_area(area)


def _sync_area(area: Criterion | None) -> None:
    """An area's maximum is the sum of its items' (shown on the scheme; totals always add items)."""
    if area is not None:
        area.max_points = sum(area.children.values_list("max_points", flat=True), Decimal("0"))
        area.save(update_fields=["max_points"])


# ---------------------------------------------------------------- campaigns


def default_phases(year: int) -> list[tuple[str, date, date]]:
    return [(name, date(year + s[0], s[1], s[2]), date(year + e[0], e[1], e[2])) for name, s, e in DEFAULT_PHASES]


@transaction.atomic
def create_campaign(user, scheme: Scheme, organizer, name: str, year: int, period=None) -> Campaign:
    require(user, REVIEW, organizer.path)
    if not scheme.criteria.filter(kind=Criterion.Kind.ITEM).exists():
        raise ValidationError("该方案还没有考核项目。")
    return new_campaign(scheme, organizer, name, year, period, created_by=user)


@transaction.atomic
def new_campaign(scheme: Scheme, organizer, name: str, year: int, period=None, created_by=None) -> Campaign:
    """The campaign with the default phases (no permission check: create_campaign, or seeding)."""
    phases = default_phases(year)
    start, end = period or (phases[0][1], phases[-1][2])
    if end < start:
        raise ValidationError("指标统计截止日期不能早于起始日期。")
    campaign = Campaign.objects.create(scheme=scheme, organizer=organizer, name=name, year=year,
                                       period_start=start, period_end=end, created_by=created_by)
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
def add_participants(campaign: Campaign, user, branches) -> list[Participation]:
    """Each branch gets its participation, an empty plan and one row per item of the scheme."""
    require(user, REVIEW, campaign.organizer.path)
    have = set(campaign.participations.values_list("branch_id", flat=True))
    created = []
    for branch in branches:
        if branch.pk in have:
            continue
        if branch.kind not in ASSESSED_KINDS or not branch.path.startswith(campaign.organizer.path):
            raise ValidationError(f"{branch.name}不是{campaign.organizer.name}下属的党支部，不能参加。")
        created.append(enrol(campaign, branch, user))
    return created


@transaction.atomic
def enrol(campaign: Campaign, branch, user=None) -> Participation:
    """One branch's participation, plan and item rows (no checks: add_participants, or seeding)."""
    participation = Participation.objects.create(campaign=campaign, branch=branch)
    Plan.objects.create(participation=participation)
    items = campaign.scheme.criteria.filter(kind=Criterion.Kind.ITEM)
    bulk_create_with_history([ItemAssessment(participation=participation, criterion=c) for c in items], ItemAssessment,
                             default_user=user if user and user.is_authenticated else None)
    return participation


# ---------------------------------------------------------------- the branch's plan


def _require_plan_editable(plan: Plan, user) -> None:
    require(user, CHANGE, plan.participation.branch.path)
    if plan.participation.status not in ("draft", "returned", "submitted", "reviewed"):
        raise ValidationError("考核已通过，创建方案不再修改。")


@transaction.atomic
def save_plan(plan: Plan, user) -> Plan:
    _require_plan_editable(plan, user)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def add_task(plan: Plan, user, task: PlanTask) -> PlanTask:
    _require_plan_editable(plan, user)
    task.plan = plan
    if task.phase_id and task.phase.campaign_id != plan.participation.campaign_id:
        raise ValidationError("阶段不属于该创建周期。")
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def set_task_done(task: PlanTask, user, done_on: date | None) -> PlanTask:
    _require_plan_editable(task.plan, user)
    task.done_on = done_on
    task.save(update_fields=["done_on"])
    return task


# ---------------------------------------------------------------- 九有


@transaction.atomic
def save_venue(organization, user, items, address: str = "", note: str = "") -> Venue:
    require(user, CHANGE, organization.path)
    if organization.kind not in ASSESSED_KINDS:
        raise ValidationError("活动阵地在党支部或党总支登记。")
    unknown = set(items) - set(VenueItem.values)
    if unknown:
        raise ValidationError("未知的阵地项目。")
    venue, _ = Venue.objects.get_or_create(organization=organization)
    venue.items = [v for v in VenueItem.values if v in set(items)]
    venue.address, venue.note = address.strip(), note.strip()
    venue._history_user = user
    venue.save()
    return venue


def ensure_default_schemes() -> None:
    """Put back the shipped schemes if missing (a flushed test database, a fresh demo)."""
    import importlib

    from django.apps import apps

    importlib.import_module("assessments.migrations.0002_default_schemes").add_defaults(apps, None)
