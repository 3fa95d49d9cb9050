"""Faults on real services: PostgreSQL restarted under a running app, a Celery worker killed in
the middle of sending. Redis going down is in tests/test_reminder_celery.py."""

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from activities.models import Attendance, Meeting
from reminders.models import Reminder
from reminders.tasks import sweep_task
from tests.celery_support import ROOT, subprocess_env, wait_for
from tests.factories import MemberFactory
from tests.db_support import free_port
from tests.smtp_support import Sink

pytestmark = pytest.mark.slow


@pytest.fixture
def private_postgres():
    """A PostgreSQL of the test's own (pgserver), so restarting it disturbs nothing else."""
    import pgserver
    from pgserver._commands import pg_ctl

    path = Path(tempfile.mkdtemp(prefix="zhibu-pg-"))
    path.chmod(0o755)
    server = pgserver.get_server(path / "data", cleanup_mode="delete")
    server.psql("CREATE DATABASE zhibu;")
    url = server.get_uri("zhibu")

    def restart():
        pg_ctl(["-w", "restart"], pgdata=server.pgdata, user=server.system_user, timeout=60)

    yield type("PrivatePostgres", (), {"url": url, "restart": staticmethod(restart)})
    server.cleanup()
    shutil.rmtree(path, ignore_errors=True)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def test_requests_after_a_postgresql_restart_succeed(private_postgres, tmp_path):
    env = {**os.environ, "DATABASE_URL": private_postgres.url, "DJANGO_SETTINGS_MODULE": "config.settings.dev",
           "CONN_MAX_AGE": "600", "DEBUG": "false"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    log = open(tmp_path / "server.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--threads", "2"], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: get(f"{base}/healthz") == 200, timeout=60)
        assert get(f"{base}/login/") == 200
        private_postgres.restart()  # the app's pooled connection is now dead
        statuses = [get(f"{base}/healthz") for _ in range(5)]
        assert statuses == [200] * 5, (statuses, (tmp_path / "server.log").read_text()[-2000:])
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


class SlowSink(Sink):
    """Holds the first message in DATA until released, so a worker can be killed mid-send."""

    def __init__(self):
        super().__init__()
        self.hold = threading.Event()
        self.holding = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if not self.hold.is_set():
            self.holding.set()
            while not self.hold.is_set():
                await asyncio.sleep(0.05)
            return "451 try again later"  # the killed worker's connection is gone; nothing was accepted
        return await super().handle_DATA(server, session, envelope)


def start_worker(queue, env, log_path):
    already = Path(log_path).read_text(errors="replace").count(" ready.") if Path(log_path).exists() else 0
    log = open(log_path, "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", queue,
         "-n", f"{queue}-{time.monotonic_ns()}@%h", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_for(lambda: Path(log_path).read_text(errors="replace").count(" ready.") > already, timeout=60)
    return process


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_is_completed_by_the_rerun_without_duplicates(tree, monkeypatch, tmp_path):
    from aiosmtpd.controller import Controller

    sink = SlowSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    queue = f"zhibu-test-kill-{port}"
    monkeypatch.setenv("CELERY_QUEUE", queue)
    env = subprocess_env(CELERY_QUEUE=queue, EMAIL_URL=f"smtp://127.0.0.1:{port}", REMINDERS_STALE_CLAIM_SECONDS="2")
    tree.secretary_a.email = "secretary_a@example.org"
    tree.secretary_a.save()
    member = MemberFactory(organization=tree.a)
    for n in range(3):
        type(tree.secretary_a).objects.create(username=f"m{n}", email=f"m{n}@example.org",
                                              member=member if n == 0 else None)
    day = timezone.localdate() + timedelta(days=1)
    meeting = Meeting.objects.create(organization=tree.a, kinds=["theme_day"], topic="主题党日",
                                     planned_at=datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    Attendance.objects.create(meeting=meeting, member=member)
    log_path = tmp_path / "worker.log"
    worker = start_worker(queue, env, log_path)
    try:
        sweep_task.apply_async(queue=queue)
        assert sink.holding.wait(60), Path(log_path).read_text()[-2000:]
        worker.send_signal(signal.SIGKILL)  # killed while an email is half sent
        worker.wait(timeout=10)
        sink.hold.set()
        stuck = Reminder.objects.filter(channel="email", status="sending")
        assert stuck.exists()  # the batch it had claimed

        time.sleep(2.5)  # the killed worker's claim goes stale
        worker = start_worker(queue, env, log_path)
        sweep_task.apply_async(queue=queue)  # the rerun
        emails = Reminder.objects.filter(channel="email")
        wait_for(lambda: not emails.exclude(status="sent").exists(), timeout=90)
        received = [tuple(env_.rcpt_tos) for env_ in sink.messages]
        assert sorted(received) == sorted(set(received)) and len(received) == emails.count()
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=20)
        controller.stop()
