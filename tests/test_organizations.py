"""The organization tree: moves, dissolution, and the founding and committee rules."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches import selectors, services
from branches.choices import FoundingMode, OrgKind
from branches.models import CommitteeMember, HostUnit, Organization, RuleSet, UnitCoverage
from tests.factories import HostUnitFactory, MemberFactory, make_org

pytestmark = pytest.mark.django_db


def test_moving_a_branch_moves_it_into_the_new_subtree(tree):
    moved = services.move_organization(organization=tree.a, new_parent=tree.x, user=tree.superuser)
    assert moved.path.startswith(tree.x.path)
    assert set(Organization.objects.subtree_of(tree.x).values_list("code", flat=True)) == {"X", "C", "A"}
    assert "A" not in Organization.objects.subtree_of(Organization.objects.get(code="W")).values_list("code", flat=True)


def test_moving_an_organization_below_itself_is_refused(tree):
    with pytest.raises(ValidationError, match="下级组织"):
        services.move_organization(organization=tree.w, new_parent=tree.a, user=tree.superuser)


def test_nothing_is_placed_below_a_branch(tree):
    with pytest.raises(ValidationError, match="党支部之下"):
        services.move_organization(organization=tree.c, new_parent=tree.a, user=tree.superuser)


def test_dissolving_keeps_the_row_and_refuses_while_members_remain(tree):
    member = MemberFactory(organization=tree.a)
    with pytest.raises(ValidationError, match="在册党员"):
        services.dissolve_organization(organization=tree.a, user=tree.superuser)
    member.archived_on = date.today()
    member.save()
    services.dissolve_organization(organization=tree.a, user=tree.superuser)
    assert Organization.objects.get(code="A").status == "dissolved"


def test_dissolving_a_parent_with_active_children_is_refused(tree):
    with pytest.raises(ValidationError, match="下级组织"):
        services.dissolve_organization(organization=tree.w, user=tree.superuser)


def test_should_have_organization_by_members_or_designated_size(db):
    rules = RuleSet.current()
    w = make_org(kind=OrgKind.WORK_COMMITTEE)
    small = HostUnitFactory(managed_by=w, employees=20, party_member_count=2, full_member_count=2)
    three = HostUnitFactory(managed_by=w, employees=20, party_member_count=3, full_member_count=3)
    big = HostUnitFactory(managed_by=w, employees=100)
    mid_rich = HostUnitFactory(managed_by=w, employees=60, annual_revenue=500)
    mid_poor = HostUnitFactory(managed_by=w, employees=60, annual_revenue=499)
    expected = {three.pk, big.pk, mid_rich.pk}
    assert {u.pk for u in (small, three, big, mid_rich, mid_poor) if u.should_have_organization(rules)} == expected
    assert set(HostUnit.objects.should_have_organization(rules).values_list("pk", flat=True)) == expected


def test_thresholds_are_data_not_constants(db):
    rules = RuleSet.current()
    rules.min_full_members_for_branch = 5
    rules.save()
    w = make_org(kind=OrgKind.WORK_COMMITTEE)
    unit = HostUnitFactory(managed_by=w, party_member_count=4, full_member_count=4)
    assert not unit.should_have_organization(RuleSet.current())


def test_unit_with_three_full_members_in_a_joint_branch_is_warned(db):
    rules = RuleSet.current()
    w = make_org(kind=OrgKind.WORK_COMMITTEE)
    joint = make_org(w, kind=OrgKind.JOINT_BRANCH, founding_mode=FoundingMode.JOINT)
    unit = HostUnitFactory(managed_by=w, party_member_count=3, full_member_count=3)
    UnitCoverage.objects.create(unit=unit, organization=joint)
    texts = [w.text for w in selectors.unit_warnings(unit, rules)]
    assert any("应单独组建党支部" in t for t in texts)


def test_unit_with_members_and_no_organization_is_a_gap(db):
    w = make_org(kind=OrgKind.WORK_COMMITTEE)
    unit = HostUnitFactory(managed_by=w, party_member_count=2, full_member_count=1)
    assert any("空白点" in w.text for w in selectors.unit_warnings(unit, RuleSet.current()))


def _warnings(org, members):
    return [w.text for w in selectors.organization_warnings(org, members, RuleSet.current())]


def test_branch_with_seven_members_needs_a_committee(tree):
    assert any("应设立支部委员会" in t for t in _warnings(tree.a, 7))
    assert not any("应设立支部委员会" in t for t in _warnings(tree.a, 6))
    for role in ("secretary", "organization", "propaganda"):
        CommitteeMember.objects.create(organization=tree.a, role=role, name="某")
    assert not any("应设立支部委员会" in t for t in _warnings(tree.a, 7))


def test_term_over_and_term_ending_soon(tree):
    today = date(2026, 11, 25)
    tree.a.term_ends_on = today - timedelta(days=1)
    texts = [w.text for w in selectors.organization_warnings(tree.a, 3, RuleSet.current(), today)]
    assert any("到期未换届" in t for t in texts)
    tree.a.term_ends_on = today + timedelta(days=90)
    texts = [w.text for w in selectors.organization_warnings(tree.a, 3, RuleSet.current(), today)]
    assert any("还有 90 天" in t for t in texts)


def test_default_term_by_kind_and_per_organization_override(tree):
    assert tree.a.default_term_years() == 3
    assert make_org(tree.w, kind=OrgKind.COMMITTEE).default_term_years() == 5
    tree.a.term_years = 5
    assert tree.a.default_term_years() == 5


def test_joint_branch_covering_too_many_units_is_warned(db):
    w = make_org(kind=OrgKind.WORK_COMMITTEE)
    joint = make_org(w, kind=OrgKind.JOINT_BRANCH, founding_mode=FoundingMode.JOINT)
    for _ in range(11):
        UnitCoverage.objects.create(unit=HostUnitFactory(managed_by=w), organization=joint)
    assert any("覆盖面过宽" in t for t in _warnings(joint, 5))


def test_subtree_query_uses_the_path_prefix_index(tree):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM branches_organization WHERE path LIKE %s", [tree.w.path + "%"]
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "org_path_prefix_idx" in plan


def test_the_admin_dissolves_organizations_and_cannot_delete_them_or_members(client, tree):
    from django.urls import reverse

    client.force_login(tree.superuser)
    member = MemberFactory(organization=tree.b)
    assert client.post(reverse("admin:branches_organization_delete", args=[tree.a.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:members_member_delete", args=[member.pk]), {"post": "yes"}).status_code == 403
    response = client.post(reverse("admin:branches_organization_changelist"),
                           {"action": "dissolve", "_selected_action": [tree.a.pk, tree.b.pk]}, follow=True)
    assert Organization.objects.get(pk=tree.a.pk).status == "dissolved"
    assert Organization.objects.get(pk=tree.b.pk).status == "active"  # it still has a member on the roll
    assert "仍有在册党员" in response.content.decode()


def test_a_committee_member_is_picked_from_the_branch_roster_and_linked(client, tree):
    zhang = MemberFactory(organization=tree.a, name="张一")
    outsider = MemberFactory(organization=tree.b, name="外支部")
    client.force_login(tree.secretary_a)
    page = client.get(tree.a.get_absolute_url()).text
    assert f'<option value="{zhang.pk}">张一</option>' in page and "外支部" not in page
    url = reverse("branches:committee_add", args=[tree.a.pk])
    client.post(url, {"role": "secretary", "member": zhang.pk, "name": ""})
    seat = CommitteeMember.objects.get()
    assert (seat.member, seat.name) == (zhang, "张一")
    response = client.post(url, {"role": "organization", "member": outsider.pk}, follow=True)
    assert "所选党员不在本组织名册中" in response.text and CommitteeMember.objects.count() == 1
    response = client.post(url, {"role": "organization", "member": "", "name": ""}, follow=True)
    assert "请从名册选择党员，或填写姓名" in response.text and CommitteeMember.objects.count() == 1
    client.post(url, {"role": "discipline", "name": "外聘委员"})
    assert CommitteeMember.objects.get(name="外聘委员").member is None
    assert "未关联名册" in client.get(tree.a.get_absolute_url()).text
