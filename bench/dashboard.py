#!/usr/bin/env python
"""Benchmark the top-level dashboard page at small and province scale.

    python bench/dashboard.py [--runs N] [--warmup N]

Uses the database DATABASE_URL points to. Seeds `seed_demo --scale small` (root S0001) and
`--scale province` (root P0001) unless they are there already (province takes a few minutes once),
then, for each root, logs in a 工委 staff user holding that root and renders /dashboard/<root>/
through Django's test Client: `--warmup` renders first (the first brings the per-organization
figures up to date), then `--runs` timed renders, counting SQL queries with CaptureQueriesContext.
Prints the median time and query count per scale and the ratio province / small; the last line is
a JSON object.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
SCALES = {"small": "S0001", "province": "P0001"}


def setup():
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False


def ensure_seeded(scale: str, code: str):
    from django.core.management import call_command

    from branches.models import Organization

    if not Organization.objects.filter(code=code).exists():
        print(f"seeding {scale} (once) …", flush=True)
        call_command("seed_demo", scale=scale)
    return Organization.objects.get(code=code)


def staff_user(root):
    from accounts import services
    from accounts.models import Role

    user, _ = services.ensure_account(username=f"bench-dashboard-{root.code.lower()}", organization=root,
                                      role=Role.STAFF, user=services.system_actor("bench"))
    return user


def measure(root, runs: int, warmup: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(staff_user(root))
    url = reverse("dashboards:org", args=[root.pk])
    for _ in range(warmup):
        assert client.get(url).status_code == 200
    times, counts = [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        counts.add(len(queries.captured_queries))
    return {"median_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1),
            "max_ms": round(max(times), 1), "queries": sorted(counts)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    setup()
    from branches.models import Organization, UnitCoverage
    from members.models import Member

    result = {}
    for scale, code in SCALES.items():
        root = ensure_seeded(scale, code)
        subtree = Organization.objects.filter(path__startswith=root.path)
        found = measure(root, args.runs, args.warmup)
        size = {"organizations": subtree.count(),
                "members": Member.objects.filter(organization__path__startswith=root.path).count(),
                "covered_units": UnitCoverage.objects.filter(organization__path__startswith=root.path).count()}
        print(f"{scale:9s} {code}: median {found['median_ms']} ms (min {found['min_ms']}, max {found['max_ms']}) "
              f"over {args.runs} renders, {found['queries']} queries; {size}", flush=True)
        result[scale] = {**found, **size}
    ratio = round(result["province"]["median_ms"] / result["small"]["median_ms"], 2)
    same = result["small"]["queries"] == result["province"]["queries"] and len(result["small"]["queries"]) == 1
    print(f"ratio province / small: {ratio}; query count the same at both scales: {same}")
    print(json.dumps({
        "median_ms_small": result["small"]["median_ms"], "median_ms_province": result["province"]["median_ms"],
        "queries_small": result["small"]["queries"][0], "queries_province": result["province"]["queries"][0],
        "ratio_province_small": ratio, "same_query_count": same, "runs": args.runs,
        "organizations_province": result["province"]["organizations"], "members_province": result["province"]["members"],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
