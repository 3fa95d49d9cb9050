"""A campaign (创建周期): one scheme, the participating branches, phases with dates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from assessments.models.schemes import Scheme
from assessments.models.visibility import WiderViewQuerySet


class CampaignQuerySet(WiderViewQuerySet):
    """Visible to the organizer's subtree, and to a branch taking part (for its own assessment)."""

    scope_path_field = "organizer__path"
    visible_through = "participations"


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
