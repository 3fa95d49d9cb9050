"""党费 records: the rate table and each member's month (what is due, what was paid)."""

from decimal import Decimal

from django.db import models

from accounts.scope import RestrictedQuerySet


class DuesRate(models.Model):
    """党费 rate table (docs/domain.md §4) as data: a bracket of monthly income for a group of members."""

    class Group(models.TextChoices):
        EMPLOYED = "employed", "在职"
        RETIRED = "retired", "离退休"
        FIXED = "fixed", "学生、失业、低保"

    group = models.CharField("人员", max_length=10, choices=Group.choices)
    income_above = models.DecimalField("月收入高于（元）", max_digits=10, decimal_places=2, default=Decimal("0"))
    income_up_to = models.DecimalField("月收入不超过（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField("比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    fixed_amount = models.DecimalField("固定金额（元/月）", max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "党费标准"
        ordering = ["group", "income_above"]

    def __str__(self):
        upper = f"{self.income_up_to}" if self.income_up_to is not None else "以上"
        rate = f"{self.percent}%" if self.percent is not None else f"{self.fixed_amount}元"
        return f"{self.get_group_display()} {self.income_above}–{upper}：{rate}"


class DuesRecord(models.Model):
    """One member's dues for one month: what is due and what was paid."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues")
    organization = models.ForeignKey("branches.Organization", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份", help_text="当月1日")
    amount_due = models.DecimalField("应缴（元）", max_digits=8, decimal_places=2)
    amount_paid = models.DecimalField("实缴（元）", max_digits=8, decimal_places=2, default=Decimal("0"))
    paid_on = models.DateField("缴纳日期", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "党费记录"
        ordering = ["-month", "member"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="unique_dues_per_member_month")]
