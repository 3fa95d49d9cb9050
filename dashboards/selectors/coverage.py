"""两个覆盖 (docs/domain.md §2) over the units in focus: one grouped query for every figure and breakdown,
one for the yearly trend. The unit lists behind the figures filter the same SQL (`unit_ids_sql`).

A unit is 组织覆盖 when an active organization covers it (own or joint), 单独组建 when one founded
单独建 does, 工作覆盖 when it is covered or has a 党建指导员, 应建 by branches.models.should_have_q, and
effectively covered when a covering organization, or one below it, held a meeting in the last 12
months (OrgFigures.last_held_on).
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.expressions import RawSQL

from branches.choices import FoundingMode, OrgStatus, UnitType
from branches.models import RuleSet, UnitCoverage, should_have_q
from dashboards.focus import Focus


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    condition: str  # SQL over the columns of unit_facts


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    numerator: str
    denominator: str


def metrics(rules: RuleSet) -> list[Metric]:
    min_full = int(rules.min_full_members_for_branch)
    return [
        Metric("total", "单位数", "TRUE"),
        Metric("covered", "已建党组织", "has_organization"),
        Metric("effective", "有效覆盖", "effective"),
        Metric("own", "单独组建", "has_own_organization"),
        Metric("work", "工作覆盖", "has_work"),
        Metric("should", "应建", "should_have"),
        Metric("should_covered", "应建已建", "should_have AND has_organization"),
        Metric("should_missing", "应建未建", "should_have AND NOT has_organization"),
        Metric("uncovered", "未建党组织", "NOT has_organization"),
        Metric("covered_idle", "已建但12个月无活动", "has_organization AND NOT effective"),
        Metric("gap_members", "有党员未建党组织", "party_member_count > 0 AND NOT has_organization"),
        Metric("gap_own", f"正式党员{min_full}人以上未单独建支部",
               f"full_member_count >= {min_full} AND NOT has_own_organization"),
    ]


RATES = [
    Rate("org", "组织覆盖率", "covered", "total"),
    Rate("effective", "有效覆盖率", "effective", "total"),
    Rate("work", "工作覆盖率", "work", "total"),
    Rate("own", "单独组建率", "own", "total"),
    Rate("should", "应建尽建率", "should_covered", "should"),
]
TREND_YEARS = 5
# The paths of the organizations that held a meeting since the cutoff and of all their ancestors, within
# the focus's tree (coverage by an organization of another tree is not counted as effective).
LIVELY_SQL = """SELECT DISTINCT substr(o.path, 1, g.n * %s) FROM dashboards_orgfigures f
JOIN branches_organization o ON o.id = f.organization_id CROSS JOIN generate_series(1, o.depth) AS g(n)
WHERE f.last_held_on >= %s AND o.path LIKE %s"""


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def unit_facts(focus: Focus, rules: RuleSet):
    """The units in focus, each with the flags the metrics test."""
    from branches.models import Organization

    active_cover = UnitCoverage.objects.filter(unit=OuterRef("pk"), organization__status=OrgStatus.ACTIVE)
    root = focus.org.path[: Organization.steplen]
    lively = RawSQL(LIVELY_SQL, [Organization.steplen, year_before(focus.today), root + "%"])
    return focus.units().with_coverage().annotate(
        has_work=ExpressionWrapper(Q(has_organization=True) | Q(instructor__isnull=False), BooleanField()),
        should_have=ExpressionWrapper(should_have_q(rules), BooleanField()),
        effective=Exists(active_cover.filter(organization__path__in=lively)),
    )


def _facts_sql(focus: Focus, rules: RuleSet) -> tuple[str, list]:
    facts = unit_facts(focus, rules).order_by().values(
        "id", "region_id", "industry_id", "unit_type", "party_member_count", "full_member_count",
        "has_organization", "has_own_organization", "has_work", "should_have", "effective",
    )
    sql, params = facts.query.sql_with_params()
    return sql, list(params)


def unit_ids_sql(focus: Focus, rules: RuleSet, metric_key: str) -> RawSQL:
    """The ids of the units a metric counts, for the list behind the figure."""
    condition = next(m.condition for m in metrics(rules) if m.key == metric_key)
    sql, params = _facts_sql(focus, rules)
    return RawSQL(f"WITH u AS MATERIALIZED ({sql}) SELECT u.id FROM u WHERE {condition}", params)


@dataclass
class Group:
    key: object
    label: str
    counts: dict
    query: dict  # narrowing or list parameters for its links


@dataclass
class Coverage:
    overall: dict
    by_region: list[Group]
    by_industry: list[Group]
    by_type: list[Group]
    trend: list[dict]
    metrics: list[Metric]


def coverage(focus: Focus, rules: RuleSet) -> Coverage:
    found = metrics(rules)
    sql, params = _facts_sql(focus, rules)
    columns = ", ".join(f"count(*) FILTER (WHERE {m.condition}) AS {m.key}" for m in found)
    grouped = f"""WITH u AS MATERIALIZED ({sql})
        SELECT GROUPING(region_id) AS g_region, GROUPING(industry_id) AS g_industry,
        GROUPING(unit_type) AS g_type, region_id, industry_id, unit_type, {columns}
        FROM u GROUP BY GROUPING SETS ((), (region_id), (industry_id), (unit_type))"""
    overall, regions, industries, types = {m.key: 0 for m in found}, {}, {}, {}
    with connection.cursor() as cursor:
        cursor.execute(grouped, params)
        for row in cursor.fetchall():
            g_region, g_industry, g_type, region_id, industry_id, unit_type = row[:6]
            counts = dict(zip((m.key for m in found), row[6:]))
            if g_region == 0:
                regions[region_id] = counts
            elif g_industry == 0:
                industries[industry_id] = counts
            elif g_type == 0:
                types[unit_type] = counts
            else:
                overall = counts
    return Coverage(
        overall=overall,
        by_region=_region_groups(focus, regions),
        by_industry=_industry_groups(industries),
        by_type=[Group(t, UnitType(t).label if t in UnitType.values else t, c, {"unit_type": t})
                 for t, c in sorted(types.items(), key=lambda kv: -kv[1]["total"])],
        trend=_trend(focus, overall["total"]),
        metrics=found,
    )


def _add(into: dict, counts: dict) -> dict:
    for key, value in counts.items():
        into[key] = into.get(key, 0) + value
    return into


def _region_groups(focus: Focus, by_region: dict) -> list[Group]:
    """Roll the units' regions up to one level: the regions just below the focus region, or, with
    none, the highest level at which the units' regions differ."""
    regions = focus.regions
    chains = {pk: regions.chain(pk) for pk in by_region if pk is not None}
    if focus.region is not None:
        level = len(regions.chain(focus.region))
    else:
        level, deepest = 0, max((len(c) for c in chains.values()), default=1)
        while level < deepest - 1 and len({tuple(c[: level + 1]) for c in chains.values()}) <= 1:
            level += 1
    rolled: dict = {}
    for pk, counts in by_region.items():
        chain = chains.get(pk, [])
        key = chain[min(level, len(chain) - 1)] if chain else None
        _add(rolled.setdefault(key, {}), counts)
    groups = [Group(k, regions.name(k), c, {"region": k} if k is not None else {}) for k, c in rolled.items()]
    return sorted(groups, key=lambda g: (g.key is None, -g.counts["total"]))


