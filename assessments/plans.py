"""Writes for the branch's plan (创建方案, 五定) and the tasks broken down from it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.acting import require_branch
from assessments.choices import Status
from assessments.models import Plan, PlanTask


def _require_plan_editable(plan: Plan, user) -> None:
    require_branch(user, plan.participation)
    if plan.participation.status == Status.APPROVED:
        raise ValidationError("考核已通过，创建方案不再修改。")


@transaction.atomic
def save_plan(*, plan: Plan, user) -> Plan:
    _require_plan_editable(plan, user)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def add_task(*, plan: Plan, user, task: PlanTask) -> PlanTask:
    _require_plan_editable(plan, user)
    task.plan = plan
    if task.phase_id and task.phase.campaign_id != plan.participation.campaign_id:
        raise ValidationError("阶段不属于该创建周期。")
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def set_task_done(*, task: PlanTask, user, done_on: date | None) -> PlanTask:
    _require_plan_editable(task.plan, user)
    task.done_on = done_on
    task.full_clean()
    task.save(update_fields=["done_on"])
    return task
