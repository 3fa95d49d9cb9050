"""Reminders through a real Celery worker, a real Redis and a real SMTP server on this machine."""

import re
import shutil
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from celery import Celery
from django.utils import timezone

from activities.models import Attendance, Meeting
from reminders import delivery, sweep
from reminders.models import Reminder, ReminderSettings
from reminders.tasks import sweep_task
from tests.celery_support import ROOT, celery_worker, subprocess_env, wait_for  # noqa: F401
from tests.factories import MemberFactory
from tests.db_support import free_port
from tests.smtp_support import smtp_server  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def due_meeting(tree):
    tree.secretary_a.email = "secretary_a@example.org"
    tree.secretary_a.save()
    member = MemberFactory(organization=tree.a, name="张一")
    type(tree.secretary_a).objects.create(username="zhang", email="zhang@example.org", member=member)
    tomorrow = timezone.localdate() + timedelta(days=1)
    meeting = Meeting.objects.create(organization=tree.a, kinds=["committee_meeting"], topic="支委会",
                                     planned_at=datetime(tomorrow.year, tomorrow.month, tomorrow.day, 15, tzinfo=SH))
    Attendance.objects.create(meeting=meeting, member=member)
    settings_row = ReminderSettings.current()
    settings_row.retry_base_seconds = 1
    settings_row.save()
    return meeting


def runs(worker, task: str) -> int:
    return len(re.findall(rf"Task reminders\.{task}\[[^\]]+\] succeeded", worker.output()))


def test_sweep_task_creates_inbox_entries_and_sends_email_once(smtp_server, celery_worker, due_meeting):
    sweep_task.apply_async(queue=celery_worker.queue)
    emails = Reminder.objects.filter(channel="email")
    wait_for(lambda: emails.exists() and not emails.exclude(status="sent").exists(), worker=celery_worker)
    assert Reminder.objects.filter(channel="inbox", kind="meeting_1d").count() == 2
    assert len(smtp_server.messages) == emails.count()
    first = len(smtp_server.messages)

    sweep_task.apply_async(queue=celery_worker.queue)  # a second run sends nothing more
    wait_for(lambda: runs(celery_worker, "sweep") == 2 and runs(celery_worker, "deliver") == 2, worker=celery_worker)
    assert len(smtp_server.messages) == first
    assert Reminder.objects.filter(channel="email").count() == emails.count()


def test_a_refusing_smtp_server_leads_to_retries_while_the_inbox_has_it(smtp_server, celery_worker, due_meeting):
    smtp_server.refuse = True
    sweep_task.apply_async(queue=celery_worker.queue)
    emails = Reminder.objects.filter(channel="email")
    wait_for(lambda: emails.filter(status="failed", attempts__gte=2).exists(), worker=celery_worker)
    assert Reminder.objects.filter(channel="inbox", kind="meeting_1d").count() == 2
    assert not smtp_server.messages
    smtp_server.refuse = False  # the server recovers: the retry delivers
    wait_for(lambda: emails.exists() and not emails.exclude(status="sent").exists(), worker=celery_worker)
    assert len(smtp_server.messages) == emails.count()


def test_concurrent_sweeps_and_deliveries_send_nothing_twice(smtp_server, due_meeting, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    today = timezone.localdate()
    barrier = threading.Barrier(4)
    errors = []

    def run(step):
        from django.db import connection

        try:
            barrier.wait()
            step()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(lambda: sweep.run(today),)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    barrier = threading.Barrier(4)
    threads = [threading.Thread(target=run, args=(delivery.deliver,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    emails = Reminder.objects.filter(channel="email")
    assert emails.count() == emails.filter(status="sent").count() == len(smtp_server.messages)
    assert len({tuple(e.rcpt_tos) + (e.content,) for e in smtp_server.messages}) == len(smtp_server.messages)


@pytest.fixture
def private_redis():
    """A broker of our own that the test can stop and start (the shared one stays up)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is installed by scripts/bootstrap.sh test"
    port = free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    state = {"process": None}

    def start():
        state["process"] = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis(port=port)
        wait_for(lambda: _pings(client), timeout=10)

    def stop():
        state["process"].terminate()
        state["process"].wait(timeout=10)

    start()
    yield type("PrivateRedis", (), {"url": f"redis://127.0.0.1:{port}/0", "start": start, "stop": stop})
    if state["process"].poll() is None:
        stop()


def _pings(client):
    try:
        return client.ping()
    except Exception:  # noqa: BLE001
        return False


def test_with_redis_down_pages_are_served_and_the_next_sweep_catches_up(private_redis, smtp_server, due_meeting,
                                                                       client, settings, tree, monkeypatch, tmp_path):
    settings.CELERY_BROKER_URL = private_redis.url
    private_redis.stop()
    client.force_login(tree.secretary_a)
    assert client.get("/").status_code == 200
    assert client.get(tree.a.get_absolute_url()).status_code == 200
    assert client.get("/healthz").status_code == 503

    # Beat could not reach the broker: nothing was swept. Redis comes back; the next sweep catches up.
    private_redis.start()
    assert client.get("/healthz").status_code == 200
    monkeypatch.setenv("REDIS_URL", private_redis.url)
    queue = f"zhibu-test-redis-{free_port()}"
    log = open(tmp_path / "worker.log", "wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=subprocess_env(CELERY_QUEUE=queue), stdout=log, stderr=subprocess.STDOUT, cwd=str(ROOT),
    )
    try:
        # set_as_current=False: shared tasks must keep using the project app (and its broker) afterwards
        Celery(broker=private_redis.url, set_as_current=False).send_task("reminders.sweep", queue=queue)
        emails = Reminder.objects.filter(channel="email")
        try:
            wait_for(lambda: emails.exists() and not emails.exclude(status="sent").exists(), timeout=90)
        except AssertionError:
            raise AssertionError((tmp_path / "worker.log").read_text()[-3000:]) from None
        assert Reminder.objects.filter(channel="inbox", kind="meeting_1d").count() == 2
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        log.close()
