"""Forms of the 发展党员 pages. They only parse input; the rules are in members.pipeline.rules."""

from django import forms

from core.forms import DateField
from members.pipeline.models import Applicant, Stage
from members.pipeline.rules import STAGE_DETAILS
from members.roster.models import Education
from members.validators import normalize_id_number, validate_id_number


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, required=True, **kwargs):
    return DateField(label=label, required=required, widget=DateInput(), **kwargs)


class ApplicantForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="公民身份号码", max_length=18, min_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))
    gender = forms.ChoiceField(label="性别", required=False, choices=[("", "按身份证号码"), ("male", "男"), ("female", "女")])
    birth_date = date_field("出生日期", required=False, help_text="留空则按公民身份号码填写。")
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    education = forms.ChoiceField(label="学历", required=False, choices=[("", "—")] + Education.choices)
    job = forms.CharField(label="工作岗位", max_length=60, required=False)
    applied_on = date_field("递交入党申请书日期")

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data["id_number"])
        validate_id_number(number)
        return number

    def applicant(self, organization) -> Applicant:
        """The application as typed, unsaved (members.pipeline.services.add_applicant completes and checks it)."""
        return Applicant(organization=organization, **self.cleaned_data)


ON_LABELS = {
    Stage.ACTIVIST: "确定为入党积极分子日期",
    Stage.CANDIDATE: "列为发展对象日期",
    Stage.PROBATIONARY: "上级党委审批日期",
    Stage.FULL: "转为正式党员日期",
}


class CandidateDetailsForm(forms.Form):
    political_review_on = date_field("政治审查完成日期", required=False)
    training_days = forms.IntegerField(label="集中培训天数", min_value=0, max_value=365, required=False)
    branch_vote_on = date_field("支部大会讨论日期", required=False, help_text="预备期从这一天起计算，也是入党日期。")


class AdvanceForm(CandidateDetailsForm):
    on = date_field("日期")
    approved_by = forms.CharField(label="批准组织（批准人）", max_length=100)
    talked_on = date_field("谈话日期", required=False)
    confirm = forms.BooleanField(label="我已知晓以上提示，仍然登记", required=False)

    field_order = ["talked_on", "political_review_on", "training_days", "branch_vote_on", "on", "approved_by", "confirm"]

    def __init__(self, *args, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.fields["on"].label = ON_LABELS[stage]
        for name in ("talked_on", *CandidateDetailsForm.base_fields):
            if name not in STAGE_DETAILS[stage]:
                del self.fields[name]

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in STAGE_DETAILS[self.stage]}


class StepDateForm(forms.Form):
    on = date_field("日期")


class ExtendProbationForm(forms.Form):
    months = forms.IntegerField(label="延长月数")
    on = date_field("支部大会决定日期")
    approved_by = forms.CharField(label="批准组织", max_length=100)
