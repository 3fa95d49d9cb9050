import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.scope import RestrictedQuerySet
from activities.choices import Audience, MeetingKind, MeetingStatus, Period, Presence, TopicCategory
from core.settings_rows import SettingsRow


class ActivityRules(SettingsRow):
    """Settings of organizational life kept as data (one row)."""

    evidence_lock_days = models.PositiveSmallIntegerField(
        "会议记录锁定天数", default=7, help_text="召开后超过该天数，修改须填写修改说明，并保留修改记录。"
    )
    absence_flag_months = models.PositiveSmallIntegerField("连续无故缺席提示（月）", default=6)
    max_attachment_mb = models.PositiveSmallIntegerField("附件大小上限（MB）", default=10)
    due_soon_days = models.PositiveSmallIntegerField("期末提前提示天数", default=7)

    class Meta:
        verbose_name = verbose_name_plural = "组织生活设置"


class Requirement(models.Model):
    """How often a kind of meeting is required. Most specific wins: an organization's own row,
    then its organization kind's, then the default (both blank)."""

    kind = models.CharField("会议类型", max_length=24, choices=MeetingKind.choices)
    period = models.CharField("周期", max_length=10, choices=Period.choices)
    times = models.PositiveSmallIntegerField("次数", default=1)
    org_kind = models.CharField("适用组织类型", max_length=24, blank=True, help_text="留空为默认")
    organization = models.ForeignKey(
        "branches.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="requirements",
        verbose_name="适用党组织", help_text="留空为默认",
    )
    per_group = models.BooleanField("按党小组计", default=False)
    active = models.BooleanField("启用", default=True, help_text="在具体组织上停用某项要求时取消勾选")

    class Meta:
        verbose_name = verbose_name_plural = "组织生活要求"
        ordering = ["kind", "organization", "org_kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "org_kind", "organization"], name="unique_requirement_scope",
                                    nulls_distinct=False),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_period_display()}{self.times}次"


class MeetingAudience(models.Model):
    """Who a kind of meeting expects; `activities.attendees` reads it (the one definition)."""

    kind = models.CharField("会议类型", max_length=24, choices=MeetingKind.choices, unique=True)
    audience = models.CharField("应到人员", max_length=12, choices=Audience.choices)

    class Meta:
        verbose_name = verbose_name_plural = "会议应到人员"
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.get_audience_display()}"


class MeetingQuerySet(RestrictedQuerySet):
    def held(self):
        return self.filter(status=MeetingStatus.HELD)

    def of_kind(self, kind: str):
        return self.filter(kinds__contains=[kind])


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Meeting(models.Model):
    organization = models.ForeignKey(
        "branches.Organization", on_delete=models.PROTECT, related_name="meetings", verbose_name="党组织"
    )
    party_group = models.ForeignKey(
        "branches.PartyGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings",
        verbose_name="党小组", help_text="党小组会必填",
    )
    kinds = ArrayField(models.CharField(max_length=24, choices=MeetingKind.choices), verbose_name="会议类型")
    status = models.CharField("状态", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    planned_at = models.DateTimeField("计划时间")
    held_at = models.DateTimeField("召开时间", null=True, blank=True)
    place = models.CharField("地点", max_length=120, blank=True)
    topic = models.CharField("主题", max_length=200)
    topic_category = models.CharField("主题类别", max_length=16, choices=TopicCategory.choices, default=TopicCategory.THEORY)
    host = models.CharField("主持人", max_length=50, blank=True)
    recorder = models.CharField("记录人", max_length=50, blank=True)
    lecturer = models.CharField("授课人", max_length=50, blank=True, help_text="党课填写")
    lecturer_is_secretary = models.BooleanField("书记讲党课", default=False)
    minutes = models.TextField("会议记录", blank=True)
    resolutions = models.TextField("决议事项", blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="会议记录修改历史", excluded_fields=["created_at"])

    class Meta:
        verbose_name = verbose_name_plural = "会议活动"
        ordering = ["-planned_at"]
        indexes = [
            models.Index(fields=["organization", "planned_at"], name="meeting_org_planned_idx"),
            GinIndex(fields=["kinds"], name="meeting_kinds_gin"),
        ]

    def __str__(self):
        return f"{self.kinds_display}：{self.topic}"

    def get_absolute_url(self):
        return reverse("activities:meeting", args=[self.pk])

    @property
    def kinds_display(self) -> str:
        labels = dict(MeetingKind.choices)
        return "、".join(labels.get(k, k) for k in self.kinds)

    @property
    def when(self):
        return self.held_at or self.planned_at

    def clean(self):
        errors = {}
        if not self.kinds:
            errors["kinds"] = "请至少选择一种会议类型。"
        elif len(set(self.kinds)) != len(self.kinds):
            self.kinds = list(dict.fromkeys(self.kinds))
        if self.kinds and MeetingKind.GROUP_MEETING in self.kinds and not self.party_group_id:
            errors["party_group"] = "党小组会须选择党小组。"
        if self.party_group_id and self.organization_id and self.party_group.branch_id != self.organization_id:
            errors["party_group"] = "党小组不属于该支部。"
        if self.status == MeetingStatus.HELD and not self.held_at:
            errors["held_at"] = "已召开的会议须填写召开时间。"
        if self.status == MeetingStatus.CANCELLED and not self.cancel_reason.strip():
            errors["cancel_reason"] = "取消会议须填写原因。"
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="attendances"
    )
    guest_name = models.CharField("姓名（名册外）", max_length=50, blank=True,
                                  help_text="列席的非党员，或未关联名册的支部委员")
    expected = models.BooleanField("应到", default=True, help_text="否为列席：不计应到人数，不算缺席")
    presence = models.CharField("出席情况", max_length=10, choices=Presence.choices, default=Presence.ABSENT)
    leave_reason = models.CharField("请假事由", max_length=100, blank=True)

    history = HistoricalRecords(verbose_name="出席修改历史")

    class Meta:
        verbose_name = verbose_name_plural = "出席情况"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="unique_attendance_per_member"),
            models.CheckConstraint(condition=models.Q(member__isnull=False) | ~models.Q(guest_name=""),
                                   name="attendance_member_or_guest"),
            models.CheckConstraint(condition=models.Q(expected=True) | models.Q(presence=Presence.PRESENT),
                                   name="attendance_sitting_in_is_present"),
        ]

    def __str__(self):
        return f"{self.member or self.guest_name} {self.get_presence_display()}"


def attachment_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{secrets.token_hex(8)}-{filename}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", "照片"
        SIGN_IN = "sign_in", "签到表"
        DOCUMENT = "document", "材料"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.PHOTO)
    file = models.FileField("文件", upload_to=attachment_path)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议附件"


class CalendarFeed(models.Model):
    """A secret URL per organization that phone calendars subscribe to."""

    organization = models.OneToOneField("branches.Organization", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "日历订阅"
