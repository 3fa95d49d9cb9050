"""Every dashboard figure against the hand-counted world of tests/test_dashboard_world.py.

Units in W's scope (active; managed in W's subtree or covered by an organization in it):
  甲 (A, own), 乙 (B, own), 戊 / 己 / 庚 (joint branch J; 庚 is managed by X), 丁 (covered only by the
  dissolved D), =HYPERLINK… (5 full members, no organization, an instructor), 辛协会 (150 employees).
  Not counted: the inactive unit, 丙公司 (X only).
"""

import pytest

from branches.models import Organization, RuleSet
from dashboards import selectors
from dashboards.focus import Focus
from dashboards.selectors.coverage import coverage
from tests.test_dashboard_world import TODAY, world  # noqa: F401

pytestmark = pytest.mark.django_db


def dashboard(org, region=None, industry=None, kind=""):
    focus = Focus.build(Organization.objects.get(pk=org.pk), TODAY, str(region or ""), str(industry or ""))
    return selectors.dashboard(focus, kind)


def counts(group_list):
    return {g.label: (g.counts["total"], g.counts["covered"]) for g in group_list}


def test_coverage_counts_joint_branches_and_not_dissolved_organizations(world):
    overall = dashboard(world.tree.w)["coverage"].overall
    assert overall["total"] == 8
    assert overall["covered"] == 5  # 甲 乙 + 戊 己 庚 through the joint branch; 丁's branch is dissolved
    assert overall["own"] == 2
    assert overall["work"] == 6  # + the unit with an instructor
    assert overall["effective"] == 2  # A and B met this year; J last met in May 2025
    assert overall["covered_idle"] == 3
    assert (overall["should"], overall["should_covered"], overall["should_missing"]) == (5, 2, 3)
    assert overall["gap_members"] == 2  # 丁 (4 members), the unit with 5
    assert overall["gap_own"] == 2


def test_breakdowns_by_region_industry_and_type(world):
    cov = dashboard(world.tree.w)["coverage"]
    assert counts(cov.by_region) == {"上城区": (5, 3), "西湖区": (3, 2)}
    assert counts(cov.by_industry) == {"制造业": (4, 2), "信息技术": (3, 2), "未登记": (1, 1)}
    assert counts(cov.by_type) == {"非公企业": (7, 5), "社会组织": (1, 0)}


def test_narrowing_to_a_region_and_an_industry(world):
    by_city = dashboard(world.tree.w, region=world.city.pk)["coverage"]
    assert by_city.overall["total"] == 8 and counts(by_city.by_region) == {"上城区": (5, 3), "西湖区": (3, 2)}
    upper = dashboard(world.tree.w, region=world.upper.pk)
    assert upper["coverage"].overall["total"] == 5
    assert upper["members"]["total"] == 9  # A (7) and J (2) are registered in 上城区
    it = dashboard(world.tree.w, industry=world.it.pk)
    assert it["coverage"].overall["total"] == 3 and it["members"]["total"] == 3  # B only


def test_trend_is_derived_from_coverage_dates_and_dissolution(world):
    trend = dashboard(world.tree.w)["coverage"].trend
    assert [(p["day"].isoformat(), p["covered"], p["own"]) for p in trend] == [
        ("2022-12-31", 2, 2), ("2023-12-31", 2, 2), ("2024-12-31", 3, 3), ("2025-12-31", 6, 3), ("2026-06-15", 5, 2),
    ]
    assert {p["total"] for p in trend} == {8}


def test_member_structure_leaves_out_members_transferred_out_this_year(world):
    members = dashboard(world.tree.w)["members"]
    assert (members["total"], members["full"], members["probationary"]) == (12, 11, 1)
    found = {b.key: {r["value"]: r["count"] for r in b.rows if r["count"]} for b in members["breakdowns"]}
    assert found["gender"] == {"male": 8, "female": 4}
    assert found["age"] == {"-30": 3, "31-35": 1, "36-45": 5, "46-55": 1, "56-60": 1, "61-": 1}
    assert found["education"] == {"bachelor": 6, "master": 1, "college": 3, "senior": 1, "": 1}
    assert found["category"] == {"employed": 11, "retired": 1}
    assert found["ethnicity"] == {"汉族": 9, "回族": 1, "壮族": 2}


