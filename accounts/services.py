"""Writes to accounts: create an account, grant and revoke roles, set a password.

Every function takes the acting user (`user`) and checks there that they manage (MANAGE) the
organizations concerned. Management commands and the demo act as `system_actor(...)`.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import Role, RoleAssignment
from accounts.scope import MANAGE, require
from core.integrity import unique_violations_as_errors


def system_actor(name: str):
    """An unsaved superuser for a management command or the demo: its scope is everything, and it is
    recorded nowhere as a granter."""
    return get_user_model()(username=name, is_superuser=True, is_active=True)


def _recorded(user):
    return user if user.pk else None


@unique_violations_as_errors()
@transaction.atomic
def grant_role(*, account, organization, role: str, user) -> RoleAssignment:
    """Give `account` a role on `organization`; granting one it already holds changes nothing."""
    if role not in Role.values:
        raise ValidationError(f"未知角色“{role}”，可选：{'、'.join(Role.values)}。")
    require(user, MANAGE, organization.path)
    if not organization.is_active:
        raise ValidationError("该党组织已撤销，不能授予角色。")
    held = RoleAssignment.objects.filter(user=account, organization=organization, role=role).first()
    if held is not None:
        return held
    assignment = RoleAssignment(user=account, organization=organization, role=role, granted_by=_recorded(user))
    assignment.full_clean()
    assignment.save()
    return assignment


@unique_violations_as_errors()
@transaction.atomic
def create_account(*, username: str, name: str, password: str | None, organization, role: str, user):
    """A new account with its first role. Without a password (a command's choice) it cannot log in
    until one is set."""
    username = username.strip()
    if get_user_model().objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已存在。"})
    account = get_user_model()(username=username, name=name.strip())
    if password is None:
        account.set_unusable_password()
    else:
        validate_password(password, account)
        account.set_password(password)
    account.full_clean()
    account.save()
    grant_role(account=account, organization=organization, role=role, user=user)
    return account


@transaction.atomic
def ensure_account(*, username: str, name: str = "", password: str | None = None, organization, role: str,
                   user) -> tuple:
    """(account, created): the account with that username, created with `password` where missing,
    holding `role` on `organization`. An existing account's name and password are left as they are."""
    account = get_user_model().objects.filter(username=username.strip()).first()
    if account is None:
        return create_account(username=username, name=name, password=password, organization=organization,
                              role=role, user=user), True
    grant_role(account=account, organization=organization, role=role, user=user)
    return account, False


@transaction.atomic
def revoke_role(*, assignment: RoleAssignment, user) -> None:
    require(user, MANAGE, assignment.organization.path)
    if assignment.user_id == user.pk and assignment.role == Role.ADMIN:
        raise ValidationError("不能撤销自己的管理员角色。")
    assignment.delete()


@transaction.atomic
def set_password(*, account, password: str, user) -> None:
    """Only whoever manages every organization the account holds a role on may set its password; an
    account with no role, or a superuser's or admin-site user's, is the superuser's alone."""
    paths = list(account.roles.values_list("organization__path", flat=True))
    if (account.is_superuser or account.is_staff or not paths) and not user.is_superuser:
        raise PermissionDenied("只有超级管理员可以设置该账户的密码。")
    for path in paths:
        require(user, MANAGE, path)
    validate_password(password, account)
    account.set_password(password)
    account.save(update_fields=["password"])
