"""Selector results turned into what the page shows: table rows whose numbers link to their lists,
and chart specs (numbers and links) for static/js/dashboards.js."""

from urllib.parse import urlencode

from django.urls import reverse

from activities.choices import MeetingKind
from branches.models import Industry, Organization
from dashboards.focus import Focus
from dashboards.lists import list_url
from dashboards.selectors.coverage import RATES


def pct(numerator, denominator):
    return round(100 * numerator / denominator, 1) if denominator else None


def dashboard_url(focus: Focus, org_pk=None, **params) -> str:
    """The dashboard of the focus (or of organization `org_pk`), keeping the narrowing."""
    query = urlencode(focus.query(**params))
    return reverse("dashboards:org", args=[org_pk or focus.org.pk]) + (f"?{query}" if query else "")


def narrowed_url(focus: Focus, **change) -> str:
    """This dashboard with the region or industry narrowing changed (None removes it)."""
    query = {k: v for k, v in {**focus.query(), **change}.items() if v is not None}
    return reverse("dashboards:org", args=[focus.org.pk]) + (f"?{urlencode(query)}" if query else "")


def rates(focus: Focus, counts: dict, extra: dict | None = None, links: bool = True) -> list[dict]:
    extra = {k: v for k, v in (extra or {}).items() if v is not None}
    return [{
        "key": r.key, "label": r.label, "value": pct(counts[r.numerator], counts[r.denominator]),
        "numerator": counts[r.numerator], "denominator": counts[r.denominator],
        "numerator_url": list_url(focus, "units", metric=r.numerator, **extra) if links else None,
        "denominator_url": list_url(focus, "units", metric=r.denominator, **extra) if links else None,
    } for r in RATES]


def breakdown(focus: Focus, groups, drill: str | None) -> list[dict]:
    """Rows of a coverage breakdown. `drill` names the narrowing a row opens ("region", "industry"), or
    None (unit types: the row's numbers link to lists filtered by type)."""
    rows = []
    for group in groups:
        scope, extra, url = focus, group.query, None
        if drill and group.key is None:
            scope = None  # 未登记: no narrowing expresses it
        elif drill == "region":
            scope, extra, url = focus.narrowed(region=group.key), {}, narrowed_url(focus, region=group.key)
        elif drill == "industry":
            scope, extra = focus.narrowed(industry=Industry(pk=group.key)), {}
            url = narrowed_url(focus, industry=group.key)
        rows.append({
            "label": group.label, "url": url, "total": group.counts["total"],
            "total_url": list_url(scope, "units", metric="total", **extra) if scope else None,
            "rates": rates(scope, group.counts, extra) if scope else rates(focus, group.counts, links=False),
        })
    return rows


def breakdown_chart(chart_id: str, rows: list[dict], title: str) -> dict:
    shown = ("org", "effective", "work")
    horizontal = len(rows) > 5  # long lists read better down the page on a phone
    return {
        "id": chart_id, "type": "bar", "title": title, "unit": "%", "horizontal": horizontal,
        "height": 70 + 36 * len(rows) if horizontal else 260,
        "categories": [r["label"] for r in rows],
        "links": [r["url"] or r["total_url"] for r in rows],
        "series": [{"name": rate.label, "data": [next(x["value"] for x in r["rates"] if x["key"] == rate.key) for r in rows]}
                   for rate in RATES if rate.key in shown],
    }


def trend(focus: Focus, points: list[dict]) -> dict:
    rows = [{**p, "rate": pct(p["covered"], p["total"]), "own_rate": pct(p["own"], p["total"])} for p in points]
    change = None
    if len(rows) >= 2 and rows[-1]["rate"] is not None and rows[-2]["rate"] is not None:
        change = round(rows[-1]["rate"] - rows[-2]["rate"], 1)
    chart = {
        "id": "chart-trend", "type": "line", "title": "组织覆盖率趋势", "unit": "%",
        "categories": [_year_label(p["day"], i == len(rows) - 1) for i, p in enumerate(rows)],
        "series": [{"name": "组织覆盖率", "data": [r["rate"] for r in rows]},
                   {"name": "单独组建率", "data": [r["own_rate"] for r in rows]}],
    }
    return {"rows": rows, "change": change, "since": rows[-2]["day"] if len(rows) >= 2 else None, "chart": chart}


