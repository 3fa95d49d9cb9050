"""Choices of the assessment records, and which organizations are assessed. Imports no model, so the
indicator catalog and the models can both stand on it."""

from django.db import models

from branches.choices import BRANCH_KINDS, OrgKind

# Organizations that take part in a campaign and keep a 九有 venue record.
ASSESSED_KINDS = (*BRANCH_KINDS, OrgKind.GENERAL_BRANCH)


class Status(models.TextChoices):
    """Where one branch's assessment stands (assessments.workflow moves it)."""

    DRAFT = "draft", "填报中"
    SUBMITTED = "submitted", "已提交"
    REVIEWED = "reviewed", "已评审"
    APPROVED = "approved", "已通过（示范党支部）"
    RETURNED = "returned", "已退回"


class VenueItem(models.TextChoices):
    """阵地 standard “九有” (seed 001)."""

    ACTIVITY_ROOM = "activity_room", "党员活动室"
    READING_ROOM = "reading_room", "图书阅览室"
    TALK_ROOM = "talk_room", "职工说事室"
    FURNITURE = "furniture", "会议桌椅"
    AV = "av", "电教设备"
    FLAG = "flag", "党旗"
    RULES = "rules", "党建制度"
    NETWORK_CHART = "network_chart", "党组织网络图"
    PORTRAITS = "portraits", "党员群像图"
