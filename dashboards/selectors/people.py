"""Member structure (from OrgFigures), the development pipeline, elections and committees.

Members are those on the roll now (archived_on empty): a member transferred out or removed during
the year is no longer counted. Elections: organizations other than 工委 (appointed, not elected)
whose term ends within ELECTION_DAYS, or has ended (到期未换届).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Count, Q, Window

from branches.choices import BRANCH_KINDS, OrgKind, OrgStatus
from branches.models import Organization, RuleSet
from dashboards.dimensions import ARRAY_DIMENSIONS
from dashboards.focus import Focus
from dashboards.models import OrgFigures
from members.models import Applicant
from members.pipeline.models import STAGE_ORDER, Stage
from members.pipeline.rules import STAGE_DATE_FIELD

ELECTION_DAYS = 90
SHOWN = 10


@dataclass
class Breakdown:
    key: str
    label: str
    rows: list[dict]  # value, label, count, share

    @property
    def total(self) -> int:
        return sum(r["count"] for r in self.rows)


def _share(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def member_structure(focus: Focus) -> dict:
    where, params = focus.org_sql("o")
    source = f"FROM dashboards_orgfigures f JOIN branches_organization o ON o.id = f.organization_id WHERE {where}"
    sums = ["sum(f.members)", "sum(f.full_members)"]
    for dim in ARRAY_DIMENSIONS:
        sums += [f"sum(f.{dim.key}[{i + 1}])" for i in range(len(dim.choices))]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(f.computed_at), {', '.join(sums)} {source}", params)
        computed_at, *values = cursor.fetchone()
        values = [int(v or 0) for v in values]
        cursor.execute(f"SELECT e.key, sum(e.value::int) AS n {source.replace('WHERE', ', jsonb_each_text(f.ethnicity) e WHERE', 1)} "
                       "GROUP BY 1 ORDER BY 2 DESC, 1", params)
        ethnicities = cursor.fetchall()
    total, full, rest = values[0], values[1], values[2:]
    breakdowns = []
    for dim in ARRAY_DIMENSIONS:
        counts, rest = rest[: len(dim.choices)], rest[len(dim.choices):]
        rows = [{"value": v, "label": label, "count": n, "share": _share(n, total)}
                for (v, label), n in zip(dim.choices, counts) if n or v]
        breakdowns.append(Breakdown(dim.key, dim.label, rows))
    breakdowns.append(Breakdown("ethnicity", "民族", [
        {"value": name, "label": name or "未填写", "count": int(n), "share": _share(int(n), total)} for name, n in ethnicities
    ]))
    return {"total": total, "full": full, "probationary": total - full, "breakdowns": breakdowns,
            "computed_at": computed_at}


def pipeline(focus: Focus) -> list[dict]:
    """The development funnel: how many reached each stage (its date recorded), and how many are at it now."""
    applicants = Applicant.objects.filter(focus.org_q("organization__"))
    stages = [str(s) for s in STAGE_ORDER]
    aggregates = {"stopped": Count("pk", filter=Q(stage=Stage.STOPPED))}
    for stage in stages:
        aggregates["reached_" + stage] = Count("pk", filter=Q(**{STAGE_DATE_FIELD[stage] + "__isnull": False}))
        aggregates["now_" + stage] = Count("pk", filter=Q(stage=stage))
    found = applicants.aggregate(**aggregates)
    rows = [{"stage": s, "label": Stage(s).label, "reached": found["reached_" + s], "now": found["now_" + s]}
            for s in stages]
    rows.append({"stage": str(Stage.STOPPED), "label": Stage.STOPPED.label, "reached": None, "now": found["stopped"]})
    return rows


def elected_organizations(focus: Focus):
    return Organization.objects.filter(focus.org_q(), status=OrgStatus.ACTIVE).exclude(kind=OrgKind.WORK_COMMITTEE)


def election_q(which: str, today) -> Q:
    soon = today + timedelta(days=ELECTION_DAYS)
    return {
        "overdue": Q(term_ends_on__lt=today),
        "soon": Q(term_ends_on__gte=today, term_ends_on__lte=soon),
        "unknown": Q(term_ends_on__isnull=True),
    }[which]


def elections(focus: Focus) -> dict:
    orgs = elected_organizations(focus)
    today = focus.today
    counts = orgs.aggregate(
        total=Count("pk"), **{w: Count("pk", filter=election_q(w, today)) for w in ("overdue", "soon", "unknown")}
    )
    due = orgs.filter(election_q("overdue", today) | election_q("soon", today)).order_by("term_ends_on", "path")
    return {**counts, "days": ELECTION_DAYS, "first": [
        {"org": o, "days_left": (o.term_ends_on - today).days} for o in due.only("name", "term_ends_on")[:SHOWN]
    ]}


def committee_gaps(focus: Focus, rules: RuleSet):
    """Branches with at least branch_committee_min_members members and fewer than committee_min_size
    committee members in office (as branches.selectors.organization_warnings has it)."""
    return OrgFigures.objects.filter(
        focus.org_q("organization__"),
        organization__status=OrgStatus.ACTIVE, organization__kind__in=BRANCH_KINDS,
        members__gte=rules.branch_committee_min_members, committee_size__lt=rules.committee_min_size,
    )


def committee_gap_summary(focus: Focus, rules: RuleSet) -> dict:
    rows = list(
        committee_gaps(focus, rules).select_related("organization").annotate(total=Window(Count("pk")))
        .order_by("-members", "organization__path")[:SHOWN]
    )
    return {"count": rows[0].total if rows else 0, "first": rows, "min_members": rules.branch_committee_min_members}