def _year_label(day, last: bool) -> str:
    return f"{day:%Y-%m-%d}" if last else f"{day.year}年底"


def heat(focus: Focus, life) -> dict:
    months = list(range(1, life.month + 1))
    rows = []
    for row in life.rows:
        row_focus = focus.at(Organization(pk=row.org_id))
        rows.append({
            "name": row.name, "url": dashboard_url(focus, row.org_id, kind=life.kind or None),
            "branches": row.branches, "rate": row.rate, "required": row.ytd_required, "met": row.ytd_met,
            "ytd_url": list_url(row_focus, "life", kind=life.kind),
            "cells": [{"month": c.month, "rate": c.rate, "required": c.required, "met": c.met,
                       "url": list_url(row_focus, "life", kind=life.kind, month=c.month)} for c in row.cells[: life.month]],
        })
    chart = {
        "id": "chart-heat", "type": "heatmap", "title": f"{life.kind_label}完成率（%）",
        "categories": [f"{m}月" for m in months], "rows": [r["name"] for r in rows],
        "data": [[c["month"] - 1, i, c["rate"]] for i, r in enumerate(rows) for c in r["cells"]],
        "links": [[c["url"] for c in r["cells"]] for r in rows], "row_links": [r["url"] for r in rows],
        "height": 90 + 26 * len(rows),
    }
    totals = [{"month": c.month, "rate": c.rate, "required": c.required, "met": c.met} for c in life.totals[: life.month]]
    return {"months": months, "rows": rows, "totals": totals, "chart": chart}


def kinds(focus: Focus, life) -> dict:
    rows = [{**k, "url": dashboard_url(focus, kind=k["kind"]), "list_url": list_url(focus, "life", kind=k["kind"])}
            for k in life.kinds]
    chart = {
        "id": "chart-kinds", "type": "bar", "title": "各类会议完成率（已结束周期）", "unit": "%", "horizontal": True,
        "categories": [k["label"] for k in rows], "links": [k["url"] for k in rows],
        "series": [{"name": "完成率", "data": [k["rate"] for k in rows]}],
    }
    choices = [{"kind": "", "label": "全部类型", "url": dashboard_url(focus, kind=None), "current": life.kind == ""}]
    choices += [{"kind": k, "label": label, "url": dashboard_url(focus, kind=k), "current": life.kind == k}
                for k, label in MeetingKind.choices if any(r["kind"] == k for r in rows)]
    return {"rows": rows, "chart": chart, "choices": choices}


def member_breakdowns(focus: Focus, members: dict) -> list[dict]:
    result = []
    for b in members["breakdowns"]:
        rows = [{**r, "url": list_url(focus, "members", dim=b.key, value=r["value"])} for r in b.rows]
        chart_type = "bar" if b.key in ("age", "education") else "pie"
        horizontal = chart_type == "bar" and len(rows) > 6
        result.append({
            "key": b.key, "label": b.label, "rows": rows,
            "chart": {"id": f"chart-{b.key}", "type": chart_type, "title": b.label, "unit": "人",
                      "horizontal": horizontal, "height": 60 + 30 * len(rows) if horizontal else None,
                      "categories": [r["label"] for r in rows], "links": [r["url"] for r in rows],
                      "series": [{"name": "人数", "data": [r["count"] for r in rows]}]},
        })
    return result


