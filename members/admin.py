"""The admin of the members app: the roster (never deleted), the append-only personal-data log, import jobs
and the rules kept as data (pipeline durations, dues rates)."""

from django.contrib import admin

from members.models import DuesRate, ImportJob, Member, MemberTransfer, PersonalDataLog, PipelineRules


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "category", "archived_on"]
    list_filter = ["status", "category"]
    search_fields = ["name"]
    raw_id_fields = ["organization", "party_group"]

    def has_delete_permission(self, request, obj=None):
        return False  # members leave the roll by transfer or archive, never by deletion


@admin.register(PersonalDataLog)
class PersonalDataLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only."""

    list_display = ["at", "user", "action", "member", "organization", "record_count", "unmasked", "ip_address"]
    list_filter = ["action", "unmasked"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "created_by", "created_at", "created_count", "updated_count", "error_count"]
    exclude = ["file_data"]
    readonly_fields = ["errors", "preview"]


admin.site.register([PipelineRules, DuesRate, MemberTransfer])