def test_committee_gaps_and_elections(world):
    data = dashboard(world.tree.w)
    gaps = data["committee_gaps"]
    assert gaps["count"] == 1 and gaps["first"][0].organization.code == "A"
    elections = data["elections"]
    assert (elections["overdue"], elections["soon"], elections["unknown"], elections["total"]) == (1, 1, 1, 3)
    assert [e["org"].code for e in elections["first"]] == ["A", "B"]


def test_meeting_completion_heat_map_per_kind_and_most_behind(world):
    life = dashboard(world.tree.w)["life"]
    rows = {r.name: r for r in life.rows}
    assert set(rows) == {"甲公司党支部", "乙公司党支部", "上城区联合党支部", "丁公司党支部（已撤销）"}
    a = rows["甲公司党支部"]
    assert [(c.required, c.met) for c in a.cells[:6]] == [(1, 1), (1, 1), (3, 3), (1, 0), (1, 1), (3, 1)]
    assert (a.ytd_required, a.ytd_met) == (7, 6)
    assert (rows["乙公司党支部"].ytd_required, rows["乙公司党支部"].ytd_met) == (17, 1)
    # D, dissolved on 1 March, owed the theme days of January and February and nothing after
    d = rows["丁公司党支部（已撤销）"]
    assert [(c.required, c.met) for c in d.cells[:6]] == [(1, 0), (1, 0), (0, 0), (0, 0), (0, 0), (0, 0)]
    assert (life.ytd_required, life.ytd_met) == (33, 7)
    kinds = {k["kind"]: (k["required"], k["met"], k["branches"]) for k in life.kinds}
    assert kinds == {"theme_day": (17, 4, 4), "general_meeting": (3, 1, 3), "lecture": (3, 1, 3),
                     "committee_meeting": (5, 1, 1), "group_meeting": (5, 0, 1)}
    assert [b["name"] for b in life.behind] == ["上城区联合党支部", "丁公司党支部（已撤销）", "乙公司党支部", "甲公司党支部"]
    assert life.behind_count == 4


def test_heat_map_for_one_kind(world):
    life = dashboard(world.tree.w, kind="theme_day")["life"]
    a = next(r for r in life.rows if r.name == "甲公司党支部")
    assert [c.met for c in a.cells[:6]] == [1, 1, 1, 0, 1, 1]
    assert (life.ytd_required, life.ytd_met) == (17, 4)


def test_development_funnel(world):
    rows = {r["stage"]: (r["reached"], r["now"]) for r in dashboard(world.tree.w)["pipeline"]}
    assert rows == {"applicant": (4, 1), "activist": (3, 1), "candidate": (1, 1), "probationary": (0, 0),
                    "full": (0, 0), "stopped": (None, 1)}


def test_another_work_committee_sees_none_of_w(world):
    data = dashboard(world.tree.x)
    assert data["coverage"].overall["total"] == 2  # 丙公司 and 庚 (managed by X)
    assert data["members"]["total"] == 4
    assert {r.name for r in data["life"].rows} == {"丙公司党支部"}
    assert [r["now"] for r in data["pipeline"]][0] == 1


def test_rules_are_data(world):
    rules = RuleSet.current()
    rules.min_full_members_for_branch = 5
    rules.save()
    overall = coverage(Focus.build(world.tree.w, TODAY), rules).overall
    assert overall["gap_own"] == 1  # only the unit with 5 full members
    assert overall["should"] == 3  # 甲 (8), the unit with 5, 辛协会 (150 employees)
