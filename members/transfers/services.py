"""组织关系转接: both sides act, and until the receiving side has acted the member stays where they were.

- The sending side (CHANGE on the member's organization) proposes a transfer, either to an
  organization in the system (found by its code AND full name, see selectors.find_receiver)
  or out of the system, which issues a 介绍信 numbered per year (〔2026〕第 0012 号).
- In the system the receiving side accepts it (the member moves, party group cleared) or returns it
  with a reason (the member stays; the sender sees the reason). Who may is ACCEPT in accounts.scope:
  the receiving organization's secretary or organizer, or staff/admin of a common parent.
- Out of the system the member keeps belonging to the sender while the letter travels: the member
  leaves the roll only when the sender records that the letter's 回执 came back (record_receipt),
  which is when the receiving organization confirmed the member arrived. A letter that never comes
  back is withdrawn by the sender; its number stays used.
- The sender may withdraw a transfer while it is pending. A member has at most one pending transfer
  (also a partial unique constraint). Rows are never deleted: the history keeps every attempt.
"""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.scope import CHANGE, require, require_accept
from members.roster.models import Member
from members.transfers.models import MemberTransfer, TransferDirection, TransferStatus
from members.transfers.selectors import RECEIVER_NOT_FOUND, may_receive

LETTER_LOCK_KEY = 7_120_416  # pg_advisory_xact_lock(key, year): one letter number at a time per year


@transaction.atomic
def propose_transfer(*, member: Member, user, on, to_organization=None, external_name: str = "",
                     reason: str = "") -> MemberTransfer:
    """The sending side issues a transfer; nothing moves until the other side has acted."""
    member = _locked_member(member)
    source = member.organization
    require(user, CHANGE, source.path)
    if member.archived_on:
        raise ValidationError("该党员已不在册，不能转接。")
    external_name = external_name.strip()
    if bool(to_organization) == bool(external_name):
        raise ValidationError("请填写接收党组织的代码和全称，或转出系统外的接收党组织名称（二选一）。")
    _check_not_future(on, "转出日期")
    pending = member.transfers.pending().first()
    if pending:
        raise ValidationError(f"该党员已有一项办理中的组织关系转接（转往{pending.destination}），办结或撤回后才能再次办理。")
    transfer = MemberTransfer(member=member, from_organization=source, transferred_on=on, reason=reason.strip(),
                              status=TransferStatus.PENDING, created_by=user)
    if to_organization:
        if not may_receive(to_organization):
            raise ValidationError(RECEIVER_NOT_FOUND)
        if to_organization.pk == source.pk:
            raise ValidationError("接收党组织与该党员当前所在组织相同。")
        transfer.direction = TransferDirection.INTERNAL
        transfer.to_organization = to_organization
    else:
        transfer.direction = TransferDirection.OUT
        transfer.external_organization = external_name
        transfer.letter_year = on.year
        transfer.letter_serial = _next_letter_serial(on.year)
    transfer.full_clean()
    transfer.save()
    return transfer


@transaction.atomic
def accept_transfer(*, transfer: MemberTransfer, user, on=None) -> MemberTransfer:
    """The receiving side takes the member in: the member moves and leaves their party group."""
    transfer = _locked_transfer(transfer)
    _check_receivable(transfer, user)
    on = on or timezone.localdate()
    _check_decision_date(transfer, on, "接收日期")
    member = _member_still_with_sender(transfer)
    if not may_receive(transfer.to_organization):
        raise ValidationError(f"{transfer.to_organization.name} 已撤销或不能编入党员，无法接收，请退回。")
    member.organization = transfer.to_organization
    member.party_group = None
    member.full_clean()
    member._history_user = user
    member.save(update_fields=["organization", "party_group"])
    return _decide(transfer, user, TransferStatus.ACCEPTED, effective_on=on)


