"""Backup and restore round-trip the demo data (pg_dump / pg_restore through scripts/pgtool.py)."""

import os
import subprocess
import sys

import psycopg
import pytest

from tests.celery_support import ROOT
from tests.db_support import admin_connection, database_url

pytestmark = pytest.mark.slow
TABLES = ["branches_organization", "branches_hostunit", "members_member", "activities_meeting",
          "activities_attendance", "members_applicant", "members_duesrecord", "accounts_roleassignment"]


def counts(name: str) -> dict:
    with psycopg.connect(database_url(name)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def run(args, database):
    env = {**os.environ, "DATABASE_URL": database_url(database), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def databases():
    names = [f"zhibu_backup_src_{os.getpid()}", f"zhibu_backup_dst_{os.getpid()}"]
    with admin_connection() as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    yield names
    with admin_connection() as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_round_trip_the_demo_data(databases, tmp_path):
    source, target = databases
    run(["manage.py", "migrate", "-v0"], source)
    run(["manage.py", "seed_demo", "--scale", "small"], source)
    run(["manage.py", "demo_logins"], source)
    dump = tmp_path / "zhibu.dump"
    assert "已备份" in run(["scripts/pgtool.py", "dump", str(dump)], source)
    assert "已从" in run(["scripts/pgtool.py", "restore", str(dump)], target)
    before, after = counts(source), counts(target)
    assert before == after and before["members_member"] > 500 and before["activities_attendance"] > 1000
    # the restored database is usable: migrations are all applied there
    assert "[ ]" not in run(["manage.py", "showmigrations", "--plan"], target)
