from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ["organization", "granted_by"]


@admin.register(User)
class ZhibuUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("支部", {"fields": ("name", "phone")}),)
    list_display = ["username", "name", "is_active", "is_superuser"]
    search_fields = ["username", "name"]
    inlines = [RoleInline]
