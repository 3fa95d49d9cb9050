"""python manage.py import_members FILE.xlsx [--org CODE] [--dry-run]: a summary, and with any
invalid row the row errors, nothing written and exit status 1."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from members.models import Member
from tests.celery_support import ROOT, subprocess_env
from tests.test_roster_import import HEADER, person, xlsx


@pytest.fixture
def roster_file(tmp_path):
    def write(rows, **kwargs):
        path = tmp_path / "名册.xlsx"
        path.write_bytes(xlsx(rows, **kwargs))
        return str(path)

    return write


@pytest.mark.django_db
def test_the_command_prints_a_summary_and_writes(tree, roster_file, capsys):
    call_command("import_members", roster_file([person(1), person(2)]))

    assert "新增 2，更新 0，未变 0，错误 0" in capsys.readouterr().out
    assert Member.objects.count() == 2


@pytest.mark.django_db
def test_a_second_run_is_all_unchanged(tree, roster_file, capsys):
    path = roster_file([person(1), person(2)])
    call_command("import_members", path)
    call_command("import_members", path)
    assert "新增 0，更新 0，未变 2，错误 0" in capsys.readouterr().out.splitlines()[-2]


@pytest.mark.django_db
def test_dry_run_writes_nothing(tree, roster_file, capsys):
    call_command("import_members", roster_file([person(1)]), dry_run=True)
    assert "试运行" in capsys.readouterr().out
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_org_is_the_default_for_rows_without_one(tree, roster_file):
    header = [h for h in HEADER if h != "所在党组织"]
    call_command("import_members", roster_file([person(1)], header=header), org="C")
    assert Member.objects.get().organization == tree.c  # the command acts as a superuser


@pytest.mark.django_db
def test_invalid_rows_are_listed_and_nothing_is_written(tree, roster_file, capsys):
    path = roster_file([person(1), person(2, 公民身份号码="330102198506150010"), person(3, 所在党组织="甲")])

    with pytest.raises(CommandError) as raised:
        call_command("import_members", path)

    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert "第 3 行 E列「公民身份号码」：公民身份号码校验位不正确" in err
    assert "第 4 行 M列「所在党组织」：未找到党组织「甲」" in err
    assert not Member.objects.exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_real_process_exits_1_on_errors_and_0_otherwise(tree, roster_file):
    def manage(path):
        return subprocess.run([sys.executable, "manage.py", "import_members", path], cwd=ROOT,
                              env=subprocess_env(), capture_output=True, text=True, timeout=120)

    bad = manage(roster_file([person(1), person(2, 入党日期="2019-13-01")]))
    assert bad.returncode == 1, bad.stderr
    assert "错误 1" in bad.stdout and "第 3 行" in bad.stderr and "未写入任何数据" in bad.stderr
    assert not Member.objects.exists()

    good = manage(roster_file([person(1), person(2)]))
    assert good.returncode == 0, good.stderr
    assert "新增 2" in good.stdout
    assert Member.objects.count() == 2


@pytest.mark.django_db
def test_a_file_that_is_not_xlsx_is_a_clear_error(tree, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(CommandError, match="文件已加密或不是xlsx格式"):
        call_command("import_members", str(path))
