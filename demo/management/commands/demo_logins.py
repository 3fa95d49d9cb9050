from django.core.management.base import BaseCommand

from demo.logins import ensure_demo_logins


class Command(BaseCommand):
    help = "创建（或确认）演示账号并打印登录信息；需先运行 seed_demo --scale small。"

    def handle(self, **options):
        for username, password, purpose in ensure_demo_logins():
            self.stdout.write(f"  {username:<10} 密码 {password}  {purpose}")
