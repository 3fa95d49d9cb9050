#!/usr/bin/env python
"""Benchmark the roster import against openpyxl's parse and a plain django-import-export resource.

    python bench/import_roster.py --rows N [--baseline-rows M]

Generates a valid roster of N rows (a title row above the header) in its own organization subtree
of the database DATABASE_URL points to, then, each phase in a fresh child process so that its peak
RSS is its own:
  parse     openpyxl read-only parse of the same file (every row, values only)
  import    the import through the same code path as `manage.py import_members`
  reimport  the same file again (idempotent: everything unchanged, nothing written)
  baseline  a plain ModelResource with default options importing the same rows, on
            min(N, 10000) rows in a clean state (the import's members deleted first), scaled
            linearly to N when fewer rows were run.
Everything it created is deleted at the end. The last line printed is a JSON object.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
BRANCHES = 20
EDUCATIONS = ("大学本科", "大专", "高中、中专", "硕士研究生")
CATEGORIES = ("在职", "离退休", "学生", "流动党员")


def setup():
    import django

    django.setup()


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# ---------------------------------------------------------------- data ---------------------------

def make_orgs(tag: str):
    from branches.choices import OrgKind
    from branches.models import Organization

    root = Organization.add_root(code=tag, name=f"基准测试工委{tag}", kind=OrgKind.WORK_COMMITTEE)
    branches = []
    for i in range(BRANCHES):
        root.refresh_from_db()
        branches.append(root.add_child(code=f"{tag}-{i:02d}", name=f"基准测试{tag}第{i + 1}党支部", kind=OrgKind.BRANCH))
    return root, branches


def member_rows(n: int, region: str, branches):
    """Valid, deterministic rows; dates mostly real Excel dates, every third one text."""
    from members.validators import id_check_char

    for i in range(n):
        birth = date(1955, 1, 1) + timedelta(days=i // 500)
        order = (i % 500) * 2 + (i % 2)
        body = f"{region}{birth:%Y%m%d}{order:03d}"
        joined = birth + timedelta(days=365 * 25 + i % 300)
        probationary = i % 10 == 0
        yield {
            "name": f"党员{i}", "gender": "male" if order % 2 else "female", "ethnicity": "汉族",
            "birth_date": birth, "id_number": body + id_check_char(body), "education": EDUCATIONS[i % 4],
            "phone": f"139{i:08d}", "job": "职员", "joined_on": joined,
            "confirmed_on": None if probationary else joined + timedelta(days=366),
            "status": "预备党员" if probationary else "正式党员", "category": CATEGORIES[i % 4],
            "organization": branches[i % len(branches)],
        }


def write_roster(path: Path, rows) -> None:
    from openpyxl import Workbook

    from members.importing.headers import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("名册")
    sheet.append(["基准测试党员名册（自动生成）"])
    sheet.append([c.label for c in COLUMNS])
    for i, r in enumerate(rows):
        joined = r["joined_on"].strftime("%Y.%m.%d") if i % 3 == 0 else r["joined_on"]
        sheet.append([r["name"], "男" if r["gender"] == "male" else "女", r["ethnicity"], r["birth_date"],
                      r["id_number"], r["education"], r["phone"], r["job"], joined, r["confirmed_on"],
                      r["status"], r["category"], r["organization"].name, None])
    book.save(path)


def write_baseline(path: Path, rows) -> None:
    """The same rows as a plain ModelResource expects them: field names, stored values, org pk."""
    from openpyxl import Workbook

    from members.importing.rows import CATEGORIES, EDUCATIONS, STATUSES
    from members.roster.resources import BaselineMemberResource

    names = list(BaselineMemberResource._meta.fields)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("members")
    sheet.append(names)
    for r in rows:
        r = dict(r, education=EDUCATIONS[r["education"]], status=STATUSES[r["status"]],
                 category=CATEGORIES[r["category"]], organization=r["organization"].pk)
        sheet.append([r[name] for name in names])
    book.save(path)


def delete_members(region: str) -> None:
    from members.models import Member

    prefix = {"id_number__startswith": region}
    for qs in (Member.history.filter(**prefix), Member.objects.filter(**prefix)):
        qs._raw_delete(qs.db)


def cleanup(tag: str, region: str) -> None:
    from branches.models import Organization

    delete_members(region)
    Organization.objects.filter(code=tag).delete()


# ---------------------------------------------------------------- phases (child processes) ------

def phase_parse(path: Path) -> dict:
    from openpyxl import load_workbook

    start = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    return {"seconds": time.perf_counter() - start, "rows_read": rows, "peak_rss_mb": peak_rss_mb()}


def phase_import(path: Path) -> dict:
    from django.conf import settings
    from django.db import connection

    from members.management.commands.import_members import run_import

    # This times the import, not the upload cap: openpyxl writes inline strings, so its files
    # unpack to about 0.8 KB a row, larger than Excel's (ROSTER_IMPORT_MAX_UNZIPPED_BYTES, 50 MB).
    settings.ROSTER_IMPORT_MAX_UNZIPPED_BYTES = 1 << 30
    queries = []
    rss_before = peak_rss_mb()
    data = path.read_bytes()
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql[:60]) or execute(sql, *a)):
        start = time.perf_counter()
        outcome = run_import(data)
        seconds = time.perf_counter() - start
    if not outcome.ok:
        raise SystemExit(f"import failed: {outcome.errors[:5]}")
    return {"seconds": seconds, "rows": outcome.total, "created": outcome.created, "updated": outcome.updated,
            "unchanged": outcome.unchanged, "queries": len(queries), "batches": outcome.batches,
            "peak_rss_mb": peak_rss_mb(), "rss_before_mb": rss_before}


def phase_baseline(path: Path) -> dict:
    import tablib
    from django.db import connection

    from members.roster.resources import BaselineMemberResource

    queries = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(1) or execute(sql, *a)):
        start = time.perf_counter()
        dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
        result = BaselineMemberResource().import_data(dataset, dry_run=False, raise_errors=True)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": len(dataset), "created": result.totals["new"], "queries": len(queries),
            "peak_rss_mb": peak_rss_mb()}


PHASES = {"parse": phase_parse, "import": phase_import, "baseline": phase_baseline}


def child(phase: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--phase", phase, "--file", str(path)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"phase {phase} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- main -------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--baseline-rows", type=int, default=None, help="default min(rows, 10000)")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.file)))
        return
    n = args.rows
    base_n = min(n, args.baseline_rows or 10_000)
    tag, region = f"BENCH{os.getpid()}", f"99{os.getpid() % 10000:04d}"
    _, branches = make_orgs(tag)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            roster, plain = Path(tmp) / "roster.xlsx", Path(tmp) / "baseline.xlsx"
            write_roster(roster, member_rows(n, region, branches))
            print(f"roster: {n} rows, {roster.stat().st_size / 1048576:.1f} MB")
            parse = child("parse", roster)
            print(f"openpyxl parse: {parse['seconds']:.2f} s")
            imported = child("import", roster)
            print(f"import: {imported['seconds']:.2f} s, {n / imported['seconds']:.0f} rows/s, "
                  f"peak RSS {imported['peak_rss_mb']} MB (process before the import: {imported['rss_before_mb']} MB), "
                  f"{imported['queries']} queries in {imported['batches']} batches")
            again = child("import", roster)
            print(f"re-import of the same file: {again['seconds']:.2f} s, unchanged {again['unchanged']}, "
                  f"created {again['created']}, updated {again['updated']}, {again['queries']} queries")
            delete_members(region)
            write_baseline(plain, member_rows(base_n, region, branches))
            base = child("baseline", plain)
            scaled = base["seconds"] * n / base_n
            note = f" (ran {base_n} rows, scaled linearly to {n})" if base_n < n else ""
            print(f"plain ModelResource: {base['seconds']:.2f} s for {base_n} rows, {base_n / base['seconds']:.0f} rows/s, "
                  f"{base['queries']} queries, peak RSS {base['peak_rss_mb']} MB{note}")
    finally:
        cleanup(tag, region)
    result = {
        "rows": n, "seconds": round(imported["seconds"], 2), "rows_per_second": round(n / imported["seconds"]),
        "peak_rss_mb": imported["peak_rss_mb"], "queries": imported["queries"], "batches": imported["batches"],
        "parse_seconds": round(parse["seconds"], 2), "ratio_to_parse": round(imported["seconds"] / parse["seconds"], 2),
        "baseline_rows": base_n, "baseline_seconds": round(base["seconds"], 2),
        "baseline_seconds_scaled": round(scaled, 2), "baseline_queries": base["queries"],
        "ratio_to_baseline": round(imported["seconds"] / scaled, 3),
        "reimport_seconds": round(again["seconds"], 2), "reimport_unchanged": again["unchanged"],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
