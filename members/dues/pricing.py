"""党费 pricing: a member's monthly dues from the rate table (DuesRate rows, docs/domain.md §4).

Brackets are (income_above, income_up_to]; the whole income is charged at its bracket's percent
(3000.00 元 → 0.5 % = 15.00, 3000.01 元 → 1 % = 30.00). Students and members out of work or on
低保 pay the fixed amount; retired members use the retired brackets; everybody else the employed ones.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from members.dues.models import DuesRate
from members.roster.models import Member, MemberCategory

CENT = Decimal("0.01")


def current_rates() -> list[DuesRate]:
    return list(DuesRate.objects.all())


def rate_group(member: Member) -> str:
    if member.category == MemberCategory.STUDENT or member.low_income:
        return DuesRate.Group.FIXED
    if member.category == MemberCategory.RETIRED:
        return DuesRate.Group.RETIRED
    return DuesRate.Group.EMPLOYED


def monthly_dues(member: Member, rates) -> Decimal | None:
    """The member's monthly dues in 元, or None when the income needed for it is not declared."""
    group = rate_group(member)
    brackets = sorted((r for r in rates if r.group == group), key=lambda r: r.income_above)
    if not brackets:
        raise ValidationError(f"党费标准中缺少“{DuesRate.Group(group).label}”一档，请在后台补充。")
    if group == DuesRate.Group.FIXED and brackets[0].fixed_amount is not None:
        return brackets[0].fixed_amount.quantize(CENT)
    income = member.declared_income
    if income is None or income < 0:
        return None
    lowest = brackets[0]
    for rate in brackets:
        above = income > rate.income_above or (rate is lowest and income >= rate.income_above)
        if above and (rate.income_up_to is None or income <= rate.income_up_to):
            if rate.fixed_amount is not None:
                return rate.fixed_amount.quantize(CENT)
            return (income * rate.percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    raise ValidationError(f"月收入{income}元不在党费标准的任何一档内，请检查党费标准。")
