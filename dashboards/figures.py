"""Recompute OrgFigures and LifeFigures in the database, one statement for any number of rows.

`refresh(prefix)` recomputes the rows of the organizations whose path starts with `prefix` that are
missing, marked stale, older than the maximum age or computed before today, in one statement; with
no row to redo it costs a few milliseconds, so dashboards call it before reading. `mark_stale` is
what the signals call.

三会一课 are the rows of the one rule, activities.compliance_sql (what each branch owes per period and
whether it was met), composed into this statement for every period of the year that has ended or ends
this month. Items are filed under the month their period ends; the current month's are in progress and
left out of the ytd_* totals.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from activities.choices import MeetingStatus, Period
from activities.compliance_sql import MANY_BRANCHES_SETTINGS, obligation_ctes, obligation_params
from activities.periods import Window, window
from branches.models import RuleSet
from dashboards.dimensions import ARRAY_DIMENSIONS, EDUCATION, sql_condition
from dashboards.models import OrgFigures

MAX_AGE_MINUTES = getattr(settings, "DASHBOARD_FIGURES_MAX_AGE_MINUTES", 60)
T_ORG, T_MEMBER, T_MEETING = "branches_organization", "members_member", "activities_meeting"


def cutoff(now=None, max_age_minutes: int = MAX_AGE_MINUTES):
    """Rows computed before this are redone: older than the maximum age, or of an earlier day."""
    now = now or timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    return max(now - timedelta(minutes=max_age_minutes), midnight)


def mark_stale(org_ids) -> None:
    ids = [i for i in set(org_ids) if i]
    if ids:
        OrgFigures.objects.filter(organization_id__in=ids, stale=False).update(stale=True)


def mark_all_stale() -> None:
    OrgFigures.objects.filter(stale=False).update(stale=True)


def refresh(prefix: str = "", force: bool = False, now=None, rules: RuleSet | None = None,
            max_age_minutes: int = MAX_AGE_MINUTES) -> None:
    """Recompute what is due under `prefix` (every row under it with force=True) as of `now`, in a
    transaction of its own. Refreshes take turns (an advisory lock), so one that waited finds the rows
    the other wrote and has nothing left to do; the statements always run, so that a page costs the
    same number of queries whether or not anything was due."""
    now = now or timezone.now()
    rules = rules or RuleSet.current()
    today = timezone.localdate(now)
    params: dict = {
        "prefix": prefix + "%", "cutoff": now if force else cutoff(now, max_age_minutes), "now": now,
        "tz": timezone.get_current_timezone_name(), "held": str(MeetingStatus.HELD),
        "year": today.year, "cur_month": today.month, **obligation_params(_windows(today), rules),
    }
    member_sql, member_params = _member_columns(today)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SETTINGS_SQL, [LOCK_KEY])
        cursor.execute(DUE_SQL, params)
        params["ids"] = [row[0] for row in cursor.fetchall()]
        cursor.execute(_sql(member_sql), {**params, **member_params})


LOCK_KEY = 7_120_415  # pg_advisory_xact_lock key of the figures refresh
SETTINGS_SQL = f"SELECT pg_advisory_xact_lock(%s), {MANY_BRANCHES_SETTINGS}"
DUE_SQL = f"""
SELECT o.id FROM {T_ORG} o LEFT JOIN dashboards_orgfigures f ON f.organization_id = o.id
WHERE o.path LIKE %(prefix)s AND (f.organization_id IS NULL OR f.stale OR f.computed_at < %(cutoff)s)
ORDER BY o.id
"""


def _windows(today) -> list[Window]:
    """Every period of this year that has ended or ends this month."""
    found = []
    for period in Period.values:
        win = window(period, today.replace(month=1, day=1))
        while win.start.year == today.year and win.end.month <= today.month:
            found.append(win)
            win = window(period, win.end + timedelta(days=1))
    return found


def _member_columns(today) -> tuple[str, dict]:
    """ARRAY[count(*) FILTER (...), …] per dimension, with named parameters."""
    named: dict = {}
    columns = []
    for dim in ARRAY_DIMENSIONS:
        counts = []
        for i, (value, _) in enumerate(dim.choices):
            if dim is EDUCATION and value == "":
                known = [v for v, _ in dim.choices if v]
                named["edu_known"] = known
                cond = "NOT (m.education = ANY(%(edu_known)s))"
            else:
                plain: list = []
                cond = sql_condition(dim.member_q(value, today), plain)
                for n, p in enumerate(plain):
                    name = f"{dim.key}_{i}_{n}"
                    named[name] = p
                    cond = cond.replace("%s", f"%({name})s", 1)
            counts.append(f"count(*) FILTER (WHERE {cond})")
        columns.append(f"ARRAY[{', '.join(counts)}]::int[] AS {dim.key}")
    zeros = {dim.key: [0] * len(dim.choices) for dim in ARRAY_DIMENSIONS}
    named.update({f"zero_{k}": v for k, v in zeros.items()})
    return ", ".join(columns), named


def _month_array(condition: str) -> str:
    return "ARRAY[" + ", ".join(f"count(*) FILTER (WHERE mon = {m}{condition})" for m in range(1, 13)) + "]::int[]"


def _sql(member_columns: str) -> str:
    required, met = _month_array(""), _month_array(" AND met")
    dims = [dim.key for dim in ARRAY_DIMENSIONS]
    return f"""
