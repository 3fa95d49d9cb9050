"""Writes to the roster: add, edit, transfer, archive. A member is never deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.scope import CHANGE, EXPORT, VIEW, can, require
from branches.choices import BRANCH_KINDS
from branches.models import Organization
from config.integrity import unique_violations_as_errors
from members.models import Member, MemberTransfer, PersonalDataLog
from members.models.roster import TransferDirection
from members.validators import id_birth_date, id_gender


def fill_from_id_number(member: Member) -> None:
    """Birth date and gender default to what the ID number says."""
    number = (member.id_number or "").strip().upper()
    member.id_number = number
    if len(number) == 18 and id_birth_date(number):
        member.birth_date = member.birth_date or id_birth_date(number)
        if not member.gender and number[16].isdigit():
            member.gender = id_gender(number)


@unique_violations_as_errors()
@transaction.atomic
def add_member(member: Member, user, transferred_from: str = "", on=None) -> Member:
    require(user, CHANGE, member.organization.path)
    _check_branch(member.organization)
    fill_from_id_number(member)
    existing = Member.objects.filter(id_number=member.id_number).select_related("organization").first()
    if existing:
        where = existing.organization.name if can(user, VIEW, existing.organization.path) else "其他党组织"
        raise ValidationError({"id_number": f"该公民身份号码已在册（{where}），请通过组织关系转接办理。"})
    member.full_clean()
    member.save()
    if transferred_from:
        MemberTransfer.objects.create(
            member=member, direction=TransferDirection.IN, to_organization=member.organization,
            external_organization=transferred_from, transferred_on=on or timezone.localdate(),
            reason="组织关系转入", created_by=user,
        )
    return member


def save_member(member: Member, user) -> Member:
    require(user, CHANGE, member.organization.path)
    fill_from_id_number(member)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def transfer_member(member: Member, user, on, reason: str = "", to_organization: Organization | None = None,
                    external_organization: str = "") -> MemberTransfer:
    """Move a member to another branch in the system, or out of it (then the member leaves the roll)."""
    require(user, CHANGE, member.organization.path)
    if member.archived_on:
        raise ValidationError("该党员已不在册，不能转接。")
    if bool(to_organization) == bool(external_organization.strip()):
        raise ValidationError("请填写转入的系统内党组织代码，或系统外党组织名称（二选一）。")
    source = member.organization
    if to_organization:
        _check_branch(to_organization)
        if to_organization.pk == source.pk:
            raise ValidationError("转入组织与当前所在组织相同。")
        transfer = MemberTransfer.objects.create(
            member=member, direction=TransferDirection.INTERNAL, from_organization=source,
            to_organization=to_organization, transferred_on=on, reason=reason, created_by=user,
        )
        member.organization = to_organization
        member.party_group = None
        member.save(update_fields=["organization", "party_group"])
        return transfer
    transfer = MemberTransfer.objects.create(
        member=member, direction=TransferDirection.OUT, from_organization=source,
        external_organization=external_organization.strip(), transferred_on=on, reason=reason, created_by=user,
    )
    member.archived_on = on
    member.archive_reason = f"组织关系转出至{external_organization.strip()}"
    member.save(update_fields=["archived_on", "archive_reason"])
    return transfer


def archive_member(member: Member, user, on, reason: str) -> Member:
    require(user, CHANGE, member.organization.path)
    if member.archived_on:
        raise ValidationError("该党员已不在册。")
    if not reason.strip():
        raise ValidationError("请填写移出原因。")
    member.archived_on = on
    member.archive_reason = reason.strip()
    member.save(update_fields=["archived_on", "archive_reason"])
    return member


def _check_branch(org: Organization) -> None:
    if org.kind not in BRANCH_KINDS and org.kind != "general_branch":
        raise ValidationError("党员应编入党支部（或党总支）。")
    if not org.is_active:
        raise ValidationError(f"{org.name} 已撤销，不能编入党员。")


def may_see_personal_data(user, member: Member) -> bool:
    return can(user, EXPORT, member.organization.path) or can(user, CHANGE, member.organization.path)


def log_personal_data(request, action: str, *, member=None, organization=None, detail="", count=1, unmasked=True):
    PersonalDataLog.objects.create(
        user=request.user, action=action, member=member, organization=organization, detail=detail,
        unmasked=unmasked, record_count=count, ip_address=client_ip(request),
    )


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
