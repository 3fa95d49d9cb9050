"""Forms of the roster pages: a member (new or edited, personal data masked unless revealed) and archiving."""

from django import forms

from branches.models import Organization, PartyGroup
from core.forms import DateField, ModelForm
from members.roster.models import Member
from members.templatetags.masking import mask
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
        """A duplicate ID number is answered by members.roster.services.refuse_known_id_number (scoped, logged
        and rationed); the generic unique check would tell anyone that the citizen is on some roll."""


class NewMemberForm(MemberForm):
    transferred_from = forms.CharField(label="由系统外党组织转入（可选）", max_length=150, required=False)


class ArchiveForm(forms.Form):
    REASONS = [("死亡", "死亡"), ("出党", "出党"), ("退党", "退党"), ("停止党籍", "停止党籍"), ("其他", "其他")]
    reason = forms.ChoiceField(label="移出原因", choices=REASONS)
    detail = forms.CharField(label="说明", max_length=80, required=False)
    on = DateField(label="日期", widget=DATE)
