from django import forms

from branches.models import Organization, PartyGroup
from core.forms import DateField, ModelForm
from members.models import Member
from members.templatetags.masking import mask
from members.transfer_selectors import RECEIVER_NOT_FOUND, find_receiver
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

    # Shown masked when editing, as on the member page; replacing a value does not need seeing it.
    MASKED_HELP = {
        "id_number": "号码已部分隐藏：保持不变即保留原号码；如需更正，请输入完整的18位号码。",
        "phone": "号码已部分隐藏：保持不变或留空即保留原号码；如需更改，请输入新号码。",
    }

    def __init__(self, *args, organization: Organization, reveal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["party_group"].queryset = PartyGroup.objects.filter(branch=organization)
        self.fields["birth_date"].required = False
        self.fields["gender"].required = False
        self.masked = {}  # field name -> the masked value the form shows
        if self.instance.pk and not reveal:
            for name, help_text in self.MASKED_HELP.items():
                if getattr(self.instance, name):
                    self.masked[name] = self.initial[name] = mask(getattr(self.instance, name))
                    self.fields[name].help_text = help_text
                    self.fields[name].required = False

    def clean_id_number(self):
        return self._kept_unless_retyped("id_number")

    def clean_phone(self):
        return self._kept_unless_retyped("phone")

    def _kept_unless_retyped(self, name: str) -> str:
        """Blank or the masked value as shown keeps the stored value; a full new value replaces it."""
        value = (self.cleaned_data.get(name) or "").strip()
        if name not in self.masked:
            return value
        if not value or value == self.masked[name]:
            return getattr(self.instance, name)
        if "*" in value:
            raise forms.ValidationError("号码已部分隐藏，不能只改其中几位：请输入完整号码，或保持原样。")
        return value

    def clean(self):
        data = super().clean()
        number = (data.get("id_number") or "").strip().upper()
        data["id_number"] = number
        if len(number) == 18 and id_birth_date(number):  # blanks default to what the ID number says
            data["birth_date"] = data.get("birth_date") or id_birth_date(number)
            if not data.get("gender") and number[16].isdigit():
                data["gender"] = id_gender(number)
        return data

    def validate_unique(self):
        """A duplicate ID number is answered by members.services.refuse_known_id_number (scoped, logged
        and rationed); the generic unique check would tell anyone that the citizen is on some roll."""


class NewMemberForm(MemberForm):
    transferred_from = forms.CharField(label="由系统外党组织转入（可选）", max_length=150, required=False)


class TransferForm(forms.Form):
    """Propose a transfer: to an organization in the system (its code and full name must both match)
    or out of the system (the receiving organization's name; a numbered 介绍信 is issued)."""

    to_code = forms.CharField(label="接收党组织代码", max_length=32, required=False)
    to_name = forms.CharField(label="接收党组织全称", max_length=120, required=False)
    external_name = forms.CharField(
        label="接收党组织名称（系统外）", max_length=150, required=False,
        help_text="转往本系统以外的党组织时填写，将开具带编号的组织关系介绍信。",
    )
    on = DateField(label="转出日期", widget=DATE)
    reason = forms.CharField(label="转接原因", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        code, name = data.get("to_code", "").strip(), data.get("to_name", "").strip()
        external = data.get("external_name", "").strip()
        data["to_organization"] = None
        if (code or name) and external:
            raise forms.ValidationError("转入系统内党组织与转出系统外只能选择一种。")
        if not (code or name or external):
            raise forms.ValidationError("请填写接收党组织的代码和全称，或转出系统外的接收党组织名称。")
        if code or name:
            if not (code and name):
                raise forms.ValidationError("请同时填写接收党组织的组织代码和全称。")
            data["to_organization"] = find_receiver(code, name)
            if data["to_organization"] is None:
                raise forms.ValidationError(RECEIVER_NOT_FOUND)
        return data


class TransferDecisionForm(forms.Form):
    """What the deciding side adds: the date (accept, 回执) or the reason (return)."""

    on = DateField(label="日期", widget=DATE, required=False, help_text="留空为今天")
    reason = forms.CharField(label="退回原因", max_length=200, required=False)


class ArchiveForm(forms.Form):
    REASONS = [("死亡", "死亡"), ("出党", "出党"), ("退党", "退党"), ("停止党籍", "停止党籍"), ("其他", "其他")]
    reason = forms.ChoiceField(label="移出原因", choices=REASONS)
    detail = forms.CharField(label="说明", max_length=80, required=False)
    on = DateField(label="日期", widget=DATE)