def funnel(focus: Focus, rows: list[dict]) -> dict:
    rows = [{**r, "reached_url": list_url(focus, "applicants", mode="reached", stage=r["stage"]) if r["reached"] is not None else None,
             "now_url": list_url(focus, "applicants", mode="now", stage=r["stage"])} for r in rows]
    shown = [r for r in rows if r["reached"] is not None]
    chart = {"id": "chart-funnel", "type": "funnel", "title": "发展党员（累计达到各阶段）", "unit": "人",
             "categories": [r["label"] for r in shown], "links": [r["reached_url"] for r in shown],
             "series": [{"name": "人数", "data": [r["reached"] for r in shown]}]}
    return {"rows": rows, "chart": chart}


def subtitle(focus: Focus) -> str:
    parts = [focus.org.name, focus.region_name, focus.industry.name if focus.industry else None]
    return " · ".join(p for p in parts if p) + f"，截至 {focus.today:%Y-%m-%d}"


def gaps(focus: Focus, cov, committee: dict) -> list[dict]:
    labels = {m.key: m.label for m in cov.metrics}
    found = [{"label": labels[key], "count": cov.overall[key], "url": list_url(focus, "units", metric=key)}
             for key in ("gap_members", "gap_own", "should_missing", "covered_idle")]
    found.append({"label": f"党员{committee['min_members']}人以上未设支委会的党支部", "count": committee["count"],
                  "url": list_url(focus, "committees")})
    return found


def elections(focus: Focus, found: dict) -> dict:
    labels = {"overdue": "到期未换届", "soon": f"{found['days']}天内任期届满", "unknown": "未登记任期"}
    return {
        "cards": [{"label": labels[k], "count": found[k], "url": list_url(focus, "elections", due=k)} for k in labels],
        "first": found["first"], "total": found["total"],
    }


def behind(focus: Focus, life) -> dict:
    rows = [{**b, "url": dashboard_url(focus, b["org_id"], kind=life.kind or None)} for b in life.behind]
    return {"rows": rows, "count": life.behind_count, "url": list_url(focus, "life", kind=life.kind)}


def dashboard_context(focus: Focus, data: dict) -> dict:
    cov, life = data["coverage"], data["life"]
    by = {"region": breakdown(focus, cov.by_region, "region"), "industry": breakdown(focus, cov.by_industry, "industry"),
          "type": breakdown(focus, cov.by_type, None)}
    titles = {"region": "按行政区划", "industry": "按行业", "type": "按单位类型"}
    sections = [{"key": k, "title": titles[k], "rows": rows, "chart": breakdown_chart(f"chart-{k}", rows, titles[k])}
                for k, rows in by.items()]
    context = {
        "focus": focus, "org": focus.org, "as_of": data["as_of"], "rules": data["rules"],
        "overall": rates(focus, cov.overall), "total": cov.overall["total"],
        "total_url": list_url(focus, "units", metric="total"), "sections": sections,
        "trend": trend(focus, cov.trend), "gaps": gaps(focus, cov, data["committee_gaps"]),
        "heat": heat(focus, life), "kinds": kinds(focus, life), "life": life, "behind": behind(focus, life),
        "life_rate": pct(life.ytd_met, life.ytd_required), "elections": elections(focus, data["elections"]),
        "members": data["members"], "member_breakdowns": member_breakdowns(focus, data["members"]),
        "member_urls": {"all": list_url(focus, "members"), "full": list_url(focus, "members", dim="status", value="full"),
                        "probationary": list_url(focus, "members", dim="status", value="probationary")},
        "funnel": funnel(focus, data["pipeline"]), "subtitle": subtitle(focus),
        "clear_region": narrowed_url(focus, region=None), "clear_industry": narrowed_url(focus, industry=None),
    }
    context["charts"] = [
        *[s["chart"] for s in sections], context["trend"]["chart"], context["heat"]["chart"],
        context["kinds"]["chart"], *[m["chart"] for m in context["member_breakdowns"]], context["funnel"]["chart"],
    ]
    return context
