"""Reads of the roster: a member the user may see, the roster page's selection (shared with the roster
export, so both show the same members), and who may see a member's personal data unmasked."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.scope import CHANGE, EXPORT, VIEW, can
from branches.models import Organization, PartyGroup
from core.web import parse_pk
from members.roster.filters import MemberFilter
from members.roster.models import Member


def visible_member(user, pk) -> Member:
    """The member (current or archived) if the user may see them; 404 otherwise."""
    queryset = Member.objects.restrict(user, VIEW).select_related("organization", "party_group")
    return get_object_or_404(queryset, pk=pk)


def may_see_personal_data(user, member: Member) -> bool:
    return can(user, EXPORT, member.organization.path) or can(user, CHANGE, member.organization.path)


@dataclass
class Roster:
    organization: Organization | None
    filter: MemberFilter

    @property
    def members(self):
        return self.filter.qs.order_by("organization__path", "name", "pk")


def roster(user, params) -> Roster:
    """The current members the user may see, narrowed to `organization`'s subtree (404 when that is
    not a visible organization) and to the list's filters (status, category, age band, …)."""
    members = Member.objects.restrict(user, VIEW).current().select_related("organization", "party_group")
    org = None
    if params.get("organization"):
        pk = parse_pk(params["organization"])
        org = Organization.objects.restrict(user, VIEW).filter(pk=pk).first() if pk else None
        if org is None:
            raise Http404("党组织不存在或不在您的管辖范围内。")
        members = members.filter(organization__path__startswith=org.path)
    groups = PartyGroup.objects.filter(branch=org) if org and org.is_branch else None
    return Roster(org, MemberFilter(params, queryset=members, party_groups=groups))
