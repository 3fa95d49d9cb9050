from django import forms

from branches.choices import OrgKind
from branches.models import CommitteeMember, Organization
from core.forms import ModelForm


class OrganizationForm(ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name", "founding_mode", "region", "industry", "guided_by", "founded_on",
            "term_years", "term_started_on", "term_ends_on", "secretary_heads_unit",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "term_started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "term_ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("term_started_on"), data.get("term_ends_on")
        if start and end and end <= start:
            self.add_error("term_ends_on", "任期届满日期应晚于任期开始日期。")
        return data


class CommitteeMemberForm(ModelForm):
    """A committee member is picked from the roster (a branch's, or a 党总支's branches'), so
    attendance knows them; a name alone is for someone not on it."""

    class Meta:
        model = CommitteeMember
        fields = ["role", "member", "name", "started_on"]
        labels = {"member": "从名册选择", "name": "或填写姓名"}
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].widget.attrs["aria-label"] = "职务"
        member = self.fields["member"]
        member.empty_label = "从名册选择党员"
        member.widget.attrs["aria-label"] = "从名册选择党员"
        holds_roster = organization.is_branch or organization.kind == OrgKind.GENERAL_BRANCH
        member.queryset = (member.queryset.current().filter(organization__path__startswith=organization.path)
                           .order_by("name") if holds_roster else member.queryset.none())
        self.fields["name"].required = False
        self.fields["name"].widget.attrs.update(placeholder="名册外人员填写姓名", **{"aria-label": "姓名"})

    def clean(self):
        data = super().clean()
        if data.get("member"):
            data["name"] = data["member"].name
        elif not data.get("name"):
            self.add_error("name", "请从名册选择党员，或填写姓名。")
        return data


class PartyGroupForm(forms.Form):
    name = forms.CharField(label="党小组名称", max_length=60)
    leader = forms.CharField(label="组长", max_length=50, required=False)
