"""党费 writes: a branch's records for a month (amounts from members.dues.pricing) and a payment. Both
need CHANGE on the branch, validate what they save and are one transaction."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.scope import CHANGE, require
from members.dues.models import DuesRecord
from members.dues.pricing import CENT, current_rates, monthly_dues
from members.dues.selectors import members_in_month, month_start


@transaction.atomic
def generate_month(*, organization, month: date, user, rates=None) -> int:
    """Create the month's DuesRecord rows for the organization's members (bulk; safe to repeat).
    Existing rows are left as they are; members without a declared income get none. Returns how many were created."""
    require(user, CHANGE, organization.path)
    month = month_start(month)
    rates = current_rates() if rates is None else rates
    members = list(members_in_month(organization, month))
    have = set(DuesRecord.objects.filter(month=month, member__in=members).values_list("member_id", flat=True))
    rows = []
    for member in members:
        if member.pk in have:
            continue
        amount = monthly_dues(member, rates)
        if amount is not None:
            rows.append(_checked(DuesRecord(member=member, organization=organization, month=month, amount_due=amount)))
    DuesRecord.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def _checked(record: DuesRecord) -> DuesRecord:
    """The row's own fields, without a query per row: the member and the organization are known, and a
    row already there is skipped by the database (ignore_conflicts)."""
    try:
        record.full_clean(exclude=["member", "organization"], validate_unique=False, validate_constraints=False)
    except ValidationError:
        raise ValidationError(
            f"{record.member.name}的应缴党费{record.amount_due}元超出可登记的范围，请核对其月收入。"
        ) from None
    return record


@transaction.atomic
def record_payment(*, record: DuesRecord, user, amount: Decimal | None, paid_on: date | None,
                   today: date | None = None) -> DuesRecord:
    """Record a payment for one month (at least what is due; paying more is voluntary)."""
    record = DuesRecord.objects.select_for_update(of=("self",)).select_related("organization").get(pk=record.pk)
    require(user, CHANGE, record.organization.path)
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
    record.full_clean()
    record.save(update_fields=["amount_paid", "paid_on"])
    return record
