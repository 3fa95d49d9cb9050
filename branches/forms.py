from django import forms

from branches.models import CommitteeMember, Organization
from config.forms import ModelForm


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
    class Meta:
        model = CommitteeMember
        fields = ["role", "name", "started_on"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class PartyGroupForm(forms.Form):
    name = forms.CharField(label="党小组名称", max_length=60)
    leader = forms.CharField(label="组长", max_length=50, required=False)
