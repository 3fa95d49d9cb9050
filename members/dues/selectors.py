"""党费 reads: a month's sheet for one branch (each member with the month's record, or what it would be),
the members long unpaid (连续6个月不交纳党费, docs/domain.md §4), and the last month paid (for the 介绍信).

A month is paid when its record has a payment date; a record owing nothing is never "unpaid"."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from members.dues.models import DuesRecord
from members.dues.pricing import current_rates, monthly_dues
from members.pipeline.rules import add_months
from members.roster.models import Member

LONG_UNPAID_MONTHS = 6  # 连续6个月不交纳党费 is treated as 自行脱党 (docs/domain.md §4)
LONG_UNPAID_WINDOW = 36  # how far back a run of unpaid months is counted


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return add_months(month_start(month), 1) - timedelta(days=1)


def members_in_month(org, month: date):
    """Members of the organization who owe dues for the month: on the roll that month, and
    预备党员 from the month of the branch vote (their joined_on)."""
    month = month_start(month)
    return (
        Member.objects.filter(organization=org, joined_on__lte=month_end(month))
        .filter(Q(archived_on__isnull=True) | Q(archived_on__gte=month))
        .order_by("name", "pk")
    )


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


@dataclass(frozen=True)
class Unpaid:
    member: Member
    months: int  # consecutive unpaid months, ending with the last complete month
    since: date  # the first of them


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


def dues_paid_to(member: Member) -> date | None:
    """The last month the member paid dues for, as the 介绍信 states it (None: not on record)."""
    paid = DuesRecord.objects.filter(member=member, paid_on__isnull=False).order_by("-month").first()
    return paid.month if paid else None
