from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Role, RoleAssignment
from accounts.scope import MANAGE, require
from core.integrity import unique_violations_as_errors


@transaction.atomic
def grant_role(user, organization, role: str, granted_by=None) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationError(f"未知角色“{role}”，可选：{'、'.join(Role.values)}。")
    if granted_by is not None:
        require(granted_by, MANAGE, organization.path)
    if not organization.is_active:
        raise ValidationError("该党组织已撤销，不能授予角色。")
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, organization=organization, role=role, defaults={"granted_by": granted_by}
    )
    return assignment


@unique_violations_as_errors()
@transaction.atomic
def create_user_with_role(username: str, password: str, name: str, organization, role: str, granted_by=None):
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名“{username}”已存在。")
    user = User(username=username, name=name)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    grant_role(user, organization, role, granted_by)
    return user


@transaction.atomic
def revoke_role(assignment: RoleAssignment, revoked_by) -> None:
    require(revoked_by, MANAGE, assignment.organization.path)
    if assignment.user_id == revoked_by.pk and assignment.role == Role.ADMIN:
        raise ValidationError("不能撤销自己的管理员角色。")
    assignment.delete()
