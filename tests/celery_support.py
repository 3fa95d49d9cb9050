"""A real Celery worker process for tests, on a queue of its own.

    from tests.celery_support import celery_worker  # noqa: F401  (makes the fixture available)

    def test_something(celery_worker): ...

The worker (`celery -A config worker --pool solo`) reads the pytest test database (DATABASE_URL
is pointed at it) and consumes only a queue named for this test run, so workers of other
checkouts on the same Redis never take its tasks. Tasks find that queue through the env
CELERY_QUEUE, which the fixture sets in this process too (core.tasks.task_queue reads it).
Needs `transactional_db`: the worker sees only committed rows."""

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.db_support import database_url

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """postgres:// URL of the database the tests run against (the pytest test database)."""
    from django.db import connection

    return database_url(connection.settings_dict["NAME"])


test_database_url.__test__ = False  # not a test, despite its name


def subprocess_env(**extra) -> dict:
    env = {**os.environ, "DATABASE_URL": test_database_url(), "CONN_MAX_AGE": "0"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    return {**env, **extra}


@dataclass
class Worker:
    queue: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def celery_worker(transactional_db, monkeypatch, tmp_path):
    queue = f"zhibu-test-{uuid.uuid4().hex[:12]}"
    log = tmp_path / "celery-worker.log"
    monkeypatch.setenv("CELERY_QUEUE", queue)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", queue,
             "-n", f"{queue}@%h", "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=subprocess_env(CELERY_QUEUE=queue), stdout=out, stderr=subprocess.STDOUT,
        )
    worker = Worker(queue, process, log)
    try:
        _wait_ready(worker)
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        _drop_queue(queue)


@pytest.fixture
def unheard_queue(monkeypatch):
    """Tasks sent during the test go to a queue of their own that no worker consumes (dropped
    afterwards): for a test of what happens while a job waits for a worker."""
    queue = f"zhibu-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("CELERY_QUEUE", queue)
    yield queue
    _drop_queue(queue)


def _wait_ready(worker: Worker, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if " ready." in worker.output():
            return
        if worker.process.poll() is not None:
            break
        time.sleep(0.2)
    raise RuntimeError(f"celery worker did not start:\n{worker.output()[-3000:]}")


def _drop_queue(queue: str) -> None:
    import redis
    from django.conf import settings

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue)
    except redis.RedisError:
        pass


def wait_for(predicate, timeout: float = 120, interval: float = 0.3, worker: Worker | None = None):
    """Poll until predicate() is truthy; fail with the worker's log when it never is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    log = worker.output()[-3000:] if worker else ""
    raise AssertionError(f"condition not met within {timeout} s\n{log}")
