"""Required vs held vs planned organizational life of a branch, per kind and period, and its due list.

The rule (which requirement applies, to whom, for which periods, what counts) is defined once, in
`activities.compliance_sql`, and shared with the reminder sweep and the dashboard figures; this module
asks it about one branch (or, through `obligations`, any set of branches) and words the answers.
"""

from contextlib import nullcontext
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.utils import timezone

from activities.choices import MeetingKind, Period
from activities.compliance_sql import MANY_BRANCHES_SETTINGS, SECRETARY_LECTURE, obligation_ctes, obligation_params
from activities.models import ActivityRules, Requirement
from activities.periods import Window, window
from branches.models import Organization, PartyGroup

KIND_ORDER = {kind: index for index, kind in enumerate(MeetingKind.values)}


@dataclass(frozen=True)
class KindStatus:
    """One row of the rule: a branch (or one of its party groups) owes `required` meetings of `kind` in
    `window`; how many were held and are planned, whether that is met and how many are still missing."""

    org_id: int
    group_id: int | None
    group_name: str | None
    kind: str
    window: Window
    required: int
    held: int
    planned: int
    met: bool
    missing: int  # neither held nor planned yet
    by_secretary: bool = False  # the yearly 党课 the secretary gives in person (kind is then 党课)

    @property
    def group(self) -> PartyGroup | None:
        return PartyGroup(pk=self.group_id, name=self.group_name, branch_id=self.org_id) if self.group_id else None

    @property
    def label(self) -> str:
        if self.by_secretary:
            return "书记讲党课"
        name = MeetingKind(self.kind).label
        return f"{name}（{self.group_name}）" if self.group_id else name


def obligations(branches: str, params: dict, windows: list[Window], secretary_lecture: bool = False,
                many: bool = False, unmet_only: bool = False) -> list[KindStatus]:
    """What the branches matching `branches` (an SQL condition on the organization `o`, with named
    `params`) owe in each of `windows` (only what is not met with `unmet_only`), with what they held
    and planned: one query (two with `many`, for a subtree: the statement's settings first)."""
    if not windows:
        return []
    sql = f"""WITH {obligation_ctes(branches, secretary_lecture)}
        SELECT org_id, group_id, group_name, kind, period, starts, ends, required, held, planned, met, missing
        FROM cx_obligation{" WHERE NOT met" if unmet_only else ""}"""
    with transaction.atomic() if many else nullcontext(), connection.cursor() as cursor:
        if many:  # settings local to the transaction
            cursor.execute(f"SELECT {MANY_BRANCHES_SETTINGS}")
        cursor.execute(sql, {**obligation_params(windows), **params})
        rows = cursor.fetchall()
    found = []
    for org_id, group_id, group_name, kind, period, starts, ends, *counts in rows:
        status = KindStatus(org_id, group_id, group_name, kind, Window(period, starts, ends), *counts)
        found.append(replace(status, kind=MeetingKind.LECTURE, by_secretary=True) if kind == SECRETARY_LECTURE else status)
    return found


def statuses_in(org: Organization, windows: list[Window]) -> list[KindStatus]:
    """Every requirement the branch owes in any of `windows`, by kind (the secretary's 党课 after 党课),
    group and window."""
    found = obligations("o.id = %(cx_org)s", {"cx_org": org.pk}, windows, secretary_lecture=True)
    return sorted(found, key=lambda s: (KIND_ORDER[s.kind], s.by_secretary, s.group_name or "", s.window.start))


def compliance(org: Organization, day) -> list[KindStatus]:
    """Status of every requirement the branch owes in the periods containing `day`."""
    return statuses_in(org, [window(period, day) for period in Period.values])


def requirements_for(org: Organization) -> list[Requirement]:
    """The requirement rows that decide each kind for the organization (switched-off kinds left out)."""
    sql = f"""WITH {obligation_ctes("o.id = %(cx_org)s")}
        SELECT r.* FROM cx_requirement q JOIN activities_requirement r ON r.id = q.requirement_id WHERE q.active"""
    params = obligation_params([window(Period.YEAR, timezone.localdate())])  # the CTEs' parameters; windows unused
    return list(Requirement.objects.raw(sql, {**params, "cx_org": org.pk}))


@dataclass
class DueItem:
    level: str  # danger / notice / info
    text: str


def due_items(org: Organization, today) -> list[DueItem]:
    """What the branch should see now: this period's gaps, what is planned, last period's misses."""
    rules = ActivityRules.current()
    current = [window(period, today) for period in Period.values]
    statuses = statuses_in(org, current + [win.previous() for win in current])
    items: list[DueItem] = []
    for status in statuses:
        win = status.window
        if status.met or not win.contains(today):
            continue
        if status.planned:
            items.append(DueItem("info", f"{win.relative_label}{status.label}已计划，尚未召开"))
        else:
            days_left = (win.end - today).days
            level = "danger" if days_left <= rules.due_soon_days else "notice"
            items.append(DueItem(level, f"{win.relative_label}{status.label}未召开（{win.label}，还剩 {days_left} 天）"))
    for status in statuses:
        if not status.met and status.window.end < today:
            items.append(DueItem("danger", f"{status.window.label}{status.label}未召开，已逾期"))
    return items
