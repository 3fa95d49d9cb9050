"""Form of the 党费 page: a payment (the rules are in members.dues.services)."""

from django import forms

from core.forms import DateField, DecimalField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PayForm(forms.Form):
    amount_paid = DecimalField(label="实缴（元）", max_digits=8, decimal_places=2, min_value=0)
    paid_on = DateField(label="缴纳日期", widget=DATE)
