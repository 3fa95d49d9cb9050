"""Reads shared by the roster page and the roster export, so both show the same members."""

from dataclasses import dataclass

from django.http import Http404

from accounts.scope import VIEW
from branches.models import Organization, PartyGroup
from core.web import parse_pk
from members.filters import MemberFilter
from members.models import Member

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
