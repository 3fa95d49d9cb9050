"""Writes to the organization tree: create, edit, move and dissolve organizations; committee seats;
party groups.

Each function takes the acting user (`user`) and checks the permission itself (accounts.scope): an
organization's own records are changed by whoever may change it (CHANGE); where it sits in the tree
(created, moved, dissolved) is decided by whoever may change its parent, and at the top of the tree
by the superuser alone.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.scope import CHANGE, require
from branches import selectors
from branches.choices import BRANCH_KINDS, OrgStatus
from branches.models import CommitteeMember, Organization, PartyGroup
from core.integrity import unique_violations_as_errors

TREE_FIELDS = ["path", "depth", "numchild"]  # set by treebeard when a node is placed


def _require_over(user, parent: Organization | None) -> None:
    if parent is None:
        if not user.is_superuser:
            raise PermissionDenied("只有超级管理员可以设立或调整顶级党组织。")
    else:
        require(user, CHANGE, parent.path)


def check_parent(organization: Organization, parent: Organization | None) -> None:
    """Where an organization may sit: not below itself or its own subtree, nothing below a branch."""
    if parent is None:
        return
    if organization.pk is not None and parent.path.startswith(organization.path):
        raise ValidationError({"parent": "不能把党组织移到它自己或它的下级组织之下。"})
    if parent.kind in BRANCH_KINDS:
        raise ValidationError({"parent": "党支部之下不能再设党组织（党小组请在支部页面添加）。"})
    if not parent.is_active:
        raise ValidationError({"parent": "上级党组织已撤销。"})


@unique_violations_as_errors()
@transaction.atomic
def create_organization(*, organization: Organization, parent: Organization | None, user) -> Organization:
    """Place a new organization below `parent` (None: a new top organization)."""
    _require_over(user, parent)
    check_parent(organization, parent)
    organization.status = OrgStatus.ACTIVE
    organization.full_clean(exclude=TREE_FIELDS)
    if parent is None:
        return Organization.add_root(instance=organization)
    return Organization.objects.get(pk=parent.pk).add_child(instance=organization)


@unique_violations_as_errors()
@transaction.atomic
def update_organization(*, organization: Organization, user) -> Organization:
    """Save an organization's own details (name, kind, term, …). Its place in the tree and its status
    are not written here: they change only through move_organization and dissolve_organization."""
    require(user, CHANGE, organization.path)
    if organization.kind in BRANCH_KINDS and organization.get_children().exists():
        raise ValidationError({"kind": "该组织设有下级党组织，不能改为党支部。"})
    organization.full_clean()
    organization.save(update_fields=[
        field.name for field in Organization._meta.concrete_fields
        if not field.primary_key and field.name not in [*TREE_FIELDS, "status", "dissolved_on"]
    ])
    return organization


@transaction.atomic
def move_organization(*, organization: Organization, new_parent: Organization, user) -> Organization:
    """Move an organization with its whole subtree below `new_parent`, as its last child."""
    organization = Organization.objects.get(pk=organization.pk)
    new_parent = Organization.objects.get(pk=new_parent.pk)
    _require_over(user, organization.get_parent())
    _require_over(user, new_parent)
    check_parent(organization, new_parent)
    organization.move(new_parent, "last-child")
    return Organization.objects.get(pk=organization.pk)


@transaction.atomic
def dissolve_organization(*, organization: Organization, user, on=None) -> Organization:
    """Organizations are never hard-deleted: they are marked dissolved and keep their history."""
    _require_over(user, organization.get_parent())
    if not organization.is_active:
        raise ValidationError(f"{organization.name}已于{organization.dissolved_on or '此前'}撤销。")
    if organization.get_descendants().filter(status=OrgStatus.ACTIVE).exists():
        raise ValidationError("该组织下仍有未撤销的下级组织，请先调整或撤销下级组织。")
    if organization.members.filter(archived_on__isnull=True).exists():
        raise ValidationError("该组织仍有在册党员，请先办理组织关系转接。")
    organization.status = OrgStatus.DISSOLVED
    organization.dissolved_on = on or timezone.localdate()
    organization.full_clean()
    organization.save(update_fields=["status", "dissolved_on"])
    return organization


@transaction.atomic
def add_committee_member(*, seat: CommitteeMember, user) -> CommitteeMember:
    """A new seat on the organization's committee: a person from its roster (selectors.committee_roster),
    whose name the seat takes, or someone not on it named by hand."""
    organization = seat.organization
    require(user, CHANGE, organization.path)
    if not organization.is_active:
        raise ValidationError("该党组织已撤销，不能添加委员。")
    if seat.member_id is not None:
        if not selectors.committee_roster(organization).filter(pk=seat.member_id).exists():
            raise ValidationError({"member": "所选党员不在本组织名册中，请重新选择。"})
        seat.name = seat.member.name
    seat.name = (seat.name or "").strip()
    if not seat.name:
        raise ValidationError({"name": "请从名册选择党员，或填写姓名。"})
    seat.ended_on = None
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def end_committee_term(*, seat: CommitteeMember, user, on=None) -> CommitteeMember:
    """The person leaves office; the seat stays on record with the date."""
    require(user, CHANGE, seat.organization.path)
    seat = CommitteeMember.objects.select_for_update().get(pk=seat.pk)
    if seat.ended_on is not None:
        raise ValidationError(f"{seat.name}已于{seat.ended_on}离任。")
    seat.ended_on = on or timezone.localdate()
    if seat.started_on and seat.ended_on < seat.started_on:
        raise ValidationError(f"离任日期不能早于任职日期（{seat.started_on}）。")
    seat.full_clean()
    seat.save(update_fields=["ended_on"])
    return seat


@unique_violations_as_errors()
@transaction.atomic
def add_party_group(*, branch: Organization, user, name: str, leader: str = "") -> PartyGroup:
    require(user, CHANGE, branch.path)
    if branch.kind not in BRANCH_KINDS:
        raise ValidationError("党小组只能设在党支部之下。")
    group = PartyGroup(branch=branch, name=name.strip(), leader=leader.strip())
    if PartyGroup.objects.filter(branch=branch, name=group.name).exists():
        raise ValidationError({"name": f"该支部已有名为“{group.name}”的党小组。"})
    group.full_clean()
    group.save()
    return group
