"""组织关系转接 records: a member's moves between organizations, kept as history (the rules are in
members.transfers.services)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from accounts.scope import PassageQuerySet
from members.roster.models import Member


class TransferDirection(models.TextChoices):
    IN = "in", "转入"
    OUT = "out", "转出"
    INTERNAL = "internal", "系统内调整"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待办理"
    ACCEPTED = "accepted", "已接收"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"
    COMPLETED = "completed", "已转出"


# Transfers that moved the member (the others never did).
DONE_STATUSES = (TransferStatus.ACCEPTED, TransferStatus.COMPLETED)


class TransferQuerySet(PassageQuerySet):
    def pending(self):
        return self.filter(status=TransferStatus.PENDING)

    def done(self):
        return self.filter(status__in=DONE_STATUSES)


class MemberTransfer(models.Model):
    """组织关系转接, kept as history. A proposal (members.transfers.services) starts pending; rows written
    directly (a transfer in from outside on adding a member, a move by the roster import within the
    importer's own subtree) record a move already made, hence the default status."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers", verbose_name="党员")
    direction = models.CharField("类型", max_length=10, choices=TransferDirection.choices)
    status = models.CharField("状态", max_length=10, choices=TransferStatus.choices, default=TransferStatus.ACCEPTED)
    from_organization = models.ForeignKey(
        "branches.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="转出组织"
    )
    to_organization = models.ForeignKey(
        "branches.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="转入组织"
    )
    external_organization = models.CharField("系统外组织", max_length=150, blank=True)
    transferred_on = models.DateField("转接日期")
    reason = models.CharField("原因", max_length=200, blank=True)
    letter_year = models.PositiveSmallIntegerField("介绍信年度", null=True, blank=True)
    letter_serial = models.PositiveIntegerField("介绍信编号", null=True, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True, help_text="接收或收到回执、党员关系转移的日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="办理人"
    )
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="经办人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "组织关系转接"
        ordering = ["-transferred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=models.Q(status="pending"),
                                    name="one_pending_transfer_per_member"),
            models.UniqueConstraint(fields=["letter_year", "letter_serial"], name="unique_letter_number_per_year"),
        ]

    def __str__(self):
        return f"{self.member} {self.get_direction_display()} {self.transferred_on}"

    def get_absolute_url(self):
        return reverse("members:transfer_detail", args=[self.pk])

    @property
    def letter_number(self) -> str:
        """As printed on the 介绍信, e.g. 〔2026〕第 0012 号."""
        return f"〔{self.letter_year}〕第 {self.letter_serial:04d} 号" if self.letter_serial else ""

    @property
    def destination(self) -> str:
        return self.to_organization.name if self.to_organization_id else self.external_organization

    @property
    def is_pending(self) -> bool:
        return self.status == TransferStatus.PENDING

    @property
    def moved_on(self):
        """The day the member moved; rows written directly carry only their transfer date."""
        return self.effective_on or self.transferred_on

    def clean(self):
        if self.direction == TransferDirection.INTERNAL and not self.to_organization_id:
            raise ValidationError("系统内转接须有转入组织。")
        if self.direction == TransferDirection.OUT and not self.external_organization.strip():
            raise ValidationError("转出系统外须填写接收党组织名称。")
