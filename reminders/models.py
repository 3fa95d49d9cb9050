from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from core.settings_rows import SettingsRow


def default_meeting_leads():
    return [3, 1]


def default_election_days():
    return [180, 90, 30, 7]


class ReminderSettings(SettingsRow):
    """When reminders go out, kept as data (one row, edited in the admin)."""

    meeting_lead_days = ArrayField(models.PositiveSmallIntegerField(), default=default_meeting_leads,
                                   verbose_name="会议提前提醒天数")
    requirement_days_before_end = models.PositiveSmallIntegerField("期末前几天提醒未完成的组织生活", default=7)
    election_days = ArrayField(models.PositiveSmallIntegerField(), default=default_election_days,
                               verbose_name="任期届满前提醒天数")
    pipeline_notice_days = models.PositiveSmallIntegerField("发展党员节点提前提醒天数", default=30)
    max_attempts = models.PositiveSmallIntegerField("发送失败最多重试次数", default=5)
    retry_base_seconds = models.PositiveSmallIntegerField("首次重试间隔（秒，之后逐次加倍）", default=30)

    class Meta:
        verbose_name = verbose_name_plural = "提醒设置"


class Channel(models.TextChoices):
    INBOX = "inbox", "站内消息"
    EMAIL = "email", "邮件"


class Status(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Reminder(models.Model):
    """One reminder to one person through one channel. The unique key (kind, subject, due date,
    recipient, channel) is what makes a sweep safe to run twice, or twice at once."""

    kind = models.CharField("类型", max_length=40)
    subject = models.CharField("对象", max_length=60, help_text="如 meeting:12、org:5")
    due_date = models.DateField("到期日")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "提醒"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject", "due_date", "recipient", "channel"],
                                    name="unique_reminder_key"),
        ]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"], name="reminder_inbox_idx"),
            models.Index(fields=["channel", "status"], name="reminder_delivery_idx",
                         condition=~models.Q(status="sent")),
        ]

    def __str__(self):
        return f"{self.title} → {self.recipient}（{self.get_channel_display()}）"
