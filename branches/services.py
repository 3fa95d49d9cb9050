"""Write-side operations on organizations and units."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from treebeard.exceptions import InvalidMoveToDescendant

from branches.choices import BRANCH_KINDS, OrgStatus
from branches.models import Organization, PartyGroup
from core.integrity import unique_violations_as_errors


@transaction.atomic
def move_organization(org: Organization, new_parent: Organization) -> Organization:
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise ValidationError("不能把党组织移到它自己或它的下级组织之下。")
    if new_parent.kind in BRANCH_KINDS:
        raise ValidationError("党支部之下不能再设党组织（党小组请在支部页面添加）。")
    try:
        org.move(new_parent, "last-child")
    except InvalidMoveToDescendant as exc:  # pragma: no cover - guarded above
        raise ValidationError("不能把党组织移到它自己的下级组织之下。") from exc
    return Organization.objects.get(pk=org.pk)


@transaction.atomic
def dissolve_organization(org: Organization, on=None) -> Organization:
    """Organizations are never hard-deleted: they are marked dissolved and keep their history."""
    active_children = org.get_descendants().filter(status=OrgStatus.ACTIVE).exists()
    if active_children:
        raise ValidationError("该组织下仍有未撤销的下级组织，请先调整或撤销下级组织。")
    if org.members.filter(archived_on__isnull=True).exists():
        raise ValidationError("该组织仍有在册党员，请先办理组织关系转接。")
    org.status = OrgStatus.DISSOLVED
    org.dissolved_on = on or timezone.localdate()
    org.save(update_fields=["status", "dissolved_on"])
    return org


@unique_violations_as_errors()
def add_party_group(branch: Organization, name: str, leader: str = "") -> PartyGroup:
    if branch.kind not in BRANCH_KINDS:
        raise ValidationError("党小组只能设在党支部之下。")
    name = name.strip()
    if PartyGroup.objects.filter(branch=branch, name=name).exists():
        raise ValidationError(f"该支部已有名为“{name}”的党小组。")
    return PartyGroup.objects.create(branch=branch, name=name, leader=leader.strip())
