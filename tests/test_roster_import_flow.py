"""What an import does to the roster: idempotent by ID number, all or nothing, within the
importing user's subtree only, with history; and which files are refused outright."""

import io
import zipfile
from datetime import date

import pytest
from django.test import override_settings

from members.importing.reader import FileError
from members.importing.service import import_roster
from members.models import Member, MemberTransfer
from tests.factories import MemberFactory, make_id_number
from tests.test_roster_import import person, xlsx

pytestmark = pytest.mark.django_db


def run(data, user, **kwargs):
    return import_roster(data, user, write=True, actor=user, **kwargs)


def test_reimporting_the_same_file_changes_nothing(tree, django_assert_max_num_queries):
    data = xlsx([person(n, 所在党组织="A" if n % 2 else "乙公司党支部") for n in range(1, 21)], titles=["名册"])
    first = run(data, tree.admin_w)
    assert (first.created, first.updated, first.unchanged) == (20, 0, 0)
    history = Member.history.count()
    assert history == Member.history.filter(history_type="+", history_user=tree.admin_w).count() == 20

    with django_assert_max_num_queries(6):  # scope, organizations, one batch of existing members: no writes
        second = run(data, tree.admin_w)

    assert (second.created, second.updated, second.unchanged, second.error_rows) == (0, 0, 20, 0)
    assert Member.history.count() == history
    assert [r["action"] for r in second.preview] == ["unchanged"] * 20


def test_a_changed_cell_updates_that_member_and_records_history(tree):
    run(xlsx([person(1), person(2)]), tree.admin_w)

    outcome = run(xlsx([person(1, 联系电话="13900000000", 工作岗位="会计"), person(2)]), tree.admin_w)

    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert outcome.preview[0]["detail"] == "联系电话、工作岗位"
    member = Member.objects.get(name="党员1")
    assert (member.phone, member.job) == ("13900000000", "会计")
    latest = member.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == ("~", tree.admin_w, "名册导入")


def test_columns_absent_from_the_file_keep_their_values(tree):
    MemberFactory(id_number=make_id_number(1), organization=tree.a, phone="13912345678", job="会计")
    header = ["姓名", "公民身份号码", "入党日期", "所在党组织"]
    outcome = run(xlsx([person(1, 入党日期=date(2010, 7, 1))], header=header), tree.admin_w)

    assert outcome.ok
    assert Member.objects.values_list("phone", "job").get() == ("13912345678", "会计")


def test_moving_a_member_within_the_subtree_records_a_transfer(tree):
    run(xlsx([person(1)]), tree.admin_w)
    outcome = run(xlsx([person(1, 所在党组织="B")]), tree.admin_w)

    assert outcome.updated == 1
    transfer = MemberTransfer.objects.get()
    assert (transfer.from_organization, transfer.to_organization, transfer.direction) == (tree.a, tree.b, "internal")


def test_one_invalid_row_writes_nothing_at_all(tree):
    rows = [person(n) for n in range(1, 8)] + [person(8, 公民身份号码="123")]
    outcome = import_roster(xlsx(rows), tree.admin_w, write=True, batch_size=3)  # two batches would be valid

    assert not outcome.written
    assert (outcome.error_rows, outcome.errors[0]["row"]) == (1, 9)
    assert Member.objects.count() == 0
    assert Member.history.count() == 0


def test_a_duplicate_id_inside_the_file_is_a_row_error(tree):
    rows = [person(1), person(2), person(1, 姓名="重复者")]
    outcome = run(xlsx(rows), tree.admin_w)
    assert [(e["row"], e["message"]) for e in outcome.errors] == [(4, "与第 2 行的公民身份号码重复。")]
    assert Member.objects.count() == 0


def test_a_lower_case_x_duplicate_is_still_a_duplicate(tree):
    number = next(make_id_number(n) for n in range(400) if make_id_number(n).endswith("X"))
    outcome = run(xlsx([person(1, 公民身份号码=number), person(2, 公民身份号码=number.lower())]), tree.admin_w)
    assert outcome.errors[0]["row"] == 3


