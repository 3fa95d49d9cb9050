"""Load test on loopback: concurrent branch secretaries logging meetings and attendance.

    python bench/load.py [--users 50] [--seconds 60] [--workers 4]

Prepares its own database (zhibu_load: migrated, small demo data, one secretary account per
branch), starts gunicorn with the production settings on 127.0.0.1, and runs one thread per
secretary: log in, then repeatedly open the quick-log form, log a held meeting with its
attendance, open the meeting and change one attendee to leave. Afterwards it checks that every
write the server accepted is in the database and that no request got a 5xx. Prints requests per
second and p50/p95/p99 latency; the last line is one JSON object.
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "load-test-pass-2026"
DB_NAME = "zhibu_load"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The configured server, with a database of the benchmark's own."""
    from config import services

    base = urllib.parse.urlsplit(services.database_url(os.environ.get("DATABASE_URL"), ROOT))
    return urllib.parse.urlunsplit(base._replace(path=f"/{DB_NAME}"))


def prepare(env) -> list[str]:
    """Fresh database with the small demo and one secretary per branch; returns the usernames."""
    import psycopg

    url = env["DATABASE_URL"]
    with psycopg.connect(url, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    python = [sys.executable, "manage.py"]
    for args in (["migrate", "-v0"], ["seed_demo", "--scale", "small"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(python + args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    script = f"""
from accounts import services
from accounts.models import Role
from branches.models import Organization
actor = services.system_actor('bench')
names = []
for org in Organization.objects.filter(kind='branch', status='active', members__isnull=False).distinct().order_by('path'):
    user = services.create_account(username=f'load-{{org.code}}', name='', password={PASSWORD!r},
                                   organization=org, role=Role.SECRETARY, user=actor)
    names.append(user.username)
print(','.join(names))
"""
    out = subprocess.run(python + ["shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1].split(",")


class Secretary(threading.Thread):
    def __init__(self, base, username, deadline, results):
        super().__init__(daemon=True)
        self.base, self.username, self.deadline, self.results = base, username, deadline, results
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.accepted_meetings, self.accepted_leaves = [], []

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=30) as response:
                text, status, url = response.read().decode(), response.status, response.url
        except urllib.error.HTTPError as exc:
            text, status, url = exc.read().decode(errors="replace"), exc.code, path
        except OSError:
            text, status, url = "", 0, path
        self.results.append((time.perf_counter() - start, status))
        return status, text, url

    @staticmethod
    def csrf(text):
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        return found.group(1) if found else ""

    def run(self):
        _, page, _ = self.request("/login/")
        status, home, _ = self.request("/login/", {"csrfmiddlewaretoken": self.csrf(page), "username": self.username,
                                                   "password": PASSWORD})
        org = re.search(r'href="/orgs/(\d+)/meetings/log/"', home)
        if not org:
            return
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            status, form, _ = self.request(f"/orgs/{org.group(1)}/meetings/log/")
            members = sorted(set(re.findall(r'name="state_(\d+)" value="present"', form)))
            topic = f"压测{self.username}-{n}-{secrets.token_hex(3)}"
            held = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
            status, page, url = self.request(f"/orgs/{org.group(1)}/meetings/log/", {
                "csrfmiddlewaretoken": self.csrf(form), "kinds": ["theme_day"], "held_at": held,
                "topic": topic, "topic_category": "organization", **{f"state_{pk}": "present" for pk in members},
            })
            meeting = re.search(r"/meetings/(\d+)/$", url)
            if status != 200 or not meeting:
                continue
            self.accepted_meetings.append(topic)
            rows = re.findall(r'name="state_(\d+)" value="leave"', page)
            if not rows:
                continue
            status, _, _ = self.request(f"/meetings/{meeting.group(1)}/attendance/", {
                "csrfmiddlewaretoken": self.csrf(page), f"state_{rows[0]}": "leave", f"reason_{rows[0]}": "出差",
            })
            if status == 200:
                self.accepted_leaves.append(int(rows[0]))


def verify(env, topics, leaves) -> dict:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        stored = {row[0] for row in conn.execute("SELECT topic FROM activities_meeting WHERE topic LIKE '压测%%'")}
        on_leave = {row[0] for row in conn.execute(
            "SELECT id FROM activities_attendance WHERE presence = 'leave' AND leave_reason = '出差' AND id = ANY(%s)",
            [leaves])}
    return {"meetings_accepted": len(topics), "meetings_missing": len(set(topics) - stored),
            "leaves_accepted": len(leaves), "leaves_missing": len(set(leaves) - on_leave)}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false",
           "SECURE_HSTS_SECONDS": "0", "CONN_MAX_AGE": "60", "AXES_FAILURE_LIMIT": "1000"}
    env["DATABASE_URL"] = database_url()
    print("preparing database …", flush=True)
    usernames = prepare(env)
    users = [usernames[i % len(usernames)] for i in range(args.users)]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        results: list = []
        deadline = time.monotonic() + args.seconds
        threads = [Secretary(base, u, deadline, results) for u in users]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + 60)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = [r[0] * 1000 for r in results]
    errors_5xx = sum(1 for _, s in results if s >= 500 or s == 0)
    topics = [t for th in threads for t in th.accepted_meetings]
    leaves = [leave for th in threads for leave in th.accepted_leaves]
    check = verify(env, topics, leaves)
    figures = {
        "users": args.users, "seconds": round(elapsed, 1), "requests": len(results),
        "rps": round(len(results) / elapsed, 1), "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1), "p99_ms": round(percentile(latencies, 99), 1),
        "errors_5xx": errors_5xx, **check,
    }
    print(f"{figures['requests']} requests in {figures['seconds']} s from {args.users} secretaries: "
          f"{figures['rps']} req/s, p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms")
    print(f"writes accepted: {check['meetings_accepted']} meetings, {check['leaves_accepted']} attendance changes; "
          f"missing from the database: {check['meetings_missing'] + check['leaves_missing']}; 5xx: {errors_5xx}")
    print(json.dumps(figures))
    ok = errors_5xx == 0 and check["meetings_missing"] == 0 and check["leaves_missing"] == 0 and topics
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
