"""Reads for 组织关系转接 (writes are in members.transfers.services): the receiving organization by code
and name, what waits on each side (workbench), an organization's transfers, and a member's history."""

import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.scope import ACCEPT, CHANGE, VIEW
from branches.choices import BRANCH_KINDS, OrgKind
from branches.models import Organization
from members.roster.models import Member
from members.transfers.models import DONE_STATUSES, MemberTransfer, TransferDirection, TransferStatus

RECEIVER_NOT_FOUND = "未找到与该代码和名称一致的党组织，请核对接收党组织的组织代码和全称（须为正常状态的党支部或党总支）。"
RECEIVING_KINDS = (*BRANCH_KINDS, OrgKind.GENERAL_BRANCH)
RETURNED_SHOWN_DAYS = 30  # a returned transfer stays on the sender's workbench this long

RELATED = ("member", "from_organization", "to_organization", "created_by", "decided_by")
LISTS = {
    "pending": "办理中",
    "incoming": "转入",
    "outgoing": "转出",
    "done": "已办结",
}


def may_receive(org: Organization) -> bool:
    return org.is_active and org.kind in RECEIVING_KINDS


def find_receiver(code: str, name: str) -> Organization | None:
    """The organization a member may be transferred to, when its code AND full name both match.
    Not scoped: a member may move to any 工委's branch. Callers give one answer for every failure,
    so the lookup tells nothing about which codes exist outside the user's scope."""
    org = Organization.objects.filter(code=code.strip()).first()
    if org is None or _comparable(org.name) != _comparable(name) or not may_receive(org):
        return None
    return org


def _comparable(name: str) -> str:
    """Full-width and half-width forms (（ vs (), and spaces, do not count as a different name."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def awaiting_acceptance(user):
    """Transfers into the system's organizations that this user may accept or return."""
    return (MemberTransfer.objects.restrict(user, ACCEPT).pending()
            .filter(direction=TransferDirection.INTERNAL).select_related(*RELATED).order_by("created_at"))


def sent_and_open(user):
    """The sending side's transfers still under way, and those returned recently (with the reason)."""
    recently = timezone.now() - timedelta(days=RETURNED_SHOWN_DAYS)
    return (MemberTransfer.objects.restrict(user, CHANGE)
            .filter(Q(status=TransferStatus.PENDING) | Q(status=TransferStatus.RETURNED, decided_at__gte=recently))
            .select_related(*RELATED).order_by("-created_at"))


def organization_transfers(user, org: Organization, show: str):
    """Transfers into or out of `org`'s subtree that the user may see, as one of LISTS."""
    into = Q(to_organization__path__startswith=org.path)
    out_of = Q(from_organization__path__startswith=org.path)
    transfers = MemberTransfer.objects.restrict(user, VIEW).select_related(*RELATED)
    if show == "incoming":
        return transfers.filter(into)
    if show == "outgoing":
        return transfers.filter(out_of)
    if show == "done":
        return transfers.filter(into | out_of).done()
    return transfers.filter(into | out_of).pending()


@dataclass
class MemberTransfers:
    moves: list  # the transfers that moved the member (accepted or completed)
    pending: MemberTransfer | None
    unsuccessful: list  # returned or withdrawn: nothing moved, the reason stays visible


def member_transfers(member: Member) -> MemberTransfers:
    rows = list(member.transfers.select_related("from_organization", "to_organization"))
    return MemberTransfers(
        moves=[t for t in rows if t.status in DONE_STATUSES],
        pending=next((t for t in rows if t.status == TransferStatus.PENDING), None),
        unsuccessful=[t for t in rows if t.status in (TransferStatus.RETURNED, TransferStatus.WITHDRAWN)],
    )
