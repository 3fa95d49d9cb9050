from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from activities.models import ActivityRules, Attachment, Attendance, Meeting, MeetingAudience, Requirement


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "times", "org_kind", "organization", "per_group", "active"]
    list_filter = ["kind", "period", "active"]
    raw_id_fields = ["organization"]


@admin.register(MeetingAudience)
class MeetingAudienceAdmin(admin.ModelAdmin):
    list_display = ["kind", "audience"]
    list_editable = ["audience"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["member"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["content_type", "size", "uploaded_by"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "organization", "status", "planned_at", "held_at"]
    list_filter = ["status", "topic_category"]
    search_fields = ["topic", "organization__name"]
    raw_id_fields = ["organization", "party_group"]
    inlines = [AttendanceInline, AttachmentInline]


admin.site.register(ActivityRules)
