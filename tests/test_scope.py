"""Everyone sees only their own subtree: 404 outside it, 403 for an action the role lacks."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.models import RoleAssignment, User
from accounts.scope import CHANGE, EXPORT, VIEW
from branches.models import HostUnit, Organization

pytestmark = pytest.mark.django_db


def get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_secretary_sees_own_branch_and_not_the_sibling(client, tree):
    assert get(client, tree.secretary_a, "branches:organization", tree.a.pk).status_code == 200
    assert get(client, tree.secretary_a, "branches:organization", tree.b.pk).status_code == 404
    assert get(client, tree.secretary_a, "branches:organization", tree.w.pk).status_code == 404


def test_secretary_sees_own_units_and_not_the_siblings(client, tree):
    assert get(client, tree.secretary_a, "branches:unit", tree.unit_a.pk).status_code == 200
    assert get(client, tree.secretary_a, "branches:unit", tree.unit_b.pk).status_code == 404
    response = get(client, tree.secretary_a, "branches:units")
    assert "甲公司" in response.text and "乙公司" not in response.text


def test_staff_of_the_parent_see_both_branches_and_units(client, tree):
    for pk in (tree.a.pk, tree.b.pk, tree.w.pk):
        assert get(client, tree.staff_w, "branches:organization", pk).status_code == 200
    for pk in (tree.unit_a.pk, tree.unit_b.pk):
        assert get(client, tree.staff_w, "branches:unit", pk).status_code == 200


def test_staff_of_another_committee_see_nothing_of_this_one(client, tree):
    assert get(client, tree.staff_x, "branches:organization", tree.a.pk).status_code == 404
    assert get(client, tree.staff_x, "branches:unit", tree.unit_a.pk).status_code == 404
    assert set(Organization.objects.restrict(tree.staff_x).values_list("code", flat=True)) == {"X", "C"}


def test_staff_may_read_but_not_edit_a_branch(client, tree):
    assert get(client, tree.staff_w, "branches:edit", tree.a.pk).status_code == 403


def test_secretary_edits_own_branch_but_not_the_sibling(client, tree):
    assert get(client, tree.secretary_a, "branches:edit", tree.a.pk).status_code == 200
    assert get(client, tree.secretary_a, "branches:edit", tree.b.pk).status_code == 404
    client.force_login(tree.secretary_a)
    response = client.post(reverse("branches:edit", args=[tree.a.pk]), {"name": "甲公司党支部（新）"})
    assert response.status_code == 302
    assert Organization.objects.get(pk=tree.a.pk).name == "甲公司党支部（新）"


def test_secretary_cannot_post_committee_members_to_another_branch(client, tree):
    client.force_login(tree.secretary_a)
    response = client.post(reverse("branches:committee_add", args=[tree.b.pk]), {"role": "member", "name": "某"})
    assert response.status_code == 404
    assert not tree.b.committee_members.exists()


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("branches:organization", args=[tree.a.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_restrict_by_action(tree):
    assert set(Organization.objects.restrict(tree.secretary_a, CHANGE).values_list("code", flat=True)) == {"A"}
    assert not Organization.objects.restrict(tree.secretary_a, EXPORT).exists()
    assert set(Organization.objects.restrict(tree.staff_w, EXPORT).values_list("code", flat=True)) == {"W", "A", "B"}
    assert Organization.objects.restrict(tree.superuser, VIEW).count() == 5
    assert HostUnit.objects.restrict(tree.secretary_b).get() == tree.unit_b


def test_roles_on_dissolved_organizations_grant_nothing(tree):
    Organization.objects.filter(pk=tree.a.pk).update(status="dissolved")
    assert not Organization.objects.restrict(User.objects.get(pk=tree.secretary_a.pk)).exists()


def test_admin_creates_an_account_within_the_subtree(client, tree):
    client.force_login(tree.admin_w)
    response = client.post(reverse("accounts:user_create"), {
        "username": "zhang", "name": "张三", "password": "Very-long-pass-42", "organization": "B", "role": "secretary",
    })
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user__username="zhang", organization__code="B", role="secretary").exists()


def test_admin_cannot_grant_outside_the_subtree(client, tree):
    client.force_login(tree.admin_w)
    response = client.post(reverse("accounts:user_create"), {
        "username": "li", "name": "李四", "password": "Very-long-pass-42", "organization": "C", "role": "secretary",
    })
    assert response.status_code == 200
    assert "不在您的管理范围内" in response.text
    assert not User.objects.filter(username="li").exists()


def test_weak_password_is_refused_in_chinese(client, tree):
    client.force_login(tree.admin_w)
    response = client.post(reverse("accounts:user_create"), {
        "username": "wang", "name": "王五", "password": "12345678", "organization": "A", "role": "staff",
    })
    assert response.status_code == 200 and "密码" in response.text
    assert not User.objects.filter(username="wang").exists()


def test_non_admins_cannot_manage_accounts(client, tree):
    assert get(client, tree.staff_w, "accounts:users").status_code == 403
    assert get(client, tree.secretary_a, "accounts:user_create").status_code == 403


def test_admin_sees_only_users_of_the_subtree(client, tree):
    assert get(client, tree.admin_w, "accounts:user", tree.secretary_a.pk).status_code == 200
    assert get(client, tree.admin_w, "accounts:user", tree.staff_x.pk).status_code == 404


def test_grant_role_command_creates_the_user(tree):
    call_command("grant_role", "newbie", "A", "secretary", "--password", "Another-pass-99")
    user = User.objects.get(username="newbie")
    assert user.check_password("Another-pass-99")
    assert set(Organization.objects.restrict(user, CHANGE).values_list("code", flat=True)) == {"A"}


def test_grant_role_command_rejects_unknown_organizations(tree):
    with pytest.raises(CommandError, match="不存在"):
        call_command("grant_role", "newbie", "NOPE", "staff")
