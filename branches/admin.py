from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from branches import services
from branches.models import (
    CommitteeMember, HostUnit, Industry, Instructor, Organization, PartyGroup, Region, RuleSet, UnitCoverage,
)


class CommitteeInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ["member"]


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "code", "kind", "status", "term_ends_on"]
    list_filter = ["kind", "status", "founding_mode"]
    search_fields = ["name", "code"]
    raw_id_fields = ["region", "industry", "guided_by"]
    inlines = [CommitteeInline]
    actions = ["dissolve"]

    def has_delete_permission(self, request, obj=None):
        return False  # organizations are dissolved, never deleted (their records stay)

    @admin.action(description="撤销所选党组织（保留历史记录）")
    def dissolve(self, request, queryset):
        for org in queryset:
            try:
                services.dissolve_organization(org)
            except ValidationError as exc:
                self.message_user(request, f"{org.name}：{'；'.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{org.name} 已撤销。", messages.SUCCESS)


class CoverageInline(admin.TabularInline):
    model = UnitCoverage
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(HostUnit)
class HostUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "unit_type", "employees", "party_member_count"]
    list_filter = ["unit_type", "industry"]
    search_fields = ["name", "credit_code"]
    raw_id_fields = ["managed_by", "instructor", "region"]
    inlines = [CoverageInline]


admin.site.register([Region, Industry, PartyGroup, Instructor, RuleSet])
