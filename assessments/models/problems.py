"""问题清单 and 整改清单: problems found in review, each tracked through its rectification items to
closure (销号)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.scope import RestrictedQuerySet
from assessments.models.participation import ItemAssessment, Participation


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
