"""Writes to the roster: add, edit, archive a member, and the personal-data access log. A member is
never deleted; moves between organizations are members.transfers.services."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.scope import CHANGE, VIEW, can, require
from branches.choices import BRANCH_KINDS
from branches.models import Organization
from core.integrity import unique_violations_as_errors
from members.roster.models import Member, PersonalDataLog
from members.transfers.models import MemberTransfer, TransferDirection
from members.validators import id_birth_date, id_gender


def _fill_from_id_number(member: Member) -> None:
    """Birth date and gender default to what the ID number says."""
    number = (member.id_number or "").strip().upper()
    member.id_number = number
    if len(number) == 18 and id_birth_date(number):
        member.birth_date = member.birth_date or id_birth_date(number)
        if not member.gender and number[16].isdigit():
            member.gender = id_gender(number)


@unique_violations_as_errors()
def add_member(*, member: Member, user, ip_address: str | None = None, transferred_from: str = "", on=None) -> Member:
    require(user, CHANGE, member.organization.path)
    _check_branch(member.organization)
    _fill_from_id_number(member)
    refuse_known_id_number(member=member, user=user, ip_address=ip_address)
    return _save_new_member(member, user, transferred_from, on)


@transaction.atomic
def _save_new_member(member: Member, user, transferred_from: str, on) -> Member:
    member.full_clean()
    member._history_user = user
    member.save()
    if transferred_from:
        MemberTransfer.objects.create(
            member=member, direction=TransferDirection.IN, to_organization=member.organization,
            external_organization=transferred_from, transferred_on=on or timezone.localdate(),
            reason="组织关系转入", created_by=user,
        )
    return member


@unique_violations_as_errors()
def save_member(*, member: Member, user, ip_address: str | None = None) -> Member:
    require(user, CHANGE, member.organization.path)
    _fill_from_id_number(member)
    stored = Member.objects.filter(pk=member.pk).values_list("id_number", flat=True).first()
    if member.id_number != stored:
        refuse_known_id_number(member=member, user=user, ip_address=ip_address)
    return _save_member(member, user)


@transaction.atomic
def _save_member(member: Member, user) -> Member:
    member.full_clean()
    member._history_user = user
    member.save()
    return member


def refuse_known_id_number(*, member: Member, user, ip_address: str | None) -> None:
    """Typing an ID number asks whether that citizen is a party member anywhere, so the answer is
    rationed. A number already on a roll is refused, naming the organization only if the user can see
    it; every such answer is written to the personal-data log, and a user given
    settings.DUPLICATE_ID_ANSWERS_PER_HOUR of them within the hour may enter no ID number until the hour
    has passed. The log row is committed even though the caller's write is refused."""
    with transaction.atomic():
        # Concurrent requests of one user queue here, so the hourly limit cannot be raced past.
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        since = timezone.now() - timedelta(hours=1)
        answered = PersonalDataLog.objects.filter(user=user, action=PersonalDataLog.Action.ID_LOOKUP, at__gte=since)
        if answered.count() >= settings.DUPLICATE_ID_ANSWERS_PER_HOUR:
            refusal = ("一小时内多次录入已在册的公民身份号码，暂不能添加党员或更改公民身份号码；"
                       "请一小时后再试，或联系组织部门。")
        else:
            refusal = _answer_known_id_number(member, user, ip_address)
    if refusal:
        raise ValidationError({"id_number": refusal})


def _answer_known_id_number(member: Member, user, ip_address) -> str:
    existing = (Member.objects.filter(id_number=member.id_number).exclude(pk=member.pk)
                .select_related("organization").first())
    if existing is None:
        return ""
    visible = can(user, VIEW, existing.organization.path)
    where = existing.organization.name if visible else "管理范围外，未告知所在组织"
    log_personal_data(user=user, action=PersonalDataLog.Action.ID_LOOKUP, member=existing,
                      organization=member.organization, detail=f"录入已在册的公民身份号码（{where}）",
                      unmasked=False, ip_address=ip_address)
    if visible:
        return f"该公民身份号码已在册（{existing.organization.name}），请通过组织关系转接办理。"
    return "该公民身份号码不能在此添加，请联系组织部门。"


@transaction.atomic
def archive_member(*, member: Member, user, on, reason: str) -> Member:
    """移出名册 (death, leaving the party, …): the member stays on file, off the roll from `on`."""
    member = Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)
    require(user, CHANGE, member.organization.path)
    if member.archived_on:
        raise ValidationError("该党员已不在册。")
    if not reason.strip():
        raise ValidationError("请填写移出原因。")
    if on > timezone.localdate():
        raise ValidationError("移出日期不能晚于今天。")
    if on < member.joined_on:
        raise ValidationError(f"移出日期不能早于入党日期（{member.joined_on:%Y-%m-%d}）。")
    member.archived_on = on
    member.archive_reason = reason.strip()
    member.full_clean()
    member._history_user = user
    member.save(update_fields=["archived_on", "archive_reason"])
    return member


def _check_branch(org: Organization) -> None:
    if org.kind not in BRANCH_KINDS and org.kind != "general_branch":
        raise ValidationError("党员应编入党支部（或党总支）。")
    if not org.is_active:
        raise ValidationError(f"{org.name} 已撤销，不能编入党员。")


def log_personal_data(*, user, action: str, member=None, organization=None, detail: str = "", count: int = 1,
                      unmasked: bool = True, ip_address: str | None = None) -> PersonalDataLog:
    """One row of the append-only log; the act it records was allowed by its caller."""
    entry = PersonalDataLog(user=user, action=action, member=member, organization=organization, detail=detail[:200],
                            unmasked=unmasked, record_count=count, ip_address=ip_address)
    entry.full_clean()
    entry.save()
    return entry
