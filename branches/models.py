from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from accounts.scope import RestrictedQuerySet
from branches.choices import (
    BRANCH_KINDS,
    CommitteeRole,
    FoundingMode,
    OrgKind,
    OrgStatus,
    UnitType,
)
from branches.validators import validate_credit_code
from core.settings_rows import SettingsRow


class RuleSet(SettingsRow):
    """The configurable thresholds of docs/domain.md §1, kept as data (one row, edited in the admin)."""

    min_full_members_for_branch = models.PositiveSmallIntegerField("单独建支部的正式党员下限", default=3)
    max_branch_members = models.PositiveSmallIntegerField("党支部党员人数上限", default=50)
    general_branch_min_members = models.PositiveSmallIntegerField("可设党总支的党员人数", default=50)
    committee_min_members = models.PositiveSmallIntegerField("可设基层党委的党员人数", default=100)
    branch_committee_min_members = models.PositiveSmallIntegerField("应设支部委员会的党员人数", default=7)
    committee_min_size = models.PositiveSmallIntegerField("支委会最少委员数", default=3)
    term_years_branch = models.PositiveSmallIntegerField("支部、总支任期（年）", default=3)
    term_years_committee = models.PositiveSmallIntegerField("党委任期（年）", default=5)
    election_notice_days = models.PositiveSmallIntegerField("换届提前提醒天数", default=180)
    joint_branch_max_units = models.PositiveSmallIntegerField("联合党支部覆盖单位数预警线", default=10)
    designated_size_employees = models.PositiveIntegerField("规模以上：从业人员", default=100)
    designated_size_employees_with_revenue = models.PositiveIntegerField("规模以上：从业人员（配合营收）", default=50)
    designated_size_revenue = models.DecimalField(
        "规模以上：年营业收入（万元）", max_digits=12, decimal_places=2, default=Decimal("500")
    )
    instructor_max_units = models.PositiveSmallIntegerField("党建指导员联系单位上限", default=10)

    class Meta:
        verbose_name = verbose_name_plural = "组织工作规则"


