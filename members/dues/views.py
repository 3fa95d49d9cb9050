"""党费 pages: one branch, one month. Amounts are members.dues.pricing, writes members.dues.services."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import CHANGE, VIEW, can, require
from branches.models import Organization
from core.submission import once_per_submission
from core.web import errors_to_form, flash_errors
from members.dues import selectors, services
from members.dues.forms import PayForm
from members.dues.models import DuesRecord
from members.pipeline.rules import add_months


def _visible_org(request, pk) -> Organization:
    return get_object_or_404(Organization.objects.restrict(request.user, VIEW), pk=pk)


def _month(year: int, month: int) -> date:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404("没有这个月份。")
    return date(year, month, 1)


def _month_url(org_pk: int, month: date) -> str:
    return reverse("members:dues_month", args=[org_pk, month.year, month.month])


@login_required
def dues_current(request, org_pk):
    org = _visible_org(request, org_pk)
    return redirect(_month_url(org.pk, timezone.localdate()))


@login_required
def dues_month(request, org_pk, year, month, pay_form=None, pay_record_pk=None):
    org = _visible_org(request, org_pk)
    month = _month(year, month)
    today = timezone.localdate()
    try:
        rows = selectors.month_sheet(org, month)
    except ValidationError as exc:  # the rate table is incomplete
        flash_errors(request, exc)
        rows = []
    recorded = [row for row in rows if row.record]
    return render(request, "members/dues_month.html", {
        "org": org,
        "month": month,
        "rows": rows,
        "previous_url": _month_url(org.pk, add_months(month, -1)),
        "next_url": _month_url(org.pk, add_months(month, 1)) if month < selectors.month_start(today) else None,
        "missing": sum(1 for row in rows if not row.record and row.amount_due is not None),
        "no_income": [row.member for row in rows if row.amount_due is None],
        "due_total": sum(row.record.amount_due for row in recorded),
        "paid_total": sum(row.record.amount_paid for row in recorded if row.paid),
        "paid_count": sum(1 for row in recorded if row.paid),
        "recorded_count": len(recorded),
        "long_unpaid": selectors.long_unpaid(org, today),
        "unpaid_months": selectors.LONG_UNPAID_MONTHS,
        "can_change": can(request.user, CHANGE, org.path),
        "today": today,
        "pay_form": pay_form,
        "pay_record_pk": pay_record_pk,
    })


@login_required
@require_POST
@once_per_submission
def dues_generate(request, org_pk, year, month):
    org = _visible_org(request, org_pk)
    require(request.user, CHANGE, org.path)
    month = _month(year, month)
    try:
        created = services.generate_month(organization=org, month=month, user=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(_month_url(org.pk, month))
    messages.success(request, f"已生成{month.year}年{month.month}月党费记录 {created} 条。" if created else "本月党费记录已齐全。")
    return redirect(_month_url(org.pk, month))


@login_required
@require_POST
def dues_pay(request, pk):
    record = get_object_or_404(DuesRecord.objects.restrict(request.user, VIEW).select_related("member", "organization"), pk=pk)
    require(request.user, CHANGE, record.organization.path)
    form = PayForm(request.POST)
    if form.is_valid():
        try:
            services.record_payment(record=record, user=request.user, amount=form.cleaned_data["amount_paid"],
                                    paid_on=form.cleaned_data["paid_on"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已登记{record.member.name}{record.month.year}年{record.month.month}月党费。")
            return redirect(_month_url(record.organization_id, record.month))
    return dues_month(request, record.organization_id, record.month.year, record.month.month,
                      pay_form=form, pay_record_pk=record.pk)
