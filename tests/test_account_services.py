"""Accounts are written through accounts.services: whoever acts must manage the organizations
concerned, passwords are checked wherever they are set, and the command acts as a superuser that is
recorded as no one."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts import services
from accounts.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_the_grant_role_command_refuses_a_weak_password_for_an_existing_account(tree):
    with pytest.raises(CommandError, match="密码"):
        call_command("grant_role", "secretary_b", "A", "organizer", "--password", "12345678")
    account = User.objects.get(username="secretary_b")
    assert not account.check_password("12345678")
    assert not account.roles.filter(role=Role.ORGANIZER).exists()  # nothing of the command was written


def test_the_grant_role_command_sets_a_strong_password_and_grants(tree):
    call_command("grant_role", "secretary_b", "A", "organizer", "--password", "Another-pass-99")
    account = User.objects.get(username="secretary_b")
    assert account.check_password("Another-pass-99")
    assert account.roles.get(role=Role.ORGANIZER).granted_by is None


def test_an_account_created_without_a_password_cannot_log_in_until_one_is_set(tree):
    account = services.create_account(username="nopass", name="", password=None, organization=tree.a,
                                      role=Role.SECRETARY, user=tree.admin_w)
    assert not account.has_usable_password()


def test_a_manager_sets_passwords_only_of_accounts_wholly_in_their_subtree(tree):
    services.set_password(account=tree.secretary_a, password="Fresh-pass-2026", user=tree.admin_w)
    assert User.objects.get(pk=tree.secretary_a.pk).check_password("Fresh-pass-2026")
    services.grant_role(account=tree.secretary_a, organization=tree.x, role=Role.STAFF, user=tree.superuser)
    with pytest.raises(PermissionDenied):
        services.set_password(account=tree.secretary_a, password="Other-pass-2026", user=tree.admin_w)
    with pytest.raises(PermissionDenied):
        services.set_password(account=tree.superuser, password="Other-pass-2026", user=tree.admin_w)


def test_a_role_is_granted_once_and_records_who_granted_it(tree):
    first = services.grant_role(account=tree.staff_x, organization=tree.b, role=Role.STAFF, user=tree.admin_w)
    again = services.grant_role(account=tree.staff_x, organization=tree.b, role=Role.STAFF, user=tree.admin_w)
    assert first.pk == again.pk and first.granted_by == tree.admin_w
    with pytest.raises(PermissionDenied):
        services.grant_role(account=tree.staff_x, organization=tree.c, role=Role.STAFF, user=tree.admin_w)
    with pytest.raises(ValidationError, match="未知角色"):
        services.grant_role(account=tree.staff_x, organization=tree.b, role="king", user=tree.admin_w)


def test_an_administrator_cannot_revoke_their_own_admin_role(tree):
    own = RoleAssignment.objects.get(user=tree.admin_w, role=Role.ADMIN)
    with pytest.raises(ValidationError, match="不能撤销自己的管理员角色"):
        services.revoke_role(assignment=own, user=tree.admin_w)


def test_a_taken_username_is_an_error_on_its_field(client, tree):
    client.force_login(tree.admin_w)
    response = client.post(reverse("accounts:user_create"), {
        "username": "secretary_b", "name": "重名", "password": "Very-long-pass-42", "organization": "A",
        "role": "secretary",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["用户名“secretary_b”已存在。"]


def test_the_account_list_shows_the_roles_of_the_managed_subtree_only(client, tree):
    client.force_login(tree.admin_w)
    text = client.get(reverse("accounts:users")).text
    assert "secretary_a" in text and "staff_w" in text and "staff_x" not in text
