"""示范党支部 creation and assessment (DOMAIN.md §5): schemes as data, campaigns, plans, scores, 问题清单.

Scores point at the criteria of the scheme version they were made under; a scheme that has been
scored is edited only through a copy (services.copy_scheme), so past results never move.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.scope import VIEW, RestrictedQuerySet, scope_q

CENT = Decimal("0.01")


class WiderViewQuerySet(RestrictedQuerySet):
    """Scoped by `scope_path_field`; for VIEW, also whatever `also_visible(user)` admits."""

    def also_visible(self, user) -> Q:
        raise NotImplementedError

    def restrict(self, user, action=VIEW):
        q = scope_q(user, action, self.scope_path_field)
        if q is None:
            return self
        return self.filter(q | self.also_visible(user) if action == VIEW else q)


class SchemeQuerySet(WiderViewQuerySet):
    """Shipped schemes (no owner) are visible to everybody; a copy to its owner's subtree and to the
    branches of a campaign using it."""

    scope_path_field = "owner__path"

    def also_visible(self, user) -> Q:
        return Q(owner__isnull=True) | Q(Exists(Campaign.objects.restrict(user, VIEW).filter(scheme=OuterRef("pk"))))


class Scheme(models.Model):
    name = models.CharField("方案名称", max_length=120)
    year = models.PositiveSmallIntegerField("适用年度", null=True, blank=True, help_text="留空为通用模板")
    source = models.CharField("依据", max_length=200, blank=True)
    owner = models.ForeignKey("branches.Organization", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="制定单位", help_text="留空为系统内置方案")
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="copies", verbose_name="复制自")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核方案"
        ordering = ["-year", "name", "pk"]

    def __str__(self):
        return f"{self.name}（{self.year}年）" if self.year else self.name

    def get_absolute_url(self):
        return reverse("assessments:scheme", args=[self.pk])


class Criterion(models.Model):
    """An area (领域) or an item (项目) below it. Items carry the points; an item bound to an
    indicator is computed from the records (assessments.indicators), never typed."""

    class Kind(models.TextChoices):
        AREA = "area", "考核领域"
        ITEM = "item", "考核项目"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name="所属领域")
    kind = models.CharField("层级", max_length=8, choices=Kind.choices, default=Kind.ITEM)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    title = models.CharField("名称", max_length=200)
    description = models.TextField("考核内容", blank=True)
    max_points = models.DecimalField("满分", max_digits=6, decimal_places=2, default=Decimal("0"))
    weight = models.DecimalField("权重", max_digits=5, decimal_places=2, default=Decimal("1"),
                                 help_text="得分乘以权重计入总分（领域权重再乘一次）")
    evidence_required = models.TextField("佐证材料要求", blank=True)
    indicator = models.CharField("自动指标", max_length=40, blank=True, help_text="留空为人工评分")

    class Meta:
        verbose_name = verbose_name_plural = "考核指标"
        ordering = ["scheme", "order", "pk"]

    def __str__(self):
        return self.title

    @property
    def indicator_label(self) -> str:
        from assessments.indicators import REGISTRY

        found = REGISTRY.get(self.indicator)
        return found.label if found else self.indicator

    @property
    def factor(self) -> Decimal:
        return self.weight * (self.parent.weight if self.parent_id else 1)

    @property
    def weighted_max(self) -> Decimal:
        return (self.max_points * self.factor).quantize(CENT)


class CampaignQuerySet(WiderViewQuerySet):
    """Visible to the organizer's subtree, and to a branch taking part (for its own assessment)."""

    scope_path_field = "organizer__path"

    def also_visible(self, user) -> Q:
        return Q(Exists(Participation.objects.restrict(user, VIEW).filter(campaign=OuterRef("pk"))))


