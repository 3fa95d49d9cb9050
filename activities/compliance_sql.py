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

Windows come from `activities.periods.window`: calendar months, quarters and years, which is what
PostgreSQL's date_trunc('month' | 'quarter' | 'year') gives, so a meeting is counted in the window that
date_trunc puts its local time in. Owed rows and counts are brought together by one aggregate rather
than a join, so a poor row estimate cannot turn the statement into nested loops.
"""

from django.utils import timezone

from activities.choices import MeetingKind, MeetingStatus, Period
from activities.periods import Window
from branches.choices import BRANCH_KINDS, OrgStatus
from branches.models import RuleSet

SECRETARY_LECTURE = "secretary_lecture"  # a pseudo-kind: the yearly 党课 given by the secretary

_HELD, _PLANNED = f"'{MeetingStatus.HELD}'", f"'{MeetingStatus.PLANNED}'"
_LECTURE, _COMMITTEE = f"'{MeetingKind.LECTURE}'", f"'{MeetingKind.COMMITTEE_MEETING}'"
_ALL_GROUPS = -1  # gid of a count over the whole branch; 0 is "meetings of no group"


def obligation_ctes(branches: str, secretary_lecture: bool = False) -> str:
    """CTEs ending in cx_obligation(org_id, group_id, group_name, kind, period, starts, ends, required,
    held, planned, met, missing) for the branches where `branches` (a condition on `o`, an
    organization row, with the caller's named parameters) holds."""
    secretary_rows = f"""
  UNION ALL
  SELECT DISTINCT org_id, NULL::bigint, NULL::varchar, '{SECRETARY_LECTURE}', '{Period.YEAR}', 1
  FROM cx_applicable_kind WHERE kind = {_LECTURE}""" if secretary_lecture else ""
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
cx_owed AS (
  SELECT a.org_id, coalesce(a.group_id, {_ALL_GROUPS}) AS gid, a.group_name, a.kind, w.period, w.starts, w.ends,
         a.times
  FROM cx_applicable a JOIN cx_branch b ON b.id = a.org_id
  JOIN unnest(%(cx_period)s::text[], %(cx_starts)s::date[], %(cx_ends)s::date[]) AS w(period, starts, ends)
    ON w.period = a.period
   AND (b.founded_on IS NULL OR b.founded_on <= w.starts)
   AND (b.dissolved_on > w.ends OR (b.dissolved_on IS NULL AND b.status = '{OrgStatus.ACTIVE}'))
),
cx_count AS (
  SELECT m.organization_id AS org_id, k.kind, p.period,
         date_trunc(p.period, (CASE WHEN m.status = {_HELD} THEN m.held_at ELSE m.planned_at END)
                              AT TIME ZONE %(cx_tz)s)::date AS starts,
         CASE WHEN GROUPING(m.party_group_id) = 1 THEN {_ALL_GROUPS} ELSE coalesce(m.party_group_id, 0) END AS gid,
         count(*) FILTER (WHERE m.status = {_HELD}) AS held, count(*) FILTER (WHERE m.status = {_PLANNED}) AS planned
  FROM activities_meeting m CROSS JOIN LATERAL unnest(m.kinds{secretary_kinds}) AS k(kind)
  CROSS JOIN unnest(%(cx_periods)s::text[]) AS p(period)
  WHERE m.organization_id IN (SELECT id FROM cx_branch)
    AND ((m.status = {_HELD} AND m.held_at >= %(cx_from)s AND m.held_at < %(cx_to)s)
      OR (m.status = {_PLANNED} AND m.planned_at >= %(cx_from)s AND m.planned_at < %(cx_to)s))
  GROUP BY GROUPING SETS ((1, 2, 3, 4, m.party_group_id), (1, 2, 3, 4))
),
cx_obligation AS (
  SELECT org_id, nullif(gid, {_ALL_GROUPS}) AS group_id, max(group_name) AS group_name, kind, period, starts,
         max(ends) AS ends, max(required) AS required, sum(held)::int AS held, sum(planned)::int AS planned,
         sum(held) >= max(required) AS met, greatest(0, max(required) - sum(held) - sum(planned))::int AS missing
  FROM (
    SELECT org_id, gid, group_name, kind, period, starts, ends, times AS required, 0 AS held, 0 AS planned
    FROM cx_owed
    UNION ALL
    SELECT org_id, gid, NULL, kind, period, starts, NULL, NULL, held, planned FROM cx_count
  ) x
  GROUP BY org_id, gid, kind, period, starts
  HAVING count(required) > 0
)"""


def obligation_params(windows: list[Window], rules: RuleSet | None = None) -> dict:
    """The cx_ parameters: the windows asked about (at least one), the time they span, the thresholds."""
    rules = rules or RuleSet.current()
    since, until = Window("span", min(w.start for w in windows), max(w.end for w in windows)).aware_bounds()
    return {
        "cx_branch_kinds": [str(k) for k in BRANCH_KINDS], "cx_committee_min": rules.committee_min_size,
        "cx_period": [str(w.period) for w in windows], "cx_starts": [w.start for w in windows],
        "cx_ends": [w.end for w in windows], "cx_periods": sorted({str(w.period) for w in windows}),
        "cx_from": since, "cx_to": until, "cx_tz": timezone.get_current_timezone_name(),
    }