def _industry_groups(by_industry: dict) -> list[Group]:
    from branches.models import Industry

    names = dict(Industry.objects.filter(pk__in=[k for k in by_industry if k]).values_list("pk", "name"))
    groups = [Group(k, names.get(k, "未登记"), c, {"industry": k} if k else {}) for k, c in by_industry.items()]
    return sorted(groups, key=lambda g: (g.key is None, -g.counts["total"]))


TREND_SQL = """
SELECT y.d, count(DISTINCT c.unit_id), count(DISTINCT c.unit_id) FILTER (WHERE o.founding_mode = %s)
FROM unnest(%s::date[]) AS y(d) CROSS JOIN branches_unitcoverage c
JOIN branches_organization o ON o.id = c.organization_id
WHERE c.unit_id IN ({units})
  AND coalesce(greatest(c.since, o.founded_on), '-infinity'::date) <= y.d
  AND (o.status = %s OR o.dissolved_on > y.d)
GROUP BY y.d
"""


def _trend(focus: Focus, total: int) -> list[dict]:
    """Coverage at the end of each of the last years and today, derived from the dated history:
    UnitCoverage.since and Organization.founded_on (whichever is later) to Organization.dissolved_on.
    Units carry no registration date, so every year is counted over today's units."""
    today = focus.today
    days = [date(y, 12, 31) for y in range(today.year - TREND_YEARS + 1, today.year)] + [today]
    units_sql, units_params = focus.units().order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(TREND_SQL.format(units=units_sql),
                       [str(FoundingMode.SINGLE), days, *units_params, str(OrgStatus.ACTIVE)])
        found = {row[0]: row[1:] for row in cursor.fetchall()}
    return [{"day": d, "total": total, "covered": found.get(d, (0, 0))[0], "own": found.get(d, (0, 0))[1]}
            for d in days]
