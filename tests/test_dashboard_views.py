"""The dashboard pages: access and scope, numbers that link to lists of exactly that many rows,
xlsx export, a query count that does not grow with the data, figures that follow the records."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Meeting
from branches.choices import FoundingMode, OrgKind
from branches.models import UnitCoverage
from members.models import Applicant, Member, PersonalDataLog
from tests.factories import HostUnitFactory, MemberFactory, make_id_number, make_org
from tests.test_dashboard_world import at, world  # noqa: F401
from tests.test_permission_matrix import assert_no_inline_script

pytestmark = pytest.mark.django_db


def org_url(org, **query):
    return reverse("dashboards:org", args=[org.pk]), query


def get(client, org, **query):
    response = client.get(reverse("dashboards:org", args=[org.pk]), query)
    assert response.status_code == 200
    return response


def list_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_index_opens_the_only_scope_root_or_lists_them(client, tree):
    client.force_login(tree.staff_w)
    assert client.get(reverse("dashboards:index")).url == reverse("dashboards:org", args=[tree.w.pk])
    client.force_login(tree.superuser)
    text = client.get(reverse("dashboards:index")).text
    assert "东海市两新工委" in text and "临江市两新工委" in text


def test_staff_of_another_work_committee_get_404_everywhere(client, world):
    client.force_login(world.tree.staff_x)
    w = world.tree.w
    assert client.get(reverse("dashboards:org", args=[w.pk])).status_code == 404
    assert client.get(reverse("dashboards:list", args=[w.pk, "units"]), {"metric": "total"}).status_code == 404
    assert client.get(reverse("dashboards:export", args=[w.pk, "units"]), {"metric": "total"}).status_code == 404
    assert client.get(reverse("dashboards:org", args=[world.tree.a.pk])).status_code == 404
    text = get(client, world.tree.x).text
    assert "甲公司" not in text and "乙公司党支部" not in text


def test_a_secretary_sees_the_branch_dashboard_but_may_not_export(client, world):
    client.force_login(world.tree.secretary_a)
    response = get(client, world.tree.a)
    assert response.context["can_export"] is False
    assert "导出 Excel" not in client.get(reverse("dashboards:list", args=[world.tree.a.pk, "members"])).text
    assert client.get(reverse("dashboards:export", args=[world.tree.a.pk, "members"])).status_code == 403


ROLES = ["anon", "secretary_a", "secretary_b", "staff_w", "staff_x", "admin_w", "superuser"]
MATRIX = {  # the rows tests/test_permission_matrix.py wants for these URLs
    "dashboards:index": ({}, [302, 302, 302, 302, 302, 302, 200]),
    "dashboards:org": ({"name": None}, [302, 200, 404, 200, 404, 200, 200]),
    "dashboards:list": ({"name": "units"}, [302, 200, 404, 200, 404, 200, 200]),
    "dashboards:export": ({"name": "members"}, [302, 403, 404, 200, 404, 200, 200]),
}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(client, tree, url_name):
    kwargs, expected = MATRIX[url_name]
    if kwargs:
        kwargs = {"org_pk": tree.a.pk, **({"name": kwargs["name"]} if kwargs["name"] else {})}
    got = []
    for role in ROLES:
        client.logout()
        if role != "anon":
            client.force_login(getattr(tree, role))
        response = client.get(reverse(url_name, kwargs=kwargs))
        got.append(response.status_code)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert_no_inline_script(url_name, response.content.decode())
    assert dict(zip(ROLES, got)) == dict(zip(ROLES, expected))


def test_page_shows_rates_with_counts_and_their_denominator(client, world):
    client.force_login(world.tree.staff_w)
    response = get(client, world.tree.w)
    text = response.text
    assert_no_inline_script("dashboards:org", text)
    assert "组织覆盖率" in text and "62.5%" in text and "分母：本系统登记的存续单位" in text
    assert "/static/vendor/echarts/echarts.min.js" in text and 'id="dashboard-charts"' in text
    assert "cdn" not in text.lower()
    assert {c["id"] for c in response.context["charts"]} >= {"chart-region", "chart-trend", "chart-heat", "chart-funnel"}


def test_every_number_links_to_a_list_of_that_many_rows(client, world):
    client.force_login(world.tree.staff_w)
    ctx = get(client, world.tree.w).context
    checks = [(r["numerator"], r["numerator_url"]) for r in ctx["overall"]]
    checks += [(r["denominator"], r["denominator_url"]) for r in ctx["overall"]]
    for section in ctx["sections"]:
        for row in section["rows"]:
            if row["total_url"]:
                checks.append((row["total"], row["total_url"]))
                checks += [(r["numerator"], r["numerator_url"]) for r in row["rates"]]
    checks += [(g["count"], g["url"]) for g in ctx["gaps"]]
    checks += [(c["count"], c["url"]) for c in ctx["elections"]["cards"]]
    checks += [(ctx["members"]["total"], ctx["member_urls"]["all"]), (ctx["members"]["full"], ctx["member_urls"]["full"])]
    checks += [(r["count"], r["url"]) for b in ctx["member_breakdowns"] for r in b["rows"]]
    checks += [(r["reached"], r["reached_url"]) for r in ctx["funnel"]["rows"] if r["reached"] is not None]
    checks += [(r["now"], r["now_url"]) for r in ctx["funnel"]["rows"]]
    checks += [(ctx["behind"]["count"], ctx["behind"]["url"])]
    assert len(checks) > 60
    for number, url in checks:
        assert list_count(client, url) == number, url


def test_drill_down_into_a_region_keeps_the_narrowing_in_every_link(client, world):
    client.force_login(world.tree.staff_w)
    region_row = next(r for r in get(client, world.tree.w).context["sections"][0]["rows"] if r["label"] == "上城区")
    response = client.get(region_row["url"])
    assert response.context["overall"][0]["denominator"] == 5
    assert f"region={world.upper.pk}" in response.context["total_url"]
    assert "行政区划：上城区" in response.text


def test_heat_map_cells_link_to_the_branches_of_that_month(client, world):
    client.force_login(world.tree.staff_w)
    heat = get(client, world.tree.w).context["heat"]
    for row in heat["rows"]:
        for cell in row["cells"]:
            response = client.get(cell["url"])
            assert response.status_code == 200
            rows = response.context["rows"]
            assert sum(r[1].text for r in rows) == cell["required"]
            assert sum(r[2].text for r in rows) == cell["met"]


def test_export_is_xlsx_with_formulas_neutralised(client, world):
    client.force_login(world.tree.staff_w)
    response = client.get(reverse("dashboards:export", args=[world.tree.w.pk, "units"]), {"metric": "gap_members"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "单位名称"
    names = sorted(r[0] for r in rows[3:])
    assert names == sorted(["丁公司", "'=HYPERLINK(\"http://evil\")"])


def test_member_export_is_logged_without_personal_data(client, world):
    client.force_login(world.tree.staff_w)
    response = client.get(reverse("dashboards:export", args=[world.tree.w.pk, "members"]), {"dim": "gender", "value": "female"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))[3:]
    assert len(rows) == 4 and all(len(str(v)) < 18 for r in rows for v in r if v)  # no ID numbers
    log = PersonalDataLog.objects.get()
    assert log.record_count == 4 and not log.unmasked and log.user == world.tree.staff_w


def test_bad_list_parameters_are_404(client, world):
    client.force_login(world.tree.staff_w)
    w = world.tree.w
    assert client.get(reverse("dashboards:list", args=[w.pk, "nothing"])).status_code == 404
    assert client.get(reverse("dashboards:list", args=[w.pk, "units"]), {"metric": "bogus"}).status_code == 404
    assert client.get(reverse("dashboards:org", args=[w.pk]), {"region": "999999"}).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def _grow(world, branches=25):
    """Many more branches, units, members, meetings and applicants under W."""
    w = world.tree.w
    for n in range(branches):
        org = make_org(w, kind=OrgKind.BRANCH, founding_mode=FoundingMode.SINGLE, region=world.west, industry=world.it,
                       founded_on=date(2020, 1, 1))
        for u in range(2):
            unit = HostUnitFactory(managed_by=w, region=world.west, party_member_count=4, full_member_count=3)
            UnitCoverage.objects.create(unit=unit, organization=org)
        for m in range(4):
            MemberFactory(organization=org, gender="female" if m % 2 else "male")
        Meeting.objects.create(organization=org, kinds=["theme_day"], status="held", planned_at=at(date(2026, 3, 3)),
                               held_at=at(date(2026, 3, 3)), topic="学习")
        Applicant.objects.create(name=f"新申请人{n}", gender="male", birth_date=date(2001, 1, 1), organization=org,
                                 id_number=make_id_number(3000 + n, date(2001, 1, 1)), applied_on=date(2026, 2, 1))


def test_query_count_is_the_same_for_more_data(client, world):
    client.force_login(world.tree.staff_w)
    url = reverse("dashboards:org", args=[world.tree.w.pk])
    small = (_queries(client, url), _queries(client, url))  # figures computed, then read as they are
    _grow(world)
    big = (_queries(client, url), _queries(client, url))
    assert small == big
    assert get(client, world.tree.w).context["members"]["total"] == 12 + 25 * 4


def test_figures_follow_records_saved_through_the_orm(client, world):
    client.force_login(world.tree.staff_w)
    assert get(client, world.tree.w).context["members"]["total"] == 12
    MemberFactory(organization=world.tree.b)
    assert get(client, world.tree.w).context["members"]["total"] == 13
    member = Member.objects.filter(organization=world.tree.a).first()
    member.archived_on = date(2026, 6, 1)
    member.save()
    assert get(client, world.tree.w).context["members"]["total"] == 12
