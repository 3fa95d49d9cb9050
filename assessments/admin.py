from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import (
    Campaign, CampaignPhase, Criterion, ItemAssessment, Participation, Problem, Rectification, Scheme, Venue,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    fk_name = "scheme"
    extra = 0
    fields = ["kind", "parent", "order", "title", "max_points", "weight", "evidence_required", "indicator"]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "owner", "copied_from"]
    inlines = [CriterionInline]


class PhaseInline(admin.TabularInline):
    model = CampaignPhase
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "organizer", "scheme"]
    raw_id_fields = ["organizer"]
    inlines = [PhaseInline]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "branch", "status", "self_total", "final_total"]
    list_filter = ["status", "campaign"]
    raw_id_fields = ["branch"]


@admin.register(ItemAssessment)
class ItemAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["participation", "criterion", "self_score", "reviewer_score", "auto_value"]
    raw_id_fields = ["participation", "criterion"]


class RectificationInline(admin.TabularInline):
    model = Rectification
    extra = 0
    fields = ["measure", "owner", "deadline", "status"]


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ["participation", "description", "found_on"]
    raw_id_fields = ["participation", "item"]
    inlines = [RectificationInline]


@admin.register(Venue)
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "updated_at"]
    raw_id_fields = ["organization"]
