"""三会一课 this year from LifeFigures: a month × organization heat map (one row per organization
just below the focus, summing the branches under it), completion per kind, the branches most behind.

Completion = periods met ÷ periods required. A month's cell counts the periods that end in it; the
current month is still running, so year-to-date figures count only the months before it.
"""

from dataclasses import dataclass

from django.db import connection

from activities.choices import MeetingKind
from branches.models import Organization
from dashboards.focus import Focus

MONTHS = range(1, 13)
BEHIND_SHOWN = 10


def rate(met: int, required: int) -> float | None:
    return round(100 * met / required, 1) if required else None


@dataclass
class Cell:
    month: int
    required: int
    met: int

    @property
    def rate(self):
        return rate(self.met, self.required)


@dataclass
class HeatRow:
    org_id: int
    name: str
    branches: int
    cells: list[Cell]
    ytd_required: int
    ytd_met: int

    @property
    def rate(self):
        return rate(self.ytd_met, self.ytd_required)


@dataclass
class Life:
    kind: str  # "" = all kinds
    month: int  # current month (in progress)
    rows: list[HeatRow]
    totals: list[Cell]
    ytd_required: int
    ytd_met: int
    kinds: list[dict]
    behind: list[dict]
    behind_count: int

    @property
    def rate(self):
        return rate(self.ytd_met, self.ytd_required)

    @property
    def kind_label(self) -> str:
        return MeetingKind(self.kind).label if self.kind else "全部类型"


def _figures_from(focus: Focus) -> tuple[str, list]:
    where, params = focus.org_sql("o")
    return (f"FROM dashboards_lifefigures l JOIN branches_organization o ON o.id = l.organization_id "
            f"WHERE {where} AND l.year = %s"), [*params, focus.today.year]


def life(focus: Focus, kind: str = "") -> Life:
    source, params = _figures_from(focus)
    key_len = len(focus.org.path) + Organization.steplen
    sums = ", ".join([f"sum(l.required[{m}])" for m in MONTHS] + [f"sum(l.met[{m}])" for m in MONTHS])
    heat = f"""SELECT r.id, r.name, x.* FROM (
        SELECT substr(o.path, 1, %s) AS key, count(*), {sums}, sum(l.ytd_required), sum(l.ytd_met)
        {source} AND l.kind = %s GROUP BY 1) x
        JOIN branches_organization r ON r.path = x.key ORDER BY x.key"""
    by_kind = f"""SELECT l.kind, sum(l.ytd_required), sum(l.ytd_met), sum(l.required[%s]), sum(l.met[%s]), count(*)
        {source} AND l.kind <> '' GROUP BY 1"""
    behind = f"""SELECT o.id, o.name, l.ytd_required, l.ytd_met, count(*) OVER ()
        {source} AND l.kind = %s AND l.ytd_met < l.ytd_required
        ORDER BY l.ytd_met::float / l.ytd_required, l.ytd_required - l.ytd_met DESC, o.path LIMIT %s"""
    with connection.cursor() as cursor:
        cursor.execute(heat, [key_len, *params, kind])
        rows = [_heat_row(r) for r in cursor.fetchall()]
        cursor.execute(by_kind, [focus.today.month, focus.today.month, *params])
        kinds = _kinds(cursor.fetchall())
        cursor.execute(behind, [*params, kind, BEHIND_SHOWN])
        behind_rows = cursor.fetchall()
    totals = [Cell(m, sum(r.cells[m - 1].required for r in rows), sum(r.cells[m - 1].met for r in rows)) for m in MONTHS]
    return Life(
        kind=kind, month=focus.today.month, rows=rows, totals=totals,
        ytd_required=sum(r.ytd_required for r in rows), ytd_met=sum(r.ytd_met for r in rows), kinds=kinds,
        behind=[{"org_id": b[0], "name": b[1], "required": b[2], "met": b[3], "missed": b[2] - b[3],
                 "rate": rate(b[3], b[2])} for b in behind_rows],
        behind_count=behind_rows[0][4] if behind_rows else 0,
    )


def _heat_row(row) -> HeatRow:
    org_id, name, _key, branches, *values = row
    required, met, (ytd_required, ytd_met) = values[:12], values[12:24], values[24:]
    cells = [Cell(m, int(required[m - 1] or 0), int(met[m - 1] or 0)) for m in MONTHS]
    return HeatRow(org_id, name, branches, cells, int(ytd_required or 0), int(ytd_met or 0))


def _kinds(rows) -> list[dict]:
    found = {r[0]: r for r in rows}
    result = []
    for kind, label in MeetingKind.choices:
        if kind not in found:
            continue
        _, ytd_required, ytd_met, month_required, month_met, branches = found[kind]
        result.append({
            "kind": kind, "label": label, "branches": branches,
            "required": int(ytd_required), "met": int(ytd_met), "rate": rate(int(ytd_met), int(ytd_required)),
            "month_required": int(month_required), "month_met": int(month_met),
        })
    return result
