from django import forms
from django.utils import timezone

from activities.choices import MeetingKind, MeetingStatus
from activities.models import Attachment, Meeting
from branches.models import PartyGroup
from core.forms import DateTimeField, ModelForm

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
RECORD_WIDGETS = {"minutes": forms.Textarea(attrs={"rows": 4}), "resolutions": forms.Textarea(attrs={"rows": 2})}


class BranchMeetingForm(ModelForm):
    """A meeting of `organization`, whose party groups are the ones to pick from."""

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["party_group"].queryset = PartyGroup.objects.filter(branch=organization)


class MeetingForm(BranchMeetingForm):
    kinds = forms.MultipleChoiceField(
        label="会议类型（可多选：一次会议可同时算作多项）", choices=MeetingKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = ["kinds", "party_group", "planned_at", "place", "topic", "topic_category", "host", "recorder",
                  "lecturer", "lecturer_is_secretary", "minutes", "resolutions"]
        widgets = {"planned_at": DATETIME, **RECORD_WIDGETS}


class EditMeetingForm(MeetingForm):
    reason = forms.CharField(label="修改说明", max_length=200, required=False,
                             help_text="会议召开超过锁定天数后必填，修改会留痕。")

    class Meta(MeetingForm.Meta):
        fields = MeetingForm.Meta.fields + ["held_at"]
        widgets = {**MeetingForm.Meta.widgets, "held_at": DATETIME}


class QuickLogForm(BranchMeetingForm):
    """A routine meeting already held, on one phone screen; or a planned one marked held."""

    kinds = forms.MultipleChoiceField(
        label="会议类型", choices=MeetingKind.choices, widget=forms.CheckboxSelectMultiple,
        initial=[MeetingKind.COMMITTEE_MEETING],
    )
    planned = forms.ModelChoiceField(
        label="本期已计划的会议", queryset=Meeting.objects.none(), required=False,
        error_messages={"invalid_choice": "所选的计划会议已不存在或已处理，请重新选择。"},
    )

    class Meta:
        model = Meeting
        fields = ["kinds", "party_group", "held_at", "topic", "topic_category", "place", "host", "minutes",
                  "resolutions"]
        widgets = {"held_at": DATETIME, **RECORD_WIDGETS}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["planned"].queryset = Meeting.objects.filter(organization=organization, status=MeetingStatus.PLANNED)
        self.fields["held_at"].required = True
        self.fields["held_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["topic"].required = False  # a planned meeting marked held keeps its topic

    def clean(self):
        data = super().clean()
        if data.get("held_at"):
            self.instance.planned_at = data["held_at"]
            if data["held_at"] > timezone.now():
                self.add_error("held_at", "召开时间不能晚于现在；未来的会议请用“计划会议”。")
        if not data.get("topic") and not data.get("planned"):
            self.add_error("topic", "请填写主题。")
        return data


class HeldForm(forms.Form):
    held_at = DateTimeField(label="召开时间", widget=DATETIME)


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=200)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Attachment.Kind.choices)
    file = forms.FileField(label="文件（JPG、PNG、WEBP 或 PDF）")


class GuestForm(forms.Form):
    name = forms.CharField(label="列席人员姓名", max_length=50)
