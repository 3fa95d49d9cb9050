from django import forms

from branches.models import Organization, PartyGroup
from config.forms import DateField, ModelForm
from members.models import Member
from members.validators import id_birth_date, id_gender

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(ModelForm):
    class Meta:
        model = Member
        fields = [
            "name", "id_number", "gender", "birth_date", "ethnicity", "education", "phone", "job",
            "joined_on", "confirmed_on", "status", "category", "party_group", "declared_income", "low_income",
        ]
        widgets = {"birth_date": DATE, "joined_on": DATE, "confirmed_on": DATE}
        help_texts = {"birth_date": "留空则按公民身份号码填写", "gender": "留空则按公民身份号码填写"}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["party_group"].queryset = PartyGroup.objects.filter(branch=organization)
        self.fields["birth_date"].required = False
        self.fields["gender"].required = False

    def clean(self):
        data = super().clean()
        number = (data.get("id_number") or "").strip().upper()
        data["id_number"] = number
        if len(number) == 18 and id_birth_date(number):  # blanks default to what the ID number says
            data["birth_date"] = data.get("birth_date") or id_birth_date(number)
            if not data.get("gender") and number[16].isdigit():
                data["gender"] = id_gender(number)
        return data


class NewMemberForm(MemberForm):
    transferred_from = forms.CharField(label="由系统外党组织转入（可选）", max_length=150, required=False)

    def validate_unique(self):
        """members.services.add_member explains a duplicate ID number better than the generic message."""


class TransferForm(forms.Form):
    to_code = forms.CharField(label="转入系统内党组织代码", max_length=32, required=False)
    external_organization = forms.CharField(label="或：转出至系统外党组织名称", max_length=150, required=False)
    on = DateField(label="转接日期", widget=DATE)
    reason = forms.CharField(label="原因", max_length=200, required=False)

    def clean_to_code(self):
        code = self.cleaned_data["to_code"].strip()
        if not code:
            return None
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise forms.ValidationError(f"组织代码“{code}”不存在。")
        return org


class ArchiveForm(forms.Form):
    REASONS = [("死亡", "死亡"), ("出党", "出党"), ("退党", "退党"), ("停止党籍", "停止党籍"), ("其他", "其他")]
    reason = forms.ChoiceField(label="移出原因", choices=REASONS)
    detail = forms.CharField(label="说明", max_length=80, required=False)
    on = DateField(label="日期", widget=DATE)
