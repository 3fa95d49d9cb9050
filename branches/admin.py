"""The admin of the organization tree. Organizations are created, edited, moved (the form's 上级党组织,
or drag and drop in the tree) and dissolved through branches.services, as on the site's own pages;
committee seats are kept on the organization's page and only shown here."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from treebeard.admin import TreeAdmin

from branches import services
from branches.models import (
    CommitteeMember, HostUnit, Industry, Instructor, Organization, PartyGroup, Region, RuleSet, UnitCoverage,
)
from core.forms import ModelForm


class CommitteeInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    can_delete = False
    fields = readonly_fields = ["role", "name", "member", "started_on", "ended_on"]

    def has_add_permission(self, request, obj=None):
        return False


class OrganizationAdminForm(ModelForm):
    parent = forms.CharField(
        required=False, max_length=32, label="上级党组织代码",
        help_text="留空为顶级组织（仅新建时）；改填即把本组织连同下级组织移到该组织之下。",
    )

    class Meta:
        model = Organization
        exclude = [*services.TREE_FIELDS, "status", "dissolved_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            parent = self.instance.get_parent()
            self.initial["parent"] = parent.code if parent else ""

    def clean_parent(self):
        code = self.cleaned_data["parent"].strip()
        if not code:
            return None
        parent = Organization.objects.filter(code=code).first()
        if parent is None:
            raise ValidationError(f"组织代码“{code}”不存在。")
        return parent

    def clean(self):
        data = super().clean()
        parent = data.get("parent")
        if self.instance.pk and parent is None and self.instance.get_parent() is not None:
            self.add_error("parent", "已有上级的党组织不能改为顶级组织。")
        elif parent is not None:
            try:
                services.check_parent(self.instance, parent)
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "code", "kind", "status", "term_ends_on"]
    list_filter = ["kind", "status", "founding_mode"]
    search_fields = ["name", "code"]
    raw_id_fields = ["region", "industry", "guided_by"]
    inlines = [CommitteeInline]
    actions = ["dissolve"]

    def has_delete_permission(self, request, obj=None):
        return False  # organizations are dissolved, never deleted (their records stay)

    def save_model(self, request, obj, form, change):
        parent = form.cleaned_data["parent"]
        if not change:
            services.create_organization(organization=obj, parent=parent, user=request.user)
            return
        services.update_organization(organization=obj, user=request.user)
        current = obj.get_parent()
        if parent is not None and (current is None or current.pk != parent.pk):
            services.move_organization(organization=obj, new_parent=parent, user=request.user)

    def try_to_move_node(self, as_child, node, pos, request, target):
        """Drag and drop in the tree: dropped onto an organization it goes below it, dropped beside one
        it goes below that one's parent (as the last child: siblings are ordered by when they came)."""
        new_parent = target if as_child else target.get_parent()
        try:
            if new_parent is None:
                raise ValidationError("不能把党组织移为顶级组织。")
            services.move_organization(organization=node, new_parent=new_parent, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            # treebeard's script reloads the page on an error; the message is shown then.
            self.message_user(request, f"{node.name}：{'；'.join(_messages(exc))}", messages.ERROR)
            return HttpResponseBadRequest("move refused")
        self.message_user(request, f"已把 {node.name} 移到 {new_parent.name} 之下。", messages.SUCCESS)
        return HttpResponse("OK")

    @admin.action(description="撤销所选党组织（保留历史记录）")
    def dissolve(self, request, queryset):
        for org in queryset:
            try:
                services.dissolve_organization(organization=org, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{org.name}：{'；'.join(_messages(exc))}", messages.ERROR)
            else:
                self.message_user(request, f"{org.name} 已撤销。", messages.SUCCESS)


def _messages(exc) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


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
