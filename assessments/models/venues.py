"""The branch's activity venue (活动阵地) against the 九有 checklist (assessments.choices.VenueItem)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.scope import RestrictedQuerySet
from assessments.choices import VenueItem


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
