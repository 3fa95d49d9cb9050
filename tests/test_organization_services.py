"""Writes to the organization tree go through branches.services: the acting user's permission is
checked there, the model's rules are checked there, and the admin's moves and forms go through the
same functions as the site's pages."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from branches import services
from branches.choices import OrgKind
from branches.models import CommitteeMember, Organization, PartyGroup
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def codes_below(org):
    return set(Organization.objects.subtree_of(Organization.objects.get(pk=org.pk)).values_list("code", flat=True))


def test_a_term_that_ends_before_it_starts_is_refused_by_the_model_wherever_it_is_saved(tree):
    tree.a.term_started_on, tree.a.term_ends_on = date(2026, 1, 1), date(2025, 1, 1)
    with pytest.raises(ValidationError, match="应晚于任期开始日期"):
        services.update_organization(organization=tree.a, user=tree.secretary_a)
    assert Organization.objects.get(pk=tree.a.pk).term_ends_on is None


def test_saving_an_organization_read_before_a_move_keeps_the_move(tree):
    stale = Organization.objects.get(pk=tree.a.pk)
    services.move_organization(organization=tree.a, new_parent=tree.x, user=tree.superuser)
    stale.name = "甲公司党支部（改名）"
    services.update_organization(organization=stale, user=tree.superuser)
    assert codes_below(tree.x) == {"X", "C", "A"}
    assert Organization.objects.get(pk=tree.a.pk).name == "甲公司党支部（改名）"


def test_an_organization_with_children_cannot_become_a_branch(tree):
    tree.w.kind = OrgKind.BRANCH
    with pytest.raises(ValidationError, match="不能改为党支部"):
        services.update_organization(organization=tree.w, user=tree.superuser)


def test_where_an_organization_sits_is_decided_above_it(tree):
    with pytest.raises(PermissionDenied):
        services.dissolve_organization(organization=tree.a, user=tree.secretary_a)
    with pytest.raises(PermissionDenied):
        services.move_organization(organization=tree.a, new_parent=tree.x, user=tree.admin_w)  # X is not theirs
    with pytest.raises(PermissionDenied):
        services.create_organization(organization=Organization(code="N", name="新工委", kind=OrgKind.WORK_COMMITTEE),
                                     parent=None, user=tree.admin_w)
    services.dissolve_organization(organization=tree.a, user=tree.admin_w)
    assert Organization.objects.get(pk=tree.a.pk).status == "dissolved"


def test_a_new_organization_is_placed_below_its_parent(tree):
    new = Organization(code="D", name="丁公司党支部", kind=OrgKind.BRANCH)
    services.create_organization(organization=new, parent=tree.w, user=tree.admin_w)
    assert codes_below(tree.w) == {"W", "A", "B", "D"}
    with pytest.raises(ValidationError, match="党支部之下"):
        services.create_organization(organization=Organization(code="E", name="戊", kind=OrgKind.BRANCH),
                                     parent=tree.a, user=tree.admin_w)


def test_a_committee_seat_is_taken_from_the_roster_of_the_organization_only(tree):
    outsider = MemberFactory(organization=tree.b, name="乙支部党员")
    seat = CommitteeMember(organization=tree.a, role="secretary", member=outsider)
    with pytest.raises(ValidationError, match="不在本组织名册中"):
        services.add_committee_member(seat=seat, user=tree.superuser)
    with pytest.raises(PermissionDenied):
        services.add_committee_member(seat=CommitteeMember(organization=tree.b, role="member", name="某"),
                                      user=tree.secretary_a)
    assert not CommitteeMember.objects.exists()


def test_a_committee_term_ends_once(tree):
    seat = services.add_committee_member(seat=CommitteeMember(organization=tree.a, role="secretary", name=" 赵书记 "),
                                         user=tree.secretary_a)
    assert seat.name == "赵书记"
    services.end_committee_term(seat=seat, user=tree.secretary_a, on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="已于2026-03-01离任"):
        services.end_committee_term(seat=seat, user=tree.secretary_a)


def test_party_groups_are_added_by_whoever_may_change_the_branch(tree):
    with pytest.raises(PermissionDenied):
        services.add_party_group(branch=tree.a, user=tree.staff_w, name="第一党小组")
    with pytest.raises(ValidationError, match="只能设在党支部之下"):
        services.add_party_group(branch=tree.w, user=tree.superuser, name="第一党小组")
    services.add_party_group(branch=tree.a, user=tree.secretary_a, name=" 第一党小组 ", leader="张三")
    assert list(PartyGroup.objects.values_list("name", "leader")) == [("第一党小组", "张三")]


def test_the_admin_tree_refuses_to_drop_an_organization_below_a_branch(client, tree):
    client.force_login(tree.superuser)
    response = client.post(reverse("admin:branches_organization_changelist") + "move/",
                           {"node_id": tree.c.pk, "sibling_id": tree.a.pk, "as_child": 1})
    assert response.status_code == 400
    assert codes_below(tree.a) == {"A"}
    response = client.post(reverse("admin:branches_organization_changelist") + "move/",
                           {"node_id": tree.c.pk, "sibling_id": tree.b.pk, "as_child": 0})
    assert response.status_code == 200 and codes_below(tree.w) == {"W", "A", "B", "C"}


def admin_form(org, **changes):
    data = {"code": org.code, "name": org.name, "kind": org.kind, "founding_mode": org.founding_mode,
            "parent": "", "committee_members-TOTAL_FORMS": 0, "committee_members-INITIAL_FORMS": 0}
    return {**data, **changes}


def test_the_admin_form_moves_and_edits_through_the_same_rules(client, tree):
    client.force_login(tree.superuser)
    url = reverse("admin:branches_organization_change", args=[tree.c.pk])
    response = client.post(url, admin_form(tree.c, parent="A"))
    assert response.status_code == 200 and "党支部之下不能再设党组织" in response.text
    response = client.post(url, admin_form(tree.c, parent="X", term_started_on="2026-01-01", term_ends_on="2025-01-01"))
    assert response.status_code == 200 and "应晚于任期开始日期" in response.text
    response = client.post(url, admin_form(tree.c, parent="W", name="丙公司党支部（迁入）"))
    assert response.status_code == 302
    assert codes_below(tree.w) == {"W", "A", "B", "C"}
    assert Organization.objects.get(pk=tree.c.pk).name == "丙公司党支部（迁入）"


def test_the_admin_form_creates_an_organization_below_its_parent(client, tree):
    client.force_login(tree.superuser)
    response = client.post(reverse("admin:branches_organization_add"), {
        **admin_form(Organization(code="D", name="丁公司党支部", kind=OrgKind.BRANCH, founding_mode="single")),
        "parent": "W",
    })
    assert response.status_code == 302
    assert codes_below(tree.w) == {"W", "A", "B", "D"}