class Region(models.Model):
    """行政区划 (GB/T 2260 six-digit code)."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self):
        return self.name


class Industry(models.Model):
    """国民经济行业分类 (GB/T 4754) sections."""

    code = models.CharField("行业代码", max_length=8, unique=True)
    name = models.CharField("名称", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "行业"
        ordering = ["code"]

    def __str__(self):
        return self.name


class OrganizationQuerySet(MP_NodeQuerySet, RestrictedQuerySet):
    scope_path_field = "path"

    def active(self):
        return self.filter(status=OrgStatus.ACTIVE)

    def branches(self):
        return self.filter(kind__in=BRANCH_KINDS)

    def subtree_of(self, org: "Organization"):
        return self.filter(path__startswith=org.path)

    def with_member_counts(self):
        member = self.model._meta.get_field("members").related_model  # members.Member, through its relation
        active = member.objects.current().filter(organization=OuterRef("pk"))
        full = active.filter(status="full")
        return self.annotate(
            member_count=_count_subquery(active),
            full_member_count=_count_subquery(full),
        )


def _count_subquery(qs):
    return models.Subquery(
        qs.order_by().values("organization").annotate(n=Count("pk")).values("n")[:1],
        output_field=models.IntegerField(),
    )


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self):
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(MP_Node):
    """A party organization. The tree uses materialized paths (django-treebeard MP_Node): a
    subtree is one indexed `path LIKE 'prefix%'`, which is what every scope check needs."""

    steplen = 4
    node_order_by = []

    code = models.CharField("组织代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=24, choices=OrgKind.choices)
    founding_mode = models.CharField("组建方式", max_length=16, choices=FoundingMode.choices, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name="行政区划")
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, verbose_name="行业")
    guided_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guided",
        limit_choices_to={"kind": OrgKind.INDUSTRY_COMMITTEE},
        verbose_name="行业指导党委",
    )
    founded_on = models.DateField("成立日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        "任期（年）", null=True, blank=True, help_text="留空按组织工作规则的默认任期（支部、总支3年，党委5年）。"
    )
    term_started_on = models.DateField("本届任期开始", null=True, blank=True)
    term_ends_on = models.DateField("本届任期届满", null=True, blank=True)
    secretary_heads_unit = models.BooleanField("书记与单位负责人一肩挑", default=False)

    objects = OrganizationManager()

    class Meta:
        verbose_name = verbose_name_plural = "党组织"
        indexes = [
            # LIKE 'prefix%' needs the pattern opclass under a non-C collation.
            models.Index(fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "status"], name="org_kind_status_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branches:organization", args=[self.pk])

    def clean(self):
        errors = {}
        if self.term_started_on and self.term_ends_on and self.term_ends_on <= self.term_started_on:
            errors["term_ends_on"] = "任期届满日期应晚于任期开始日期。"
        if self.founded_on and self.dissolved_on and self.dissolved_on < self.founded_on:
            errors["dissolved_on"] = "撤销日期不能早于成立日期。"
        if errors:
            raise ValidationError(errors)

    @property
    def is_branch(self) -> bool:
        return self.kind in BRANCH_KINDS

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    def default_term_years(self, rules: RuleSet | None = None) -> int:
        rules = rules or RuleSet.current()
        if self.term_years:
            return self.term_years
        if self.kind in (OrgKind.COMMITTEE, OrgKind.WORK_COMMITTEE, OrgKind.INDUSTRY_COMMITTEE):
            return rules.term_years_committee
        return rules.term_years_branch

    def term_days_left(self, today: date | None = None) -> int | None:
        if not self.term_ends_on:
            return None
        today = today or timezone.localdate()
        return (self.term_ends_on - today).days

    def current_committee(self):
        rank = models.Case(
            *[models.When(role=role, then=i) for i, role in enumerate(CommitteeRole.values)],
            output_field=models.IntegerField(),
        )
        return self.committee_members.filter(ended_on__isnull=True).order_by(rank, "started_on", "pk")


class CommitteeMember(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="committee_members", verbose_name="党组织"
    )
    role = models.CharField("职务", max_length=16, choices=CommitteeRole.choices)
    name = models.CharField("姓名", max_length=50)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="党员"
    )
    started_on = models.DateField("任职日期", null=True, blank=True)
    ended_on = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "委员会成员"
        ordering = ["organization", "ended_on", "role"]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"


class PartyGroup(models.Model):
    """党小组: a subdivision of a branch, not an organization with its own committee."""

    branch = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="party_groups", verbose_name="所属支部")
    name = models.CharField("名称", max_length=60)
    leader = models.CharField("组长", max_length=50, blank=True)

    objects = RestrictedQuerySet.as_manager(scope_path_field="branch__path")

    class Meta:
        verbose_name = verbose_name_plural = "党小组"
        ordering = ["branch", "name"]
        constraints = [models.UniqueConstraint(fields=["branch", "name"], name="unique_group_name_per_branch")]

    def __str__(self):
        return f"{self.branch.name}·{self.name}"


class Instructor(models.Model):
    """党建指导员 / 第一书记, dispatched by an organization (谁派出，谁主管)."""

    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    title = models.CharField("类别", max_length=20, default="党建指导员")
    dispatched_by = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="instructors", verbose_name="派出组织"
    )

    objects = RestrictedQuerySet.as_manager(scope_path_field="dispatched_by__path")

    class Meta:
        verbose_name = verbose_name_plural = "党建指导员"
        ordering = ["name"]

    def __str__(self):
        return self.name


class HostUnitQuerySet(RestrictedQuerySet):
    """A unit is visible to whoever sees the organization managing it or one covering it."""

    scope_path_field = "managed_by__path"

    def restrict(self, user, action="view"):
        from accounts.scope import scope_q

        managed = scope_q(user, action, "managed_by__path")
        if managed is None:
            return self
        covering = scope_q(user, action, "organization__path")
        covered_in_scope = UnitCoverage.objects.filter(covering, unit=OuterRef("pk"))
        return self.filter(managed | Q(Exists(covered_in_scope)))

    def with_coverage(self):
        active_cover = UnitCoverage.objects.filter(unit=OuterRef("pk"), organization__status=OrgStatus.ACTIVE)
        return self.annotate(
            has_organization=Exists(active_cover),
            has_own_organization=Exists(active_cover.filter(organization__founding_mode=FoundingMode.SINGLE)),
        )

    def should_have_organization(self, rules: RuleSet | None = None):
        rules = rules or RuleSet.current()
        return self.filter(should_have_q(rules))


def should_have_q(rules: RuleSet) -> Q:
    """应建: ≥ 3 full members, or above designated size (规模以上)."""
    return (
        Q(full_member_count__gte=rules.min_full_members_for_branch)
        | Q(employees__gte=rules.designated_size_employees)
        | Q(employees__gte=rules.designated_size_employees_with_revenue, annual_revenue__gte=rules.designated_size_revenue)
    )


class HostUnit(models.Model):
    name = models.CharField("单位名称", max_length=150)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    unit_type = models.CharField("单位类型", max_length=24, choices=UnitType.choices)
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT, verbose_name="行业")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name="行政区划")
    employees = models.PositiveIntegerField("从业人员数", default=0)
    annual_revenue = models.DecimalField("年营业收入（万元）", max_digits=14, decimal_places=2, default=0)
    party_member_count = models.PositiveIntegerField("党员人数", default=0)
    full_member_count = models.PositiveIntegerField("其中正式党员", default=0)
    owner_is_member = models.BooleanField("出资人（负责人）是党员", default=False)
    has_union = models.BooleanField("建立工会", default=False)
    has_youth_league = models.BooleanField("建立共青团", default=False)
    has_womens_federation = models.BooleanField("建立妇联", default=False)
    managed_by = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="managed_units", verbose_name="属地（主管）党组织"
    )
    organizations = models.ManyToManyField(
        Organization, through="UnitCoverage", related_name="units", blank=True, verbose_name="覆盖党组织"
    )
    instructor = models.ForeignKey(
        Instructor, null=True, blank=True, on_delete=models.SET_NULL, related_name="units", verbose_name="党建指导员"
    )
    is_active = models.BooleanField("存续", default=True)

    objects = HostUnitQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="unique_credit_code"
            ),
            models.CheckConstraint(
                condition=Q(full_member_count__lte=models.F("party_member_count")), name="full_members_le_members"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branches:unit", args=[self.pk])

    def clean(self):
        self.credit_code = (self.credit_code or "").strip().upper()
        if self.full_member_count > self.party_member_count:
            raise ValidationError({"full_member_count": "正式党员人数不能多于党员人数。"})

    def is_above_designated_size(self, rules: RuleSet) -> bool:
        return self.employees >= rules.designated_size_employees or (
            self.employees >= rules.designated_size_employees_with_revenue
            and self.annual_revenue >= rules.designated_size_revenue
        )

    def should_have_organization(self, rules: RuleSet | None = None) -> bool:
        rules = rules or RuleSet.current()
        return self.full_member_count >= rules.min_full_members_for_branch or self.is_above_designated_size(rules)


class UnitCoverage(models.Model):
    unit = models.ForeignKey(HostUnit, on_delete=models.CASCADE, related_name="coverages")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="coverages")
    since = models.DateField("覆盖起始", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "党组织覆盖"
        constraints = [models.UniqueConstraint(fields=["unit", "organization"], name="unique_unit_coverage")]
