"""The two README commands, on a clean clone of the committed tree.

The clone reuses this checkout's virtual environment (ZHIBU_VENV) so the test does not spend
minutes reinstalling; CI itself runs the test command on a fresh clone with a fresh one."""

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.db_support import admin_connection, database_url, free_port

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def clone(tmp_path):
    target = tmp_path / "zhibu"
    subprocess.run(["git", "clone", "-q", str(REPO), str(target)], check=True)
    name = f"zhibu_clone_{os.getpid()}"
    env = {
        **os.environ,
        "ZHIBU_VENV": str(REPO / ".venv"),
        "DATABASE_URL": database_url(name),
        "PORT": str(free_port()),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    yield target, env
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')


def wait_for(url: str, seconds: float, process=None) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"run.sh exited with {process.returncode}:\n{process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds}s")


def start_run(clone_dir, env):
    return subprocess.Popen(["bash", "scripts/run.sh"], cwd=clone_dir, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def stop(process) -> str:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
    return out


def test_run_command_serves_the_demo_and_a_second_run_reuses_it(clone):
    clone_dir, env = clone
    base = f"http://127.0.0.1:{env['PORT']}"
    for attempt in ("first", "second"):
        process = start_run(clone_dir, env)
        try:
            assert wait_for(f"{base}/healthz", 180, process) == 200
            assert wait_for(f"{base}/login/", 10) == 200
            deadline = time.monotonic() + 60
            log = clone_dir / ".run" / "worker.log"
            while time.monotonic() < deadline and "ready" not in (log.read_text() if log.exists() else ""):
                time.sleep(0.5)
            assert "ready" in log.read_text(), "the Celery worker did not start"
        finally:
            out = stop(process)
        assert "shuji1" in out and "zhibu-demo-2026" in out, out
        if attempt == "second":
            assert "已有 small 演示数据" in out, out


def test_test_command_runs_the_suite(clone):
    clone_dir, env = clone
    result = subprocess.run(["bash", "scripts/test.sh", "tests/test_validators.py", "-q", "-p", "no:randomly"],
                            cwd=clone_dir, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
