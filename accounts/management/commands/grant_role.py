"""`grant_role USERNAME ORG_CODE ROLE`: grant a role, creating the account when it does not exist yet.
Acts as a superuser (accounts.services.system_actor); any refusal writes nothing."""

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

    def handle(self, username, org_code, role, password=None, name="", **options):
        org = organization_model().objects.filter(code=org_code).first()
        if org is None:
            raise CommandError(f"组织代码 {org_code} 不存在。")
        actor = services.system_actor("grant_role")
        try:
            with transaction.atomic():
                account, created = services.ensure_account(username=username, name=name, password=password or None,
                                                           organization=org, role=role, user=actor)
                if password and not created:
                    services.set_password(account=account, password=password, user=actor)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        verb = "创建并授权" if created else "授权"
        self.stdout.write(f"{verb}：{username} → {org.name}（{org.code}）· {Role(role).label}")
