"""发展党员 records: the rules' durations (one settings row), each applicant and the steps they took."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.scope import RestrictedQuerySet
from core.settings_rows import SettingsRow


class Stage(models.TextChoices):
    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"
    STOPPED = "stopped", "终止发展"


STAGE_ORDER = [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL]


class PipelineRules(SettingsRow):
    """Durations of the development pipeline (docs/domain.md §4), kept as data; one row."""

    min_age = models.PositiveSmallIntegerField("申请入党最低年龄", default=18)
    talk_within_days = models.PositiveSmallIntegerField("收到申请后谈话期限（天）", default=30)
    activist_review_months = models.PositiveSmallIntegerField("积极分子考察间隔（月）", default=6)
    activist_min_months = models.PositiveSmallIntegerField("积极分子最短培养期（月）", default=12)
    candidate_min_training_days = models.PositiveSmallIntegerField("发展对象集中培训最少天数", default=3)
    approval_within_months = models.PositiveSmallIntegerField("上级审批期限（月）", default=3)
    approval_max_months = models.PositiveSmallIntegerField("上级审批最长期限（月）", default=6)
    probation_months = models.PositiveSmallIntegerField("预备期（月）", default=12)
    probation_max_extension_months = models.PositiveSmallIntegerField("预备期最多延长（月）", default=12)
    due_notice_days = models.PositiveSmallIntegerField("到期提前提示（天）", default=30)

    class Meta:
        verbose_name = verbose_name_plural = "发展党员规则"


class Applicant(models.Model):
    """A person in the development pipeline, from application to full membership."""

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=8, choices=[("male", "男"), ("female", "女")])
    birth_date = models.DateField("出生日期")
    id_number = models.CharField("公民身份号码", max_length=18, unique=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    education = models.CharField("学历", max_length=12, blank=True)
    job = models.CharField("工作岗位", max_length=60, blank=True)
    organization = models.ForeignKey(
        "branches.Organization", on_delete=models.PROTECT, related_name="applicants", verbose_name="所在党组织"
    )
    stage = models.CharField("当前阶段", max_length=16, choices=Stage.choices, default=Stage.APPLICANT)
    applied_on = models.DateField("递交申请日期")
    talked_on = models.DateField("谈话日期", null=True, blank=True)
    activist_on = models.DateField("确定积极分子日期", null=True, blank=True)
    last_review_on = models.DateField("最近一次考察日期", null=True, blank=True)
    candidate_on = models.DateField("确定发展对象日期", null=True, blank=True)
    political_review_on = models.DateField("政治审查完成日期", null=True, blank=True)
    training_days = models.PositiveSmallIntegerField("集中培训天数", default=0)
    branch_vote_on = models.DateField("支部大会讨论日期", null=True, blank=True)
    approved_on = models.DateField("上级党委审批日期", null=True, blank=True)
    probation_extended_months = models.PositiveSmallIntegerField("预备期延长（月）", default=0)
    confirmed_on = models.DateField("转正日期", null=True, blank=True)
    member = models.OneToOneField(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="application", verbose_name="党员档案"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "发展党员"
        ordering = ["organization", "applied_on"]

    def __str__(self):
        return f"{self.name}（{self.get_stage_display()}）"

    def get_absolute_url(self):
        return reverse("members:applicant", args=[self.pk])


class PipelineStep(models.Model):
    """One step taken: its date, who approved it, and the branch meeting that voted on it."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField("进入阶段", max_length=16, choices=Stage.choices)
    on = models.DateField("日期")
    approved_by = models.CharField("批准人（组织）", max_length=100, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    warnings = models.TextField("规则提示", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "发展步骤"
        ordering = ["applicant", "on", "pk"]
