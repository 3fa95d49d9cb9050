"""Per-organization figures the dashboards sum over a subtree.

Counting a province's 200,000 members and a year's 270,000 meetings on every page view costs
seconds, so each organization's own figures are aggregated once in the database
(dashboards.figures.refresh) and summed per request, which costs the same at any scale. A row is
recomputed when it is marked stale (signals on the records it counts), when it is older than
DASHBOARD_FIGURES_MAX_AGE_MINUTES, or on a new day (ages and periods move). Coverage, elections and
the development pipeline are counted live: their tables are small.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class OrgFigures(models.Model):
    """An organization's own figures (not its subtree's): current members by dimension, committee size,
    last meeting held. Array positions follow dashboards.dimensions."""

    organization = models.OneToOneField(
        "branches.Organization", primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name="党组织"
    )
    computed_at = models.DateTimeField("统计时间")
    stale = models.BooleanField("待重算", default=False)
    last_held_on = models.DateField("最近召开会议", null=True, blank=True)
    members = models.PositiveIntegerField("在册党员", default=0)
    full_members = models.PositiveIntegerField("正式党员", default=0)
    gender = ArrayField(models.IntegerField(), verbose_name="性别")
    age = ArrayField(models.IntegerField(), verbose_name="年龄段")
    education = ArrayField(models.IntegerField(), verbose_name="学历")
    category = ArrayField(models.IntegerField(), verbose_name="人员类别")
    ethnicity = models.JSONField("民族", default=dict)
    committee_size = models.PositiveSmallIntegerField("在任委员", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "统计数据（组织）"
        indexes = [
            models.Index(fields=["last_held_on", "organization"], name="figures_last_held_idx"),
            models.Index(fields=["computed_at"], name="figures_computed_idx"),
        ]


class LifeFigures(models.Model):
    """三会一课 of one branch in one year, for one kind ("" = all kinds): per month, how many required
    items ended in that month and how many were met; ytd_* counts only periods already over."""

    organization = models.ForeignKey(
        "branches.Organization", on_delete=models.CASCADE, related_name="+", verbose_name="党组织"
    )
    kind = models.CharField("会议类型", max_length=24, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    required = ArrayField(models.IntegerField(), size=12, verbose_name="应开（按月）")
    met = ArrayField(models.IntegerField(), size=12, verbose_name="已达标（按月）")
    ytd_required = models.PositiveIntegerField("已结束周期应开", default=0)
    ytd_met = models.PositiveIntegerField("已结束周期达标", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "统计数据（组织生活）"
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="unique_life_figures")]
        indexes = [models.Index(fields=["kind", "year"], name="life_kind_year_idx")]