def test_a_secretary_cannot_import_into_another_branch(tree):
    outcome = run(xlsx([person(1, 所在党组织="A"), person(2, 所在党组织="乙公司党支部"), person(3, 所在党组织="C")]),
                  tree.secretary_a)

    assert [e["row"] for e in outcome.errors] == [3, 4]
    assert "不在您可以导入的范围内" in outcome.errors[0]["message"]
    assert Member.objects.count() == 0
    assert run(xlsx([person(1, 所在党组织="A")]), tree.secretary_a).ok


def test_a_member_registered_in_another_subtree_is_a_row_error(tree):
    MemberFactory(id_number=make_id_number(1), organization=tree.c, name="临江党员")

    outcome = run(xlsx([person(1)]), tree.admin_w)

    assert outcome.errors[0]["column"] == "公民身份号码"
    assert "不在您的管理范围内" in outcome.errors[0]["message"]
    assert "丙公司" not in outcome.errors[0]["message"]  # nothing about the other subtree leaks
    assert Member.objects.get().organization == tree.c


def test_staff_without_the_change_right_can_import_nowhere(tree):
    outcome = run(xlsx([person(1)]), tree.staff_w)
    assert outcome.error_rows == 1 and Member.objects.count() == 0


def test_a_default_organization_outside_the_scope_is_refused(tree):
    with pytest.raises(FileError, match="默认党组织"):
        run(xlsx([person(1)]), tree.secretary_a, default_org=tree.b)


def test_an_archived_member_is_not_revived_by_an_import(tree):
    MemberFactory(id_number=make_id_number(1), organization=tree.a, archived_on=date(2023, 1, 1))
    outcome = run(xlsx([person(1)]), tree.admin_w)
    assert "移出名册" in outcome.errors[0]["message"]


def test_a_dry_run_reports_the_same_but_writes_nothing(tree):
    outcome = import_roster(xlsx([person(1), person(2)]), tree.admin_w, write=False)
    assert (outcome.created, outcome.written) == (2, False)
    assert Member.objects.count() == 0


def _encrypted_ole() -> bytes:
    """What Excel writes for a password-protected workbook: an OLE compound file, not a zip."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024


def _not_a_roster_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    return out.getvalue()


@pytest.mark.parametrize("data, message", [
    (_encrypted_ole(), "文件已加密或不是xlsx格式"),
    ("姓名,公民身份号码\n张三,1\n".encode(), "不是有效的 xlsx 文件"),
    (b"PK\x03\x04" + b"\x00" * 200, "文件已损坏"),
    (_not_a_roster_zip(), "文件已损坏"),
    (xlsx([["只是一张表"]], header=["甲", "乙"]), "没有找到表头"),
])
def test_files_that_are_not_readable_rosters_get_a_clear_error(tree, data, message):
    with pytest.raises(FileError, match=message):
        run(data, tree.admin_w)


def test_a_truncated_xlsx_is_reported_as_corrupt(tree):
    data = xlsx([person(1)])
    with pytest.raises(FileError, match="文件已损坏"):
        run(data[: len(data) // 2], tree.admin_w)


@override_settings(ROSTER_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_configured_size_is_refused(tree):
    with pytest.raises(FileError, match="文件过大"):
        run(xlsx([person(1)]), tree.admin_w)


def test_a_missing_organization_column_without_a_default_is_a_file_error(tree):
    with pytest.raises(FileError, match="缺少「所在党组织」列"):
        run(xlsx([["张三", make_id_number(1)]], header=["姓名", "公民身份号码"]), tree.admin_w)


def test_queries_grow_with_batches_not_rows(tree, django_assert_max_num_queries):
    rows = [person(n) for n in range(1, 61)]
    # roles, organizations, savepoint and its release; then per batch of 25: one query reads the
    # existing members, one statement writes the new members and their history rows; at the end
    # one statement marks the dashboards' figures of the touched organizations stale
    with django_assert_max_num_queries(4 + 2 * 3 + 1):
        outcome = import_roster(xlsx(rows), tree.admin_w, write=True, batch_size=25)
    assert (outcome.created, outcome.batches) == (60, 3)


@override_settings(ROSTER_IMPORT_MAX_UNZIPPED_BYTES=10_000)
def test_a_file_that_unpacks_too_large_is_refused(tree):
    with pytest.raises(FileError, match="解压后过大"):
        run(xlsx([person(n) for n in range(1, 100)]), tree.admin_w)
