"""党费: the rate table at each bracket boundary, the monthly ledger, the 6-month unpaid flag, and scope."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members import dues
from members.models import DuesRate, DuesRecord, Member, MemberCategory, MemberStatus
from members.pipeline import add_months
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def member(org=None, income=None, **kw) -> Member:
    kw.setdefault("organization", org)
    return MemberFactory(declared_income=None if income is None else Decimal(income), **kw)


def due(income, **kw) -> Decimal | None:
    """Dues for an unsaved member, against the default rate table of the data migration."""
    m = Member(declared_income=None if income is None else Decimal(income), **kw)
    return dues.monthly_dues(m, dues.current_rates())


# ---------------------------------------------------------------- the rate table


@pytest.mark.parametrize("income, expected", [
    ("0", "0.00"),
    ("2000.00", "10.00"),
    ("3000.00", "15.00"),  # ≤ 3000: 0.5 %
    ("3000.01", "30.00"),  # above 3000: 1 % of the whole income
    ("5000.00", "50.00"),
    ("5000.01", "75.00"),  # 1.5 %
    ("10000.00", "150.00"),
    ("10000.01", "200.00"),  # 2 %
    ("12345.67", "246.91"),  # rounded to the fen, half up
])
def test_employed_members_pay_by_bracket(income, expected):
    assert due(income, category=MemberCategory.EMPLOYED) == Decimal(expected)


@pytest.mark.parametrize("income, expected", [("5000.00", "25.00"), ("5000.01", "50.00"), ("8000", "80.00")])
def test_retired_members_pay_by_the_retired_brackets(income, expected):
    assert due(income, category=MemberCategory.RETIRED) == Decimal(expected)


@pytest.mark.parametrize("attrs", [
    {"category": MemberCategory.STUDENT},
    {"category": MemberCategory.EMPLOYED, "low_income": True},  # out of work or on 低保
    {"category": MemberCategory.RETIRED, "low_income": True},
])
def test_students_unemployed_and_low_income_pay_the_fixed_amount(attrs):
    assert due("20000", **attrs) == Decimal("0.20")
    assert due(None, **attrs) == Decimal("0.20")


def test_floating_members_pay_like_employed_ones():
    assert due("4000", category=MemberCategory.FLOATING) == Decimal("40.00")


def test_without_a_declared_income_the_dues_are_unknown():
    assert due(None, category=MemberCategory.EMPLOYED) is None


def test_the_rate_table_is_data():
    DuesRate.objects.filter(group="employed", income_above=Decimal("3000")).update(percent=Decimal("1.2"))
    assert due("4000", category=MemberCategory.EMPLOYED) == Decimal("48.00")


# ---------------------------------------------------------------- the month's records


def test_generating_a_month_is_idempotent(tree):
    alice = member(tree.a, "4000")
    bob = member(tree.a, "12000")
    member(tree.b, "4000")
    assert dues.ensure_month(tree.a, date(2025, 3, 17)) == 2
    assert dues.ensure_month(tree.a, date(2025, 3, 1)) == 0
    records = {r.member_id: r for r in DuesRecord.objects.filter(month=date(2025, 3, 1))}
    assert set(records) == {alice.pk, bob.pk}
    assert records[alice.pk].amount_due == Decimal("40.00") and records[bob.pk].amount_due == Decimal("240.00")
    assert all(r.organization_id == tree.a.pk and not r.paid_on for r in records.values())


def test_generating_does_not_touch_existing_records(tree):
    alice = member(tree.a, "4000")
    dues.ensure_month(tree.a, date(2025, 3, 1))
    Member.objects.filter(pk=alice.pk).update(declared_income=Decimal("20000"))
    dues.ensure_month(tree.a, date(2025, 3, 1))
    assert DuesRecord.objects.get(member=alice).amount_due == Decimal("40.00")


def test_generating_takes_the_same_few_queries_for_many_members(tree, django_assert_max_num_queries):
    for _ in range(30):
        member(tree.a, "4000")
    with django_assert_max_num_queries(5):
        assert dues.ensure_month(tree.a, date(2025, 3, 1), dues.current_rates()) == 30


def test_who_owes_dues_in_a_month(tree):
    full = member(tree.a, "4000")
    probationary = member(tree.a, "4000", status=MemberStatus.PROBATIONARY, joined_on=date(2025, 3, 20), confirmed_on=None)
    gone = member(tree.a, "4000", archived_on=date(2025, 2, 10))
    no_income = member(tree.a)
    dues.ensure_month(tree.a, date(2025, 2, 1))
    dues.ensure_month(tree.a, date(2025, 3, 1))
    feb = set(DuesRecord.objects.filter(month=date(2025, 2, 1)).values_list("member_id", flat=True))
    mar = set(DuesRecord.objects.filter(month=date(2025, 3, 1)).values_list("member_id", flat=True))
    assert feb == {full.pk, gone.pk}  # the 预备党员 pays from the month of the branch vote
    assert mar == {full.pk, probationary.pk}
    assert no_income.pk not in feb | mar
    sheet = dues.month_sheet(tree.a, date(2025, 3, 1))
    assert [(row.member.pk, row.amount_due) for row in sheet if row.record is None] == [(no_income.pk, None)]


def test_a_payment_needs_at_least_the_amount_due_and_a_past_date(tree):
    alice = member(tree.a, "4000")
    dues.ensure_month(tree.a, date(2025, 3, 1))
    record = DuesRecord.objects.get(member=alice)
    with pytest.raises(ValidationError) as exc:
        dues.mark_paid(record, Decimal("39.99"), date(2025, 3, 5))
    assert "少于应缴" in str(exc.value)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        dues.mark_paid(record, Decimal("40"), timezone.localdate().replace(year=timezone.localdate().year + 1))
    dues.mark_paid(record, Decimal("50"), date(2025, 3, 5))  # paying more is voluntary
    record.refresh_from_db()
    assert (record.amount_paid, record.paid_on) == (Decimal("50.00"), date(2025, 3, 5))


# ---------------------------------------------------------------- six months unpaid


def history(m, org, last_month: date, paid: list[bool]):
    """Records for the months ending with `last_month`, oldest first."""
    months = [add_months(last_month, -n) for n in range(len(paid) - 1, -1, -1)]
    DuesRecord.objects.bulk_create(
        DuesRecord(member=m, organization=org, month=month, amount_due=Decimal("10"),
                   amount_paid=Decimal("10") if p else Decimal("0"), paid_on=month if p else None)
        for month, p in zip(months, paid)
    )


def test_six_consecutive_unpaid_months_are_flagged(tree):
    today = date(2025, 9, 10)  # August is the last complete month
    six = member(tree.a, "4000", name="六个月")
    five = member(tree.a, "4000", name="五个月")
    broken = member(tree.a, "4000", name="中间缴过")
    history(six, tree.a, date(2025, 9, 1), [True, False, False, False, False, False, False, False])
    history(five, tree.a, date(2025, 9, 1), [True, True, False, False, False, False, False, False])
    history(broken, tree.a, date(2025, 8, 1), [False, False, False, True, False, False, False])
    flagged = dues.long_unpaid(tree.a, today)
    assert [(u.member, u.months, u.since) for u in flagged] == [(six, 6, date(2025, 3, 1))]


def test_the_open_month_is_not_counted_and_a_missing_month_ends_the_run(tree):
    m = member(tree.a, "4000")
    history(m, tree.a, date(2025, 9, 1), [False] * 6)  # April to September, September still open
    assert dues.long_unpaid(tree.a, date(2025, 9, 10)) == []
    assert [u.months for u in dues.long_unpaid(tree.a, date(2025, 10, 1))] == [6]
    gap = member(tree.a, "4000")
    history(gap, tree.a, date(2025, 2, 1), [False] * 4)
    history(gap, tree.a, date(2025, 9, 1), [False] * 5)  # no record for March 2025
    assert gap.pk not in {u.member.pk for u in dues.long_unpaid(tree.a, date(2025, 10, 1))}


# ---------------------------------------------------------------- pages and scope


def month_url(org, year=2025, month=3):
    return reverse("members:dues_month", args=[org.pk, year, month])


def test_secretary_generates_the_month_and_marks_a_payment(client, tree):
    alice = member(tree.a, "4000", name="爱丽丝")
    member(tree.a, name="未申报")
    client.force_login(tree.secretary_a)
    page = client.get(month_url(tree.a))
    assert page.status_code == 200 and "生成本月党费记录" in page.text and "未申报" in page.text
    assert client.post(reverse("members:dues_generate", args=[tree.a.pk, 2025, 3])).status_code == 302
    assert client.post(reverse("members:dues_generate", args=[tree.a.pk, 2025, 3])).status_code == 302
    record = DuesRecord.objects.get(member=alice)
    page = client.get(month_url(tree.a))
    assert "40.00" in page.text and "未缴" in page.text and "生成本月党费记录" not in page.text

    response = client.post(reverse("members:dues_pay", args=[record.pk]), {"amount_paid": "40.00", "paid_on": "2025-03-08"})
    assert response.status_code == 302 and response.url == month_url(tree.a)
    record.refresh_from_db()
    assert record.paid_on == date(2025, 3, 8)
    assert "已缴 40.00" in client.get(month_url(tree.a)).text


def test_an_underpayment_is_shown_on_the_page(client, tree):
    alice = member(tree.a, "4000")
    dues.ensure_month(tree.a, date(2025, 3, 1))
    client.force_login(tree.secretary_a)
    record = DuesRecord.objects.get(member=alice)
    response = client.post(reverse("members:dues_pay", args=[record.pk]), {"amount_paid": "10", "paid_on": "2025-03-08"})
    assert response.status_code == 200 and "少于应缴" in response.text
    assert DuesRecord.objects.get(pk=record.pk).paid_on is None


def test_the_page_flags_long_unpaid_members(client, tree):
    m = member(tree.a, "4000", name="久未缴")
    last = add_months(timezone.localdate().replace(day=1), -1)
    history(m, tree.a, last, [False] * 7)
    client.force_login(tree.secretary_a)
    text = client.get(reverse("members:dues", args=[tree.a.pk]), follow=True).text
    assert "已连续 7 个月未交纳党费" in text and "自行脱党" in text


def test_dues_scope(client, tree):
    alice = member(tree.a, "4000")
    dues.ensure_month(tree.a, date(2025, 3, 1))
    record = DuesRecord.objects.get(member=alice)
    pay = {"amount_paid": "40", "paid_on": "2025-03-08"}

    client.force_login(tree.secretary_b)
    assert client.get(month_url(tree.a)).status_code == 404
    assert client.post(reverse("members:dues_pay", args=[record.pk]), pay).status_code == 404

    client.force_login(tree.staff_w)
    page = client.get(month_url(tree.a))
    assert page.status_code == 200 and "确认已缴" not in page.text
    assert client.post(reverse("members:dues_pay", args=[record.pk]), pay).status_code == 403
    assert client.post(reverse("members:dues_generate", args=[tree.a.pk, 2025, 4])).status_code == 403
    assert DuesRecord.objects.get(pk=record.pk).paid_on is None
    assert not DuesRecord.objects.filter(month=date(2025, 4, 1)).exists()


def test_a_month_that_does_not_exist_is_404(client, tree):
    client.force_login(tree.secretary_a)
    assert client.get(month_url(tree.a, 2025, 13)).status_code == 404
