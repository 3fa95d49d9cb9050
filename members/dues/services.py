"""党费: monthly dues from the rate table (DuesRate rows, DOMAIN.md §4) and the paid/unpaid ledger.

Brackets are (income_above, income_up_to]; the whole income is charged at its bracket's percent
(3000.00 元 → 0.5 % = 15.00, 3000.01 元 → 1 % = 30.00). Students and members out of work or on
低保 pay the fixed amount; retired members use the retired brackets; everybody else the employed ones.
A month is paid when its record has a payment date; a record owing nothing is never "unpaid".
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from members.models import DuesRate, DuesRecord, Member, MemberCategory
from members.pipeline import add_months

CENT = Decimal("0.01")
LONG_UNPAID_MONTHS = 6  # 连续6个月不交纳党费 is treated as 自行脱党 (DOMAIN.md §4)
LONG_UNPAID_WINDOW = 36  # how far back a run of unpaid months is counted


@dataclass(frozen=True)
class Unpaid:
    member: Member
    months: int  # consecutive unpaid months, ending with the last complete month
    since: date  # the first of them


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return add_months(month_start(month), 1) - timedelta(days=1)


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


def current_rates() -> list[DuesRate]:
    return list(DuesRate.objects.all())


def members_in_month(org, month: date):
    """Members of the organization who owe dues for the month: on the roll that month, and
    预备党员 from the month of the branch vote (their joined_on)."""
    month = month_start(month)
    return (
        Member.objects.filter(organization=org, joined_on__lte=month_end(month))
        .filter(Q(archived_on__isnull=True) | Q(archived_on__gte=month))
        .order_by("name", "pk")
    )


def ensure_month(org, month: date, rates=None) -> int:
    """Create the month's DuesRecord rows for the organization's members (bulk; safe to repeat).
    Existing rows are left as they are; members without a declared income get none. Returns how many were created."""
    month = month_start(month)
    rates = current_rates() if rates is None else rates
    members = list(members_in_month(org, month))
    have = set(DuesRecord.objects.filter(month=month, member__in=members).values_list("member_id", flat=True))
    rows = []
    for member in members:
        if member.pk in have:
            continue
        amount = monthly_dues(member, rates)
        if amount is not None:
            rows.append(DuesRecord(member=member, organization=org, month=month, amount_due=amount))
    DuesRecord.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


@dataclass(frozen=True)
class SheetRow:
    member: Member
    record: DuesRecord | None
    amount_due: Decimal | None  # the record's, or what it would be

    @property
    def paid(self) -> bool:
        return bool(self.record and self.record.paid_on)


def month_sheet(org, month: date, rates=None) -> list[SheetRow]:
    """Each member owing dues for the month with the month's record (if generated)."""
    month = month_start(month)
    rates = current_rates() if rates is None else rates
    members = list(members_in_month(org, month))
    records = {r.member_id: r for r in DuesRecord.objects.filter(month=month, member__in=members)}
    rows = []
    for member in members:
        record = records.get(member.pk)
        rows.append(SheetRow(member, record, record.amount_due if record else monthly_dues(member, rates)))
    return rows


@transaction.atomic
def mark_paid(record: DuesRecord, amount: Decimal, paid_on: date, today: date | None = None) -> DuesRecord:
    """Record a payment for one month (at least what is due; paying more is voluntary)."""
    today = today or timezone.localdate()
    errors = {}
    if amount is None or amount <= 0:
        errors["amount_paid"] = "实缴金额应大于0。"
    elif amount < record.amount_due:
        errors["amount_paid"] = f"实缴金额{amount}元少于应缴的{record.amount_due}元。"
    if paid_on is None:
        errors["paid_on"] = "请填写缴纳日期。"
    elif paid_on > today:
        errors["paid_on"] = "缴纳日期不能晚于今天。"
    if errors:
        raise ValidationError(errors)
    record.amount_paid = amount.quantize(CENT)
    record.paid_on = paid_on
    record.save(update_fields=["amount_paid", "paid_on"])
    return record


def long_unpaid(org, today: date | None = None, months: int = LONG_UNPAID_MONTHS) -> list[Unpaid]:
    """Current members with `months` or more consecutive unpaid months (自行脱党 risk), most first.

    The run ends with the last complete month (the current month is still open) and counts back
    through generated records: a month without a record, or one paid or owing nothing, ends it."""
    today = today or timezone.localdate()
    last = add_months(month_start(today), -1)
    first = add_months(last, 1 - LONG_UNPAID_WINDOW)
    members = {m.pk: m for m in Member.objects.current().filter(organization=org)}
    records = (
        DuesRecord.objects.filter(member_id__in=members, month__gte=first, month__lte=last)
        .order_by("member_id", "-month")
        .values_list("member_id", "month", "paid_on", "amount_due")
    )
    by_member = defaultdict(list)
    for member_id, month, paid_on, amount_due in records:
        by_member[member_id].append((month, paid_on is None and amount_due > 0))
    found = []
    for member_id, rows in by_member.items():
        run, expected = 0, last
        for month, unpaid in rows:
            if month != expected or not unpaid:
                break
            run += 1
            expected = add_months(expected, -1)
        if run >= months:
            found.append(Unpaid(members[member_id], run, add_months(last, 1 - run)))
    found.sort(key=lambda u: (-u.months, u.member.name))
    return found
