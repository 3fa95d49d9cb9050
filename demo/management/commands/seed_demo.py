from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from branches.models import Organization
from demo import world


class Command(BaseCommand):
    help = "写入演示数据（确定性，可重复运行）。--scale small：一个工委约50个组织；province：约1万个组织。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(world.SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="演示数据的基准日期（默认今天）")

    def handle(self, scale, seed, today, **options):
        root = world.seed(scale, seed, today or timezone.localdate())
        if root is None:
            self.stdout.write(f"已有 {scale} 演示数据（{world.root_code(scale)}），跳过。")
            return
        orgs = Organization.objects.filter(path__startswith=root.path).count()
        self.stdout.write(self.style.SUCCESS(f"已写入 {scale} 演示数据：{root.name}，党组织 {orgs} 个。"))
