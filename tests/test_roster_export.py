"""Roster export to xlsx: only what the user may see, with the roster list's filter; ID numbers
and phones masked unless the user may export (staff/admin); formula cells neutralised; logged."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheets import safe_cell
from members.models import PersonalDataLog
from tests.factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tree):
    return [
        MemberFactory(name="张三", organization=tree.a, id_number=make_id_number(1), phone="13800138000"),
        MemberFactory(name="=HYPERLINK(\"http://x\",\"点我\")", organization=tree.a, job="+1+1", phone="",
                      id_number=make_id_number(2)),
        MemberFactory(name="李四", organization=tree.b, id_number=make_id_number(3), job="@SUM(A1)"),
        MemberFactory(name="王五", organization=tree.c, id_number=make_id_number(4)),
    ]


def export(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("members:export"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    return [dict(zip(header, row)) for row in rows[2:]], sheet


def test_staff_export_their_subtree_unmasked_and_it_is_logged(client, tree, members):
    rows, _ = export(client, tree.staff_w)

    assert {r["姓名"] for r in rows} >= {"张三", "李四"} and "王五" not in {r["姓名"] for r in rows}
    zhang = next(r for r in rows if r["姓名"] == "张三")
    assert (zhang["公民身份号码"], zhang["联系电话"]) == (make_id_number(1), "13800138000")
    assert (zhang["性别"], zhang["党员状态"], zhang["人员类别"], zhang["所在党组织"]) == ("男", "正式党员", "在职", "甲公司党支部")
    log = PersonalDataLog.objects.get()
    assert (log.user, log.action, log.unmasked, log.record_count) == (tree.staff_w, "export", True, 3)


def test_a_secretary_gets_their_branch_masked(client, tree, members):
    rows, _ = export(client, tree.secretary_a)

    assert len(rows) == 2
    zhang = next(r for r in rows if r["姓名"] == "张三")
    assert zhang["公民身份号码"] == "*" * 14 + make_id_number(1)[-4:]
    assert zhang["联系电话"] == "*******8000"
    log = PersonalDataLog.objects.get()
    assert (log.user, log.unmasked, log.record_count) == (tree.secretary_a, False, 2)


def test_the_organization_filter_of_the_roster_list_applies(client, tree, members):
    rows, _ = export(client, tree.staff_w, organization=tree.b.pk)
    assert [r["姓名"] for r in rows] == ["李四"]
    assert PersonalDataLog.objects.get().organization == tree.b

    assert client.get(reverse("members:export"), {"organization": tree.c.pk}).status_code == 404  # as on the roster


def test_cells_that_would_run_as_formulas_are_plain_text(client, tree, members):
    rows, sheet = export(client, tree.admin_w)

    names = [r["姓名"] for r in rows]
    assert "'=HYPERLINK(\"http://x\",\"点我\")" in names
    assert {r["工作岗位"] for r in rows} >= {"'+1+1", "'@SUM(A1)"}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_dates_are_real_excel_dates(client, tree, members):
    rows, _ = export(client, tree.staff_w)
    assert rows[0]["入党日期"].year == 2010


@pytest.mark.parametrize("value, safe", [
    ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-2", "'-2"), ("@A1", "'@A1"), ("\t=1", "'\t=1"),
    ("张三", "张三"), ("", ""), (None, None), (-2, -2),
])
def test_safe_cell(value, safe):
    assert safe_cell(value) == safe


def test_an_unmasked_export_reimports_unchanged_formula_guards_included(client, tree, members):
    from members.importing.service import import_roster

    client.force_login(tree.admin_w)
    data = client.get(reverse("members:export")).content

    outcome = import_roster(data, tree.admin_w, write=True)
    assert (outcome.unchanged, outcome.error_rows) == (3, 0), outcome.errors


def test_export_from_a_committee_takes_its_subtree_and_the_list_filters(client, tree):
    """The roster's 导出 Excel link carries the list's query: the file holds what the page lists."""
    MemberFactory(organization=tree.a, name="正式甲")
    MemberFactory(organization=tree.b, name="正式乙")
    MemberFactory(organization=tree.b, name="预备丙", status="probationary", confirmed_on=None)
    MemberFactory(organization=tree.c, name="他委丁")
    client.force_login(tree.staff_w)
    names = lambda response: {row[0] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)}  # noqa: E731
    everyone = names(client.get(reverse("members:export"), {"organization": tree.w.pk}))
    assert {"正式甲", "正式乙", "预备丙"} <= everyone and "他委丁" not in everyone
    full_only = names(client.get(reverse("members:export"), {"organization": tree.w.pk, "status": "full"}))
    assert {"正式甲", "正式乙"} <= full_only and "预备丙" not in full_only


def test_export_of_an_organization_outside_scope_or_malformed_is_404(client, tree):
    client.force_login(tree.staff_w)
    for value in (tree.c.pk, "abc", "99999999999999999999"):
        assert client.get(reverse("members:export"), {"organization": value}).status_code == 404
