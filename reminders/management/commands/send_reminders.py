from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from branches.models import Organization
from reminders import delivery, sweep

KIND_LABELS = {
    "meeting": "会议提醒", "requirement_due": "组织生活即将逾期", "requirement_missed": "组织生活未完成（报上级）",
    "election": "换届提醒", "pipeline_activist_year": "积极分子满一年", "pipeline_probation_end": "预备期届满",
}


def label(kind: str) -> str:
    for prefix, text in KIND_LABELS.items():
        if kind.startswith(prefix):
            return f"{text}（{kind}）"
    return kind


class Command(BaseCommand):
    help = "运行提醒扫描（与定时任务相同），并同步发送邮件。--dry-run 只统计不写入。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="按哪一天扫描（默认今天，YYYY-MM-DD）")
        parser.add_argument("--dry-run", action="store_true", help="只统计将要生成的提醒，不写入、不发送")
        parser.add_argument("--root", help="只扫描该组织代码及其下级")

    def handle(self, date=None, dry_run=False, root=None, **options):
        today = date or timezone.localdate()
        org = None
        if root:
            org = Organization.objects.filter(code=root).first()
            if org is None:
                raise CommandError(f"组织代码 {root} 不存在。")
        counts = sweep.run(today, org, dry_run=dry_run)
        verb = "将生成" if dry_run else "新生成"
        self.stdout.write(f"{today} 提醒扫描：{verb} {sum(counts.values())} 条")
        for kind, count in sorted(counts.items()):
            self.stdout.write(f"  {label(kind)}：{count}")
        if not dry_run:
            result = delivery.deliver()
            self.stdout.write(f"邮件发送：成功 {result['sent']}，失败 {result['failed']}（失败的会按退避时间重试）")
