"""Forms of the 组织关系转接 pages: the proposal (a receiver in the system, or a name outside it) and a decision."""

from django import forms

from core.forms import DateField
from members.transfers.selectors import RECEIVER_NOT_FOUND, find_receiver

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
