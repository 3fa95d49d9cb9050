"""The 三会一课 rule, once, in SQL: what a branch owes per period and what it held and planned.

`obligation_ctes(branches)` returns common table expressions (the text after WITH) that end in
`cx_obligation`: one row per (branch, party group, kind, period window) the branch owes, with the
times required, the meetings held and planned in the window, `met` and `missing`. Everything that
reports compliance reads these rows: the branch page and due list (`activities.compliance`, one
branch), the reminder sweep (a subtree) and the dashboard figures (which put the CTEs into their own
statement). `obligation_params(windows)` gives the named parameters the CTEs use (all prefixed `cx_`).

The rule:
- Requirement: per kind, the most specific row — the branch's own, then its organization kind's, then
  the default (both blank); a row switched off (`active` false) means that kind is not required.
- Applies to branches (BRANCH_KINDS) only. The committee meeting only where the committee in office
  has at least `RuleSet.committee_min_size` members; a kind counted per party group (`per_group`) is
  owed once per group, by that group's own meetings, and not at all by a branch without groups.
- A branch owes a period when it existed when the period began (`founded_on` empty or on/before its
  first day) and was not dissolved before the period was over (no `dissolved_on`, or one after its
  last day; a dissolved branch without a date owes nothing).
- Held: meetings held in the window (local dates); planned: meetings still planned for a day in it.
  One sitting counts once for each of its kinds. Met: held ≥ times. Missing: times − held − planned.
- The secretary's yearly 党课 (`SECRETARY_LECTURE`, only when asked for): once a year wherever the
  党课 requirement applies, met by a held 党课 marked 书记讲党课.

Windows come from `activities.periods.window` (calendar months, quarters and years in local time);
a meeting counts in a window when its moment lies between the window's local midnights
(`Window.aware_bounds`).

Planning notes (measured on the province demo): kinds are matched against the list of MeetingKind
values rather than by unnesting each meeting's array, which the planner takes for ten rows a meeting
and then sorts instead of hashing; owed rows and counts meet in one aggregate rather than a join, so
a poor row estimate cannot turn the statement into nested loops. Run statements over many branches
after `SELECT MANY_BRANCHES_SETTINGS` in the same transaction.
"""

from activities.choices import MeetingKind, MeetingStatus, Period
from activities.periods import Window
from branches.choices import BRANCH_KINDS, OrgStatus
from branches.models import RuleSet

SECRETARY_LECTURE = "secretary_lecture"  # a pseudo-kind: the yearly 党课 given by the secretary

_HELD, _PLANNED = f"'{MeetingStatus.HELD}'", f"'{MeetingStatus.PLANNED}'"
_LECTURE, _COMMITTEE = f"'{MeetingKind.LECTURE}'", f"'{MeetingKind.COMMITTEE_MEETING}'"
_ALL_GROUPS = -1  # gid of a count over the whole branch; 0 is "meetings of no group"
# For statements over many branches (a subtree, a province): no JIT (compiling costs seconds and
# gains nothing here) and room to hash in memory. Local to the transaction.
MANY_BRANCHES_SETTINGS = "set_config('jit', 'off', true), set_config('work_mem', '64MB', true)"


