"""Forms of the organization pages: an organization's details, a committee seat, a party group."""

from django import forms

from branches import selectors
from branches.choices import CommitteeRole
from branches.models import CommitteeMember, Organization
from core.forms import ModelForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationForm(ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name", "founding_mode", "region", "industry", "guided_by", "founded_on",
            "term_years", "term_started_on", "term_ends_on", "secretary_heads_unit",
        ]
        widgets = {"founded_on": DATE, "term_started_on": DATE, "term_ends_on": DATE}


class CommitteeMemberForm(ModelForm):
    """A committee member is picked from the roster (a branch's, or a 党总支's branches'), so
    attendance knows them; a name alone is for someone not on it."""

    class Meta:
        model = CommitteeMember
        fields = ["role", "member", "name", "started_on"]
        labels = {"member": "从名册选择", "name": "或填写姓名"}
        widgets = {"started_on": DATE}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        role = self.fields["role"]
        role.choices = [("", "选择职务"), *CommitteeRole.choices]
        role.widget.attrs["aria-label"] = "职务"
        self.fields["started_on"].widget.attrs["aria-label"] = "任职日期"
        member = self.fields["member"]
        member.queryset = selectors.committee_roster(organization)
        member.empty_label = "从名册选择党员"
        member.widget.attrs["aria-label"] = "从名册选择党员"
        member.error_messages["invalid_choice"] = "所选党员不在本组织名册中，请重新选择。"
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
    name = forms.CharField(
        label="党小组名称", max_length=60, error_messages={"required": "请填写党小组名称。"},
        widget=forms.TextInput(attrs={"placeholder": "党小组名称", "aria-label": "党小组名称"}),
    )
    leader = forms.CharField(
        label="组长", max_length=50, required=False,
        widget=forms.TextInput(attrs={"placeholder": "组长（可不填）", "aria-label": "组长"}),
    )
