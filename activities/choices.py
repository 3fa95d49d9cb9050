from django.db import models


class MeetingKind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", "支部党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支部委员会会议"
    GROUP_MEETING = "group_meeting", "党小组会"
    LECTURE = "lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    APPRAISAL = "appraisal", "民主评议党员"
    TALK = "talk", "谈心谈话"


class Period(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    HELD = "held", "已召开"
    CANCELLED = "cancelled", "已取消"


class TopicCategory(models.TextChoices):
    THEORY = "theory", "理论学习"
    POLICY = "policy", "政策法规"
    ORGANIZATION = "organization", "组织建设"
    BUSINESS = "business", "业务工作"
    RED_EDUCATION = "red_education", "红色教育"
    SERVICE = "service", "志愿服务"
    INTEGRITY = "integrity", "廉洁教育"
    CULTURE = "culture", "文体活动"
    OTHER = "other", "其他"


class Presence(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class Audience(models.TextChoices):
    """Who a kind of meeting expects (docs/domain.md §3)."""

    BRANCH = "branch", "全体党员"
    COMMITTEE = "committee", "支部委员"
    GROUP = "group", "党小组成员"
    PAIR = "pair", "谈话双方（由书记选择）"
