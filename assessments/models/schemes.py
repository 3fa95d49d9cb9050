"""Schemes as data: a scheme (考核方案) is areas (领域) with items (项目) below them.

Scores point at the criteria of the scheme version they were made under; a scheme that has been
scored is edited only through a copy (assessments.schemes.copy_scheme), so past results never move.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse

from assessments import indicator_catalog
from assessments.models.visibility import WiderViewQuerySet

CENT = Decimal("0.01")


class SchemeQuerySet(WiderViewQuerySet):
    """Shipped schemes (no owner) are visible to everybody; a copy to its owner's subtree and to the
    branches of a campaign using it."""

    scope_path_field = "owner__path"
    visible_through = "campaigns"

    def also_visible(self, user) -> Q:
        return Q(owner__isnull=True) | super().also_visible(user)


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
    indicator (assessments.indicator_catalog) is computed from the records, never typed."""

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
        return indicator_catalog.find(self.indicator).label

    @property
    def indicator_explanation(self) -> str:
        return indicator_catalog.find(self.indicator).explanation

    @property
    def factor(self) -> Decimal:
        return self.weight * (self.parent.weight if self.parent_id else 1)

    @property
    def weighted_max(self) -> Decimal:
        return (self.max_points * self.factor).quantize(CENT)
