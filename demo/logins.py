"""Demo logins over the small demo tree; idempotent."""

from django.contrib.auth import get_user_model

from accounts import services
from accounts.models import Role
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
    actor = services.system_actor("seed_demo")
    for username, grant, purpose in logins:
        if grant is None:
            if not User.objects.filter(username=username).exists():
                User.objects.create_superuser(username=username, password=DEMO_PASSWORD, name=username)
        else:
            services.ensure_account(username=username, name=username, password=DEMO_PASSWORD,
                                    organization=grant[0], role=grant[1], user=actor)
    return [(username, DEMO_PASSWORD, purpose) for username, _, purpose in logins]