def obligation_ctes(branches: str, secretary_lecture: bool = False) -> str:
    """CTEs ending in cx_obligation(org_id, group_id, group_name, kind, period, starts, ends, required,
    held, planned, met, missing) for the branches where `branches` (a condition on `o`, an
    organization row, with the caller's named parameters) holds."""
    secretary_rows = f"""
  UNION ALL
  SELECT DISTINCT org_id, NULL::bigint, NULL::varchar, '{SECRETARY_LECTURE}', '{Period.YEAR}', 1
  FROM cx_applicable_kind WHERE kind = {_LECTURE}""" if secretary_lecture else ""
    kinds = ", ".join(f"('{kind}')" for kind in [*MeetingKind.values, *([SECRETARY_LECTURE] if secretary_lecture else [])])
    secretary_kinds = f""" || CASE WHEN m.lecturer_is_secretary AND {_LECTURE} = ANY(m.kinds)
    THEN ARRAY['{SECRETARY_LECTURE}']::varchar[] ELSE '{{}}' END""" if secretary_lecture else ""
    return f"""
cx_branch AS NOT MATERIALIZED (
  SELECT o.id, o.kind, o.founded_on, o.dissolved_on, o.status FROM branches_organization o
  WHERE o.kind = ANY(%(cx_branch_kinds)s) AND ({branches})
),
cx_requirement AS (
  SELECT DISTINCT ON (b.id, r.kind) b.id AS org_id, r.id AS requirement_id, r.kind, r.period, r.times,
         r.per_group, r.active
  FROM cx_branch b JOIN activities_requirement r
    ON r.org_kind IN ('', b.kind) AND (r.organization_id IS NULL OR r.organization_id = b.id)
  ORDER BY b.id, r.kind, r.organization_id IS NULL, r.org_kind = ''
),
cx_required AS (
  SELECT q.* FROM cx_requirement q
  WHERE q.active AND (q.kind <> {_COMMITTEE} OR %(cx_committee_min)s <= (
    SELECT count(*) FROM branches_committeemember c WHERE c.organization_id = q.org_id AND c.ended_on IS NULL))
),
cx_applicable_kind AS (
  SELECT q.org_id, NULL::bigint AS group_id, NULL::varchar AS group_name, q.kind, q.period, q.times
  FROM cx_required q WHERE NOT q.per_group
  UNION ALL
  SELECT q.org_id, g.id, g.name, q.kind, q.period, q.times
  FROM cx_required q JOIN branches_partygroup g ON g.branch_id = q.org_id WHERE q.per_group
),
cx_applicable AS (
  SELECT * FROM cx_applicable_kind{secretary_rows}
),
cx_window AS (
  SELECT * FROM unnest(%(cx_period)s::text[], %(cx_starts)s::date[], %(cx_ends)s::date[],
                       %(cx_starts_at)s::timestamptz[], %(cx_ends_at)s::timestamptz[])
    AS w(period, starts, ends, starts_at, ends_at)
),
cx_owed AS (
  SELECT a.org_id, coalesce(a.group_id, {_ALL_GROUPS}) AS gid, a.group_name, a.kind, w.period, w.starts, w.ends,
         a.times
  FROM cx_applicable a JOIN cx_branch b ON b.id = a.org_id JOIN cx_window w ON w.period = a.period
   AND (b.founded_on IS NULL OR b.founded_on <= w.starts)
   AND (b.dissolved_on > w.ends OR (b.dissolved_on IS NULL AND b.status = '{OrgStatus.ACTIVE}'))
),
cx_meeting AS (
  SELECT m.organization_id AS org_id, m.party_group_id AS group_id, m.status, m.kinds{secretary_kinds} AS kinds,
         CASE WHEN m.status = {_HELD} THEN m.held_at ELSE m.planned_at END AS moment
  FROM activities_meeting m
  WHERE m.organization_id IN (SELECT id FROM cx_branch)
    AND ((m.status = {_HELD} AND m.held_at >= %(cx_from)s AND m.held_at < %(cx_to)s)
      OR (m.status = {_PLANNED} AND m.planned_at >= %(cx_from)s AND m.planned_at < %(cx_to)s))
),
cx_count AS (
  SELECT m.org_id, coalesce(m.group_id, 0) AS group_id, k.kind, w.period, w.starts,
         count(*) FILTER (WHERE m.status = {_HELD}) AS held, count(*) FILTER (WHERE m.status = {_PLANNED}) AS planned
  FROM cx_meeting m JOIN cx_window w ON m.moment >= w.starts_at AND m.moment < w.ends_at
  JOIN (VALUES {kinds}) AS k(kind) ON k.kind = ANY(m.kinds)
  GROUP BY 1, 2, 3, 4, 5
),
cx_obligation AS (
  SELECT org_id, nullif(gid, {_ALL_GROUPS}) AS group_id, max(group_name) AS group_name, kind, period, starts,
         max(ends) AS ends, max(required) AS required, sum(held)::int AS held, sum(planned)::int AS planned,
         sum(held) >= max(required) AS met, greatest(0, max(required) - sum(held) - sum(planned))::int AS missing
  FROM (
    SELECT org_id, gid, group_name, kind, period, starts, ends, times AS required, 0 AS held, 0 AS planned
    FROM cx_owed
    UNION ALL  -- each count for the whole branch and, if it is a party group's, for that group
    SELECT org_id, gid, NULL, kind, period, starts, NULL, NULL, held, planned
    FROM cx_count CROSS JOIN LATERAL (SELECT {_ALL_GROUPS} UNION ALL SELECT group_id WHERE group_id <> 0) AS g(gid)
  ) x
  GROUP BY org_id, gid, kind, period, starts
  HAVING count(required) > 0
)"""


def obligation_params(windows: list[Window], rules: RuleSet | None = None) -> dict:
    """The cx_ parameters: the windows asked about (at least one), the time they span, the thresholds."""
    rules = rules or RuleSet.current()
    since, until = Window("span", min(w.start for w in windows), max(w.end for w in windows)).aware_bounds()
    aware = [w.aware_bounds() for w in windows]
    return {
        "cx_branch_kinds": [str(k) for k in BRANCH_KINDS], "cx_committee_min": rules.committee_min_size,
        "cx_period": [str(w.period) for w in windows], "cx_starts": [w.start for w in windows],
        "cx_ends": [w.end for w in windows], "cx_starts_at": [bounds[0] for bounds in aware],
        "cx_ends_at": [bounds[1] for bounds in aware], "cx_from": since, "cx_to": until,
    }
