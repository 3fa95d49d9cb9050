"""python manage.py import_members FILE.xlsx [--org CODE] [--dry-run]

Acts as a superuser. Prints a summary; with any invalid row lists the row errors, writes nothing
and exits 1."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from branches.models import Organization
from members.importing.reader import FileError
from members.importing.service import Outcome, import_roster


def superuser():
    """An unsaved superuser: the command's scope is everything."""
    return get_user_model()(username="import_members", is_superuser=True, is_active=True)


def run_import(data: bytes, org_code: str | None = None, dry_run: bool = False, **options) -> Outcome:
    """The command's code path (also timed by bench/import_roster.py)."""
    default_org = None
    if org_code:
        default_org = Organization.objects.filter(code=org_code).first()
        if default_org is None:
            raise FileError(f"没有组织代码为「{org_code}」的党组织。")
    return import_roster(data, superuser(), default_org=default_org, write=not dry_run, **options)


class Command(BaseCommand):
    help = "从 Excel（.xlsx）导入党员名册：按公民身份号码新增或更新，有任何错误则不写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--org", help="默认党组织的组织代码（行内未填所在党组织时使用）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")

    def handle(self, *args, file, org=None, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            outcome = run_import(path.read_bytes(), org, dry_run)
        except FileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"新增 {outcome.created}，更新 {outcome.updated}，未变 {outcome.unchanged}，"
                          f"错误 {outcome.error_rows}（共 {outcome.total} 行）")
        if not outcome.ok:
            for error in outcome.errors:
                where = f"{error['letter']}列" if error["letter"] else ""
                self.stderr.write(f"第 {error['row']} 行 {where}「{error['column']}」：{error['message']}")
            if outcome.truncated:
                self.stderr.write(f"（错误过多，仅列出前 {len(outcome.errors)} 条）")
            raise CommandError("有错误的行，未写入任何数据。", returncode=1)
        self.stdout.write("试运行：未写入任何数据。" if dry_run else "已写入。")
