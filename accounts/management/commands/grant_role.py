from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.models import Role, organization_model


class Command(BaseCommand):
    help = "授予用户在某党组织的角色（用户不存在时创建）。ROLE: secretary | organizer | staff | admin"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("org_code")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--password", help="新建用户时的密码；已有用户时重设密码")
        parser.add_argument("--name", default="", help="姓名")

    @transaction.atomic
    def handle(self, username, org_code, role, password=None, name="", **options):
        org = organization_model().objects.filter(code=org_code).first()
        if org is None:
            raise CommandError(f"组织代码 {org_code} 不存在。")
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"name": name})
        if password:
            user.set_password(password)
            user.save()
        elif created:
            user.set_unusable_password()
            user.save()
        try:
            services.grant_role(user, org, role)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        verb = "创建并授权" if created else "授权"
        self.stdout.write(f"{verb}：{username} → {org.name}（{org.code}）· {Role(role).label}")
