"""Read-side rules of docs/domain.md §1, shown where they bite."""

from dataclasses import dataclass

from django.utils import timezone

from branches.choices import BRANCH_KINDS, FoundingMode, OrgKind
from branches.models import CommitteeMember, HostUnit, Organization, RuleSet


@dataclass(frozen=True)
class Warning:
    level: str  # "danger" or "notice"
    text: str


def organization_warnings(org: Organization, member_count: int, rules: RuleSet, today=None) -> list[Warning]:
    today = today or timezone.localdate()
    found: list[Warning] = []
    if not org.is_active:
        return [Warning("notice", f"该组织已于 {org.dissolved_on or '—'} 撤销。")]
    if org.kind in BRANCH_KINDS:
        committee_size = org.current_committee().count()
        if member_count >= rules.branch_committee_min_members and committee_size < rules.committee_min_size:
            found.append(Warning(
                "danger",
                f"党员 {member_count} 人（{rules.branch_committee_min_members} 人以上）应设立支部委员会，"
                f"目前在任委员 {committee_size} 人。",
            ))
        if member_count > rules.max_branch_members:
            found.append(Warning(
                "notice", f"党员 {member_count} 人，超过 {rules.max_branch_members} 人，可考虑设立党总支。"
            ))
    if org.kind == OrgKind.JOINT_BRANCH:
        unit_count = org.units.count()
        if unit_count > rules.joint_branch_max_units:
            found.append(Warning(
                "notice", f"联合党支部覆盖 {unit_count} 个单位，超过 {rules.joint_branch_max_units} 个，覆盖面过宽。"
            ))
    if org.kind == OrgKind.WORK_COMMITTEE:
        return found  # 工委 are appointed by the higher committee, not elected
    days_left = org.term_days_left(today)
    if days_left is None:
        found.append(Warning("notice", "未登记本届任期，无法提示换届。"))
    elif days_left < 0:
        found.append(Warning("danger", f"任期已于 {org.term_ends_on} 届满，到期未换届（已超 {-days_left} 天）。"))
    elif days_left <= rules.election_notice_days:
        found.append(Warning("notice", f"距任期届满还有 {days_left} 天，请做好换届准备。"))
    return found


def unit_warnings(unit: HostUnit, rules: RuleSet) -> list[Warning]:
    covering = list(unit.organizations.filter(status="active"))
    own = any(o.founding_mode == FoundingMode.SINGLE for o in covering)
    found: list[Warning] = []
    if unit.full_member_count >= rules.min_full_members_for_branch and not own:
        found.append(Warning(
            "danger",
            f"正式党员 {unit.full_member_count} 人（{rules.min_full_members_for_branch} 人以上），应单独组建党支部。",
        ))
    elif unit.should_have_organization(rules) and not covering:
        found.append(Warning("danger", "规模以上单位，应建未建党组织。"))
    if unit.party_member_count and not covering:
        found.append(Warning("notice", f"有党员 {unit.party_member_count} 人但未建立党组织（空白点）。"))
    return found


def committee_roster(org: Organization):
    """Who may be picked for a seat on the committee: the current members of a branch, or of a 党总支's
    branches; a committee above that is elected from elsewhere and is named by hand."""
    member_model = CommitteeMember._meta.get_field("member").related_model  # members.Member, through the relation
    if not (org.is_branch or org.kind == OrgKind.GENERAL_BRANCH):
        return member_model.objects.none()
    return member_model.objects.current().filter(organization__path__startswith=org.path).order_by("name")


def scope_roots(user):
    """The top organizations of the user's view scope (no root listed inside another)."""
    from accounts.scope import VIEW, reaches

    found = reaches(user, VIEW)
    if found is None:
        return list(Organization.get_root_nodes())
    paths = sorted({r.path for r in found})
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return list(Organization.objects.filter(path__in=tops).order_by("path"))


def ancestors_by_path(orgs) -> dict[str, Organization]:
    """All ancestors of the given organizations, fetched in one query, keyed by path."""
    steplen = Organization.steplen
    paths = {o.path[:i] for o in orgs for i in range(steplen, len(o.path), steplen)}
    return {o.path: o for o in Organization.objects.filter(path__in=paths)}


def breadcrumbs(org: Organization, known: dict[str, Organization] | None = None) -> list[Organization]:
    steplen = Organization.steplen
    prefixes = [org.path[:i] for i in range(steplen, len(org.path), steplen)]
    if known is None:
        known = {o.path: o for o in Organization.objects.filter(path__in=prefixes)}
    return [known[p] for p in prefixes if p in known]