class Campaign(models.Model):
    """创建周期: one scheme, the participating branches, phases with dates."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="campaigns", verbose_name="考核方案")
    name = models.CharField("名称", max_length=120)
    organizer = models.ForeignKey("branches.Organization", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="组织单位")
    year = models.PositiveSmallIntegerField("年度")
    period_start = models.DateField("指标统计起始")
    period_end = models.DateField("指标统计截止")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "示范创建周期"
        ordering = ["-year", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assessments:campaign", args=[self.pk])


class CampaignPhase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("阶段", max_length=40)
    starts_on = models.DateField("开始")
    ends_on = models.DateField("结束")

    class Meta:
        verbose_name = verbose_name_plural = "创建阶段"
        ordering = ["campaign", "order", "starts_on"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "阶段结束日期不能早于开始日期。"})


class Status(models.TextChoices):
    DRAFT = "draft", "填报中"
    SUBMITTED = "submitted", "已提交"
    REVIEWED = "reviewed", "已评审"
    APPROVED = "approved", "已通过（示范党支部）"
    RETURNED = "returned", "已退回"


class Participation(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    branch = models.ForeignKey("branches.Organization", on_delete=models.PROTECT, related_name="participations",
                               verbose_name="党支部")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    self_total = models.DecimalField("自评总分", max_digits=8, decimal_places=2, default=Decimal("0"))
    final_total = models.DecimalField("评审总分", max_digits=8, decimal_places=2, default=Decimal("0"))
    review_comment = models.TextField("评审意见", blank=True)
    indicators_at = models.DateTimeField("指标计算时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("评审时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="评审人")
    approved_at = models.DateTimeField("通过时间", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager(scope_path_field="branch__path")
    history = HistoricalRecords(verbose_name="考核状态变更记录", excluded_fields=["indicators_at"])

    class Meta:
        verbose_name = verbose_name_plural = "参与支部"
        ordering = ["campaign", "branch__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "branch"], name="unique_participation")]

    def __str__(self):
        return f"{self.campaign} · {self.branch}"

    def get_absolute_url(self):
        return reverse("assessments:participation", args=[self.pk])

    @property
    def branch_can_edit(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    @property
    def reviewable(self) -> bool:
        return self.status in (Status.SUBMITTED, Status.REVIEWED)

    @property
    def ranked(self) -> bool:
        return self.status in (Status.REVIEWED, Status.APPROVED)


class Plan(models.Model):
    """The branch's plan: 1–2 highlights and the 五定 (seed 003)."""

    participation = models.OneToOneField(Participation, on_delete=models.CASCADE, related_name="plan")
    highlight_1 = models.CharField("创建亮点一", max_length=200, blank=True)
    highlight_2 = models.CharField("创建亮点二", max_length=200, blank=True, help_text="可选")
    project = models.CharField("“两带两创”立项项目", max_length=200, blank=True)
    targets = models.TextField("定目标任务", blank=True)
    measures = models.TextField("定工作措施", blank=True)
    deadline = models.DateField("定完成时限", null=True, blank=True)
    contact_leader = models.CharField("定联系领导", max_length=50, blank=True)
    responsible = models.CharField("定责任人员", max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "创建方案（五定）"

    def missing(self) -> list[str]:
        """Labels of what a plan needs before the self-assessment can be submitted."""
        required = ["highlight_1", "targets", "measures", "deadline", "contact_leader", "responsible"]
        return [str(self._meta.get_field(f).verbose_name) for f in required if not getattr(self, f)]


class PlanTask(models.Model):
    """A task broken down from the plan (时间表、路线图、责任人)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("任务", max_length=200)
    owner = models.CharField("责任人", max_length=50)
    deadline = models.DateField("完成时限")
    phase = models.ForeignKey(CampaignPhase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name="阶段")
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "创建任务"
        ordering = ["plan", "deadline", "pk"]

    def __str__(self):
        return self.title


def _points(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class ItemAssessment(models.Model):
    """One item of one branch: the computed value, the branch's own score, the reviewer's score."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField("自评分", max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField("自评说明", blank=True)
    reviewer_score = models.DecimalField("评审分", max_digits=6, decimal_places=2, null=True, blank=True)
    reviewer_comment = models.TextField("评审意见", blank=True)
    auto_value = models.DecimalField("指标值", max_digits=6, decimal_places=4, null=True, blank=True,
                                     help_text="0–1，由记录计算")
    auto_explanation = models.TextField("计算说明", blank=True)
    auto_links = models.JSONField("依据记录", default=list, blank=True)

    history = HistoricalRecords(verbose_name="评分修改记录", excluded_fields=["auto_links"])

    class Meta:
        verbose_name = verbose_name_plural = "项目评分"
        ordering = ["participation", "criterion__parent__order", "criterion__order", "criterion__pk"]
        constraints = [models.UniqueConstraint(fields=["participation", "criterion"], name="unique_item_assessment")]

    def __str__(self):
        return f"{self.participation.branch} · {self.criterion}"

    @property
    def computed(self) -> bool:
        """Bound to an indicator that could be computed: nobody types this score."""
        return bool(self.criterion.indicator) and self.auto_value is not None

    @property
    def auto_points(self) -> Decimal | None:
        return _points(self.auto_value * self.criterion.max_points) if self.auto_value is not None else None

    @property
    def self_points(self) -> Decimal | None:
        return self.auto_points if self.computed else self.self_score

    @property
    def final_points(self) -> Decimal | None:
        return self.auto_points if self.computed else self.reviewer_score


def evidence_path(instance, filename):
    import secrets

    return f"assessments/{instance.item.participation_id}/{secrets.token_hex(8)}-{filename}"


class Evidence(models.Model):
    """佐证材料: an uploaded file or a link to a meeting record of the branch."""

    item = models.ForeignKey(ItemAssessment, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path, blank=True)
    original_name = models.CharField("文件名", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    meeting = models.ForeignKey("activities.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name="会议记录")
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["item", "uploaded_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(file="") | Q(meeting__isnull=False),
                                              name="evidence_file_or_meeting")]

    def __str__(self):
        return self.original_name or str(self.meeting)


class Problem(models.Model):
    """问题清单: a problem found in review."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="problems")
    item = models.ForeignKey(ItemAssessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="相关项目")
    description = models.TextField("问题")
    found_on = models.DateField("发现日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedQuerySet.as_manager(scope_path_field="participation__branch__path")

    class Meta:
        verbose_name = verbose_name_plural = "问题清单"
        ordering = ["participation", "found_on", "pk"]

    def __str__(self):
        return self.description[:40]


class Rectification(models.Model):
    """整改清单: one rectification item of a problem, tracked to closure (销号)."""

    class State(models.TextChoices):
        OPEN = "open", "整改中"
        DONE = "done", "已整改待销号"
        CLOSED = "closed", "已销号"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="rectifications")
    measure = models.TextField("整改措施")
    owner = models.CharField("责任人", max_length=50)
    deadline = models.DateField("整改时限")
    status = models.CharField("状态", max_length=8, choices=State.choices, default=State.OPEN)
    evidence_note = models.TextField("整改情况", blank=True)
    evidence_file = models.FileField("整改佐证", upload_to="rectifications/", blank=True)
    evidence_name = models.CharField("文件名", max_length=200, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager(scope_path_field="problem__participation__branch__path")
    history = HistoricalRecords(verbose_name="整改修改记录")

    class Meta:
        verbose_name = verbose_name_plural = "整改清单"
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="rectification_due_idx")]

    def __str__(self):
        return self.measure[:40]

    def overdue(self, today) -> bool:
        return self.status == self.State.OPEN and self.deadline < today


class VenueItem(models.TextChoices):
    """阵地 standard “九有” (seed 001)."""

    ACTIVITY_ROOM = "activity_room", "党员活动室"
    READING_ROOM = "reading_room", "图书阅览室"
    TALK_ROOM = "talk_room", "职工说事室"
    FURNITURE = "furniture", "会议桌椅"
    AV = "av", "电教设备"
    FLAG = "flag", "党旗"
    RULES = "rules", "党建制度"
    NETWORK_CHART = "network_chart", "党组织网络图"
    PORTRAITS = "portraits", "党员群像图"


class Venue(models.Model):
    """The branch's activity venue against the 九有 checklist, recorded once and kept current."""

    organization = models.OneToOneField("branches.Organization", on_delete=models.CASCADE, related_name="venue")
    items = ArrayField(models.CharField(max_length=20, choices=VenueItem.choices), default=list, blank=True,
                       verbose_name="已具备")
    address = models.CharField("阵地地址", max_length=200, blank=True)
    note = models.TextField("说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="阵地登记修改记录")

    class Meta:
        verbose_name = verbose_name_plural = "活动阵地（九有）"

    def __str__(self):
        return f"{self.organization} 活动阵地"
