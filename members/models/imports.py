"""Roster import jobs (the flow is members.importing.jobs)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from accounts.scope import RestrictedQuerySet


class ImportJob(models.Model):
    """One roster import. The uploaded file is kept in the database between preview and confirm,
    so any web process or Celery worker can read it. A user has at most one job queued or running
    (a partial unique index: two concurrent uploads cannot both insert one)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "待确认"
        INVALID = "invalid", "有错误"
        QUEUED = "queued", "排队中"
        RUNNING = "running", "处理中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey(
        "branches.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="默认党组织", help_text="行内未写党组织时使用",
    )
    file_name = models.CharField("文件名", max_length=255)
    file_data = models.BinaryField("文件内容", editable=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("未变", default=0)
    error_count = models.PositiveIntegerField("错误", default=0)
    errors = models.JSONField("错误明细", default=list, blank=True)
    preview = models.JSONField("预览", default=list, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    queued_at = models.DateTimeField("排队时间", null=True, blank=True, help_text="最近一次交给后台处理的时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "名册导入"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by"], condition=Q(status__in=["queued", "running"]),
                name="one_running_import_per_user", violation_error_message="您已有一个导入正在进行。",
            ),
        ]

    def __str__(self):
        return f"{self.file_name}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("members:import_job", args=[self.pk])

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
