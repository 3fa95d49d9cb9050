from django.contrib import admin

from members.models import Member


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "category", "archived_on"]
    list_filter = ["status", "category"]
    search_fields = ["name"]
    raw_id_fields = ["organization", "party_group"]
