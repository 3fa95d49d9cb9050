import time

from django.core.management.base import BaseCommand, CommandError

from branches.models import Organization
from dashboards import figures


class Command(BaseCommand):
    help = "重算统计分析用的组织统计数据（党员结构、组织生活）。默认只重算过期的；--all 全部重算。"

    def add_arguments(self, parser):
        parser.add_argument("--org", help="只重算该组织代码及其下级组织")
        parser.add_argument("--all", action="store_true", help="不论是否过期，全部重算")

    def handle(self, org=None, all=False, **options):
        prefix = ""
        if org:
            found = Organization.objects.filter(code=org).first()
            if found is None:
                raise CommandError(f"没有组织代码 {org}。")
            prefix = found.path
        start = time.perf_counter()
        figures.refresh(prefix, force=all)
        self.stdout.write(self.style.SUCCESS(f"统计数据已更新（{time.perf_counter() - start:.1f} 秒）。"))
