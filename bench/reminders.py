"""Benchmark of the reminder sweep at small and province scale.

    python bench/reminders.py [--date YYYY-MM-DD]

Seeds the demo trees when missing (province takes a few minutes, once), gives every branch a
secretary account and every committee a staff account, runs the real sweep (collect + insert)
over each tree inside a transaction that is rolled back, and prints seconds, queries and counts.
The last line is one JSON object.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from datetime import date  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, RoleAssignment, User  # noqa: E402
from branches.choices import BRANCH_KINDS  # noqa: E402
from branches.models import Organization  # noqa: E402
from reminders import sweep  # noqa: E402


class Rollback(Exception):
    pass


def ensure_seeded(scale: str, code: str) -> Organization:
    if not Organization.objects.filter(code=code).exists():
        print(f"seeding {scale} demo data …", flush=True)
        call_command("seed_demo", "--scale", scale)
    return Organization.objects.get(code=code)


def give_accounts(root: Organization) -> int:
    orgs = list(Organization.objects.filter(path__startswith=root.path, status="active").values_list("pk", "kind"))
    users = User.objects.bulk_create([User(username=f"bench-{root.code}-{pk}", email=f"b{pk}@example.org") for pk, _ in orgs])
    RoleAssignment.objects.bulk_create([
        RoleAssignment(user=u, organization_id=pk, role=Role.SECRETARY if kind in BRANCH_KINDS else Role.STAFF)
        for u, (pk, kind) in zip(users, orgs)
    ], batch_size=5000)
    return len(orgs)


def measure(root: Organization, today: date) -> dict:
    result = {}
    try:
        with transaction.atomic():
            orgs = give_accounts(root)
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                created = sweep.run(today, root)
            result = {"orgs": orgs, "seconds": time.perf_counter() - start, "queries": len(queries),
                      "reminders": sum(created.values()), "by_kind": dict(created)}
            raise Rollback
    except Rollback:
        pass
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--date", type=date.fromisoformat, default=None)
    args = parser.parse_args()
    today = args.date or timezone.localdate()
    small = measure(ensure_seeded("small", "S0001"), today)
    province = measure(ensure_seeded("province", "P0001"), today)
    for name, r in (("small", small), ("province", province)):
        print(f"{name:9} {r['orgs']:>6} organizations  {r['seconds']:7.2f} s  {r['queries']:>3} queries  "
              f"{r['reminders']:>7} reminders")
    print(f"province / small: time ×{province['seconds'] / small['seconds']:.1f}, "
          f"queries {province['queries']} vs {small['queries']}")
    print(json.dumps({
        "date": today.isoformat(),
        "orgs_small": small["orgs"], "orgs_province": province["orgs"],
        "seconds_small": round(small["seconds"], 3), "seconds_province": round(province["seconds"], 3),
        "queries_small": small["queries"], "queries_province": province["queries"],
        "reminders_small": small["reminders"], "reminders_province": province["reminders"],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