WITH mem AS (
  SELECT m.organization_id AS org_id, count(*) AS total, count(*) FILTER (WHERE m.status = 'full') AS full_members,
         {member_columns}
  FROM {T_MEMBER} m WHERE m.archived_on IS NULL AND m.organization_id = ANY(%(ids)s) GROUP BY 1
),
eth AS (
  SELECT org_id, jsonb_object_agg(ethnicity, n) AS ethnicity FROM (
    SELECT m.organization_id AS org_id, m.ethnicity, count(*) AS n FROM {T_MEMBER} m
    WHERE m.archived_on IS NULL AND m.organization_id = ANY(%(ids)s) GROUP BY 1, 2) e
  GROUP BY 1
),
com AS (
  SELECT organization_id AS org_id, count(*) AS n FROM branches_committeemember
  WHERE ended_on IS NULL AND organization_id = ANY(%(ids)s) GROUP BY 1
),
last_held AS (
  SELECT organization_id AS org_id, max(held_at) AS at FROM {T_MEETING}
  WHERE status = %(held)s AND organization_id = ANY(%(ids)s) GROUP BY 1
),
{obligation_ctes("o.id = ANY(%(ids)s)")},
items AS (
  SELECT org_id, kind, extract(month FROM ends)::int AS mon, met FROM cx_obligation
),
life AS (
  SELECT org_id, coalesce(kind, '') AS kind, {required} AS required, {met} AS met,
         count(*) FILTER (WHERE mon < %(cur_month)s) AS ytd_required,
         count(*) FILTER (WHERE mon < %(cur_month)s AND met) AS ytd_met
  FROM items GROUP BY GROUPING SETS ((org_id, kind), (org_id))
),
dropped AS (
  DELETE FROM dashboards_lifefigures l WHERE l.organization_id = ANY(%(ids)s)
  AND NOT EXISTS (SELECT 1 FROM life r WHERE r.org_id = l.organization_id AND r.kind = l.kind)
),
written AS (
  INSERT INTO dashboards_lifefigures (organization_id, kind, year, required, met, ytd_required, ytd_met)
  SELECT org_id, kind, %(year)s, required, met, ytd_required, ytd_met FROM life
  ON CONFLICT (organization_id, kind) DO UPDATE SET year = EXCLUDED.year, required = EXCLUDED.required,
    met = EXCLUDED.met, ytd_required = EXCLUDED.ytd_required, ytd_met = EXCLUDED.ytd_met
)
INSERT INTO dashboards_orgfigures (organization_id, computed_at, stale, last_held_on, members, full_members,
  {", ".join(dims)}, ethnicity, committee_size)
SELECT s.id, %(now)s, false, (h.at AT TIME ZONE %(tz)s)::date, coalesce(mem.total, 0), coalesce(mem.full_members, 0),
  {", ".join(f"coalesce(mem.{d}, %(zero_{d})s)" for d in dims)},
  coalesce(eth.ethnicity, '{{}}'::jsonb), coalesce(com.n, 0)
FROM unnest(%(ids)s::bigint[]) AS s(id) LEFT JOIN mem ON mem.org_id = s.id LEFT JOIN eth ON eth.org_id = s.id
LEFT JOIN com ON com.org_id = s.id LEFT JOIN last_held h ON h.org_id = s.id
ON CONFLICT (organization_id) DO UPDATE SET computed_at = EXCLUDED.computed_at, stale = false,
  last_held_on = EXCLUDED.last_held_on, members = EXCLUDED.members, full_members = EXCLUDED.full_members,
  {", ".join(f"{d} = EXCLUDED.{d}" for d in dims)}, ethnicity = EXCLUDED.ethnicity,
  committee_size = EXCLUDED.committee_size
"""
