"""Demo logins over the small demo tree; idempotent."""

from django.contrib.auth import get_user_model

from accounts.models import Role, RoleAssignment
from branches.models import Organization

DEMO_PASSWORD = "zhibu-demo-2026"


def ensure_demo_logins() -> list[tuple[str, str, str]]:
    """Returns (username, password, what the login is for)."""
    User = get_user_model()
    root = Organization.objects.get(code="S0001")
    branches = list(
        Organization.objects.filter(path__startswith=root.path, kind="branch", status="active").order_by("path")[:2]
    )
    logins = [
        ("admin", None, "系统超级管理员（后台 /admin/）"),
        ("gwadmin", (root, Role.ADMIN), f"{root.name} 管理员（建账号、授角色）"),
        ("gongwei", (root, Role.STAFF), f"{root.name} 工作人员（查看整个工委）"),
        ("shuji1", (branches[0], Role.SECRETARY), f"{branches[0].name} 书记"),
        ("shuji2", (branches[1], Role.SECRETARY), f"{branches[1].name} 书记"),
    ]
    result = []
    for username, grant, purpose in logins:
        user, created = User.objects.get_or_create(username=username, defaults={"name": username})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = user.is_staff = grant is None
            user.save()
        if grant:
            RoleAssignment.objects.get_or_create(user=user, organization=grant[0], role=grant[1])
        result.append((username, DEMO_PASSWORD, purpose))
    return result
