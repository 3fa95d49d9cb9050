"""Forms of the assessment pages; the rules behind them are in the services (schemes, campaigns, plans,
workflow, problems, venues)."""

from django import forms

from accounts.models import Role
from activities.choices import MeetingStatus
from activities.models import Meeting
from assessments import indicator_catalog
from assessments.choices import VenueItem
from assessments.models import CampaignPhase, Criterion, Plan, PlanTask, Scheme
from branches.choices import BRANCH_KINDS, OrgKind
from branches.models import Organization
from core.forms import DateField, ModelForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def reviewer_orgs(user):
    """Organizations on whose behalf the user may organize or own: where they hold staff or admin."""
    orgs = Organization.objects.active().exclude(kind__in=BRANCH_KINDS)
    if user.is_superuser:
        return orgs.filter(kind__in=[OrgKind.WORK_COMMITTEE, OrgKind.INDUSTRY_COMMITTEE, OrgKind.COMMITTEE])
    return orgs.filter(role_assignments__user=user, role_assignments__role__in=[Role.STAFF, Role.ADMIN]).distinct()


class SchemeCopyForm(forms.Form):
    name = forms.CharField(label="新方案名称", max_length=120)
    year = forms.IntegerField(label="适用年度", min_value=2000, max_value=2100)
    owner = forms.ModelChoiceField(label="制定单位", queryset=Organization.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = reviewer_orgs(user)


class CriterionForm(ModelForm):
    indicator = forms.ChoiceField(label="自动指标", required=False, choices=indicator_catalog.choices,
                                  help_text="选择后由记录自动计算，不再人工打分")

    class Meta:
        model = Criterion
        fields = ["kind", "parent", "order", "title", "description", "max_points", "weight", "evidence_required", "indicator"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "evidence_required": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        self.fields["parent"].queryset = scheme.criteria.filter(kind=Criterion.Kind.AREA)
        self.fields["order"].required = False


class CampaignForm(forms.Form):
    name = forms.CharField(label="名称", max_length=120)
    scheme = forms.ModelChoiceField(label="考核方案", queryset=Scheme.objects.none())
    organizer = forms.ModelChoiceField(label="组织单位", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              help_text="默认阶段：当年5–6月安排部署，7–12月推进，次年1–5月完善提升，6–7月总结推广")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.restrict(user)
        self.fields["organizer"].queryset = reviewer_orgs(user)


MAX_PHASES = 12  # also bounds the forms built for a posted form-TOTAL_FORMS, whatever number it claims
PhaseFormSet = forms.modelformset_factory(
    CampaignPhase, form=ModelForm, fields=["name", "starts_on", "ends_on"], extra=0,
    widgets={"starts_on": DATE, "ends_on": DATE}, max_num=MAX_PHASES, absolute_max=MAX_PHASES, validate_max=True,
)


class ParticipantsForm(forms.Form):
    branches = forms.ModelMultipleChoiceField(label="参加的党支部", queryset=Organization.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branches"].queryset = queryset


class PlanForm(ModelForm):
    class Meta:
        model = Plan
        fields = ["highlight_1", "highlight_2", "project", "targets", "measures", "deadline", "contact_leader", "responsible"]
        widgets = {"targets": TEXT, "measures": TEXT, "deadline": DATE}


class TaskForm(ModelForm):
    class Meta:
        model = PlanTask
        fields = ["title", "owner", "deadline", "phase"]
        widgets = {"deadline": DATE}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.all()


class EvidenceForm(forms.Form):
    file = forms.FileField(label="文件（JPG、PNG、WEBP 或 PDF）", required=False)
    meeting = forms.ModelChoiceField(label="或关联会议记录", queryset=Meeting.objects.none(), required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, branch, since, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (Meeting.objects.filter(organization=branch, status=MeetingStatus.HELD,
                                                                  held_at__date__gte=since).order_by("-held_at"))


class ProblemForm(forms.Form):
    description = forms.CharField(label="问题", widget=TEXT)
    item = forms.ModelChoiceField(label="相关项目", queryset=Criterion.objects.none(), required=False)
    measure = forms.CharField(label="整改措施", widget=TEXT)
    owner = forms.CharField(label="责任人", max_length=50)
    deadline = DateField(label="整改时限", widget=DATE)

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = participation.items.select_related("criterion")
        self.fields["item"].label_from_instance = lambda item: item.criterion.title


class RectificationForm(forms.Form):
    measure = forms.CharField(label="整改措施", widget=TEXT)
    owner = forms.CharField(label="责任人", max_length=50)
    deadline = DateField(label="整改时限", widget=DATE)


class RectifiedForm(forms.Form):
    note = forms.CharField(label="整改情况", widget=TEXT)
    file = forms.FileField(label="整改佐证（可选）", required=False)


class VenueForm(forms.Form):
    items = forms.MultipleChoiceField(label="已具备（九有）", choices=VenueItem.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    address = forms.CharField(label="阵地地址", max_length=200, required=False)
    note = forms.CharField(label="说明", widget=TEXT, required=False)
