"""One branch in one campaign: its status, its plan (五定) and tasks, one row per scored item, and the
evidence (佐证材料) attached to an item."""

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.scope import RestrictedQuerySet
from assessments.choices import Status
from assessments.models.campaigns import Campaign, CampaignPhase
from assessments.models.schemes import CENT, Criterion


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