@transaction.atomic
def return_transfer(*, transfer: MemberTransfer, user, reason: str) -> MemberTransfer:
    """The receiving side declines; the member stays with the sender, who sees the reason."""
    transfer = _locked_transfer(transfer)
    _check_receivable(transfer, user)
    if not reason.strip():
        raise ValidationError("请填写退回原因。")
    return _decide(transfer, user, TransferStatus.RETURNED, return_reason=reason.strip())


@transaction.atomic
def withdraw_transfer(*, transfer: MemberTransfer, user) -> MemberTransfer:
    """The sending side takes back a pending transfer (a letter issued stays numbered, void)."""
    transfer = _locked_transfer(transfer)
    require(user, CHANGE, transfer.from_organization.path)
    _check_pending(transfer)
    return _decide(transfer, user, TransferStatus.WITHDRAWN)


@transaction.atomic
def record_receipt(*, transfer: MemberTransfer, user, on=None) -> MemberTransfer:
    """The 回执 of a letter out of the system came back: the member leaves the roll (kept on file)."""
    transfer = _locked_transfer(transfer)
    require(user, CHANGE, transfer.from_organization.path)
    if transfer.direction != TransferDirection.OUT:
        raise ValidationError("只有转出系统外的转接需要登记回执。")
    _check_pending(transfer)
    on = on or timezone.localdate()
    _check_decision_date(transfer, on, "回执日期")
    member = _member_still_with_sender(transfer)
    member.archived_on = on
    member.archive_reason = f"组织关系转出至{transfer.external_organization}"[:100]
    member.full_clean()
    member._history_user = user
    member.save(update_fields=["archived_on", "archive_reason"])
    return _decide(transfer, user, TransferStatus.COMPLETED, effective_on=on)


def _locked_member(member: Member) -> Member:
    return Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)


def _locked_transfer(transfer: MemberTransfer) -> MemberTransfer:
    return (MemberTransfer.objects.select_for_update(of=("self",))
            .select_related("member", "from_organization", "to_organization").get(pk=transfer.pk))


def _check_receivable(transfer: MemberTransfer, user) -> None:
    if transfer.direction != TransferDirection.INTERNAL:
        raise ValidationError("转出系统外的转接由转出方登记回执，不在系统内接收。")
    require_accept(user, sender_path=transfer.from_organization.path, receiver_path=transfer.to_organization.path)
    _check_pending(transfer)


def _check_pending(transfer: MemberTransfer) -> None:
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError(f"该转接{transfer.get_status_display()}，不能再办理。")


def _check_not_future(on, label: str) -> None:
    if on > timezone.localdate():
        raise ValidationError(f"{label}不能晚于今天。")


def _check_decision_date(transfer: MemberTransfer, on, label: str) -> None:
    _check_not_future(on, label)
    if on < transfer.transferred_on:
        raise ValidationError(f"{label}不能早于转出日期（{transfer.transferred_on:%Y-%m-%d}）。")


def _member_still_with_sender(transfer: MemberTransfer) -> Member:
    """The roster may have changed since the proposal (removed, moved by an import)."""
    member = _locked_member(transfer.member)
    if member.archived_on or member.organization_id != transfer.from_organization_id:
        raise ValidationError("该党员已不在转出组织的名册上，此转接无法办结，请退回或撤回。")
    return member


def _decide(transfer: MemberTransfer, user, status: str, **fields) -> MemberTransfer:
    transfer.status = status
    transfer.decided_by = user
    transfer.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(transfer, name, value)
    transfer.full_clean()
    transfer.save()
    return transfer


def _next_letter_serial(year: int) -> int:
    """Letter numbers run from 1 each year across the system; proposals take turns (an advisory
    lock held to the end of the transaction), the unique constraint is the backstop."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LETTER_LOCK_KEY, year])
    last = MemberTransfer.objects.filter(letter_year=year).aggregate(last=Max("letter_serial"))["last"]
    return (last or 0) + 1
