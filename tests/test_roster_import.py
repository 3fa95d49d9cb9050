"""Real rosters import: title rows, merged cells, header aliases, every date format, full-width
characters, stray whitespace, blank rows, a lower-case x — and each bad cell is a row error that
names the Excel row, the column and the reason in Chinese.

The workbook builders here are shared by the other roster-import tests."""

import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import Workbook

from members.importing.service import import_roster
from members.models import Member
from tests.factories import MemberFactory, make_id_number

HEADER = ["姓名", "性别", "民族", "出生日期", "公民身份号码", "学历", "联系电话", "工作岗位", "入党日期", "转正日期",
          "党员状态", "人员类别", "所在党组织", "党小组"]


def person(n: int, **cells) -> dict:
    """A valid row (header → value) for a man born 1985-06-15 (a day later every 499 rows, to keep
    ID numbers unique), full member of branch A."""
    born = date(1985, 6, 15) + timedelta(days=n // 499)
    row = {"姓名": f"党员{n}", "性别": "男", "民族": "汉族", "出生日期": born,
           "公民身份号码": make_id_number(n, birth=born), "学历": "大学本科", "联系电话": f"1380013{n:04d}", "工作岗位": "职员",
           "入党日期": date(2010, 7, 1), "转正日期": date(2011, 7, 1), "党员状态": "正式党员", "人员类别": "在职",
           "所在党组织": "A", "党小组": None}
    row.update(cells)
    return row


def xlsx(rows, header=HEADER, titles=(), merges=(), blank_after=(), prepare=None) -> bytes:
    """An xlsx with `titles` rows above the header; `rows` are dicts by header (or lists)."""
    book = Workbook()
    sheet = book.active
    for title in titles:
        sheet.append([title])
    sheet.append(header)
    for i, row in enumerate(rows):
        sheet.append([row.get(h) for h in header] if isinstance(row, dict) else row)
        if i in blank_after:
            sheet.append([])
            sheet.append(["   ", None, "\u3000"])
    for rng in merges:
        sheet.merge_cells(rng)
    if prepare:
        prepare(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(data, user, **kwargs):
    return import_roster(data, user, write=True, **kwargs)


def messages(outcome) -> list[str]:
    return [f"{e['row']}|{e['column']}|{e['message']}" for e in outcome.errors]


pytestmark = pytest.mark.django_db


def test_title_rows_merged_title_and_header_aliases(tree):
    header = ["序号", "姓 名", "身份证号码", "入党时间", "转正时间", "所在支部", "手机号码", "文化程度"]
    rows = [[1, "王芳", make_id_number(1, female=True), "2012.07.01", "2013.07.01", "甲公司党支部", "13800138000", "大专"]]
    data = xlsx(rows, header=header, titles=["东海市两新工委党员花名册", "填报单位：甲公司　　填报日期：2024年1月"],
                merges=["A1:H1", "A2:H2"])

    outcome = run(data, tree.admin_w)

    assert outcome.ok, messages(outcome)
    member = Member.objects.get(id_number=make_id_number(1, female=True))
    assert (member.name, member.gender, member.birth_date) == ("王芳", "female", date(1985, 6, 15))
    assert (member.joined_on, member.confirmed_on, member.education) == (date(2012, 7, 1), date(2013, 7, 1), "college")
    assert member.organization == tree.a


@pytest.mark.parametrize("written", [
    date(2019, 7, 1), datetime(2019, 7, 1, 0, 0), "2019.07.01", "2019-7-1", "2019/07/01", "2019年7月1日",
    "201907", 201907, "20190701", 43647, " 2019 . 7 . 1 ", "２０１９．０７．０１", "2019.7",
])
def test_every_date_format_reads_as_the_same_day(tree, written):
    outcome = run(xlsx([person(1, 入党日期=written, 转正日期=None, 党员状态="预备")]), tree.admin_w)

    assert outcome.ok, messages(outcome)
    assert Member.objects.get().joined_on == date(2019, 7, 1)


def test_full_width_digits_spaces_stray_whitespace_and_lower_case_x(tree):
    number = next(make_id_number(n) for n in range(400) if make_id_number(n).endswith("X"))
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number[:17]) + "x"
    data = xlsx([person(1, 姓名=" 张\u3000 三 ", 公民身份号码=f"  {full_width}\u3000", 联系电话="１３８ ００１３ ８０００",
                        所在党组织="甲公司 党支部 ", 性别=" 男 ", 党员状态="正式党员\u3000", 学历=" 大学本科")])

    outcome = run(data, tree.admin_w)

    assert outcome.ok, messages(outcome)
    member = Member.objects.get()
    assert (member.name, member.id_number, member.phone) == ("张三", number, "13800138000")
    assert member.organization == tree.a


def test_a_full_width_organization_code_matches(tree):
    assert run(xlsx([person(1, 所在党组织="Ａ")]), tree.admin_w).ok
    assert Member.objects.get().organization == tree.a


def test_blank_rows_are_skipped_and_errors_name_the_excel_row(tree):
    data = xlsx([person(1), person(2), person(3, 入党日期="2019-02-30")], titles=["名册"], blank_after={0})

    outcome = run(data, tree.admin_w)

    # title row 1, header row 2, rows 3, (blank 4, whitespace-only 5), 6, 7
    assert outcome.total == 3
    assert messages(outcome) == ["7|入党日期|日期「2019-02-30」不存在。"]
    assert outcome.errors[0]["letter"] == "I"


def test_a_branch_merged_down_over_its_members(tree):
    rows = [person(1, 所在党组织="乙公司党支部"), person(2, 所在党组织=None), person(3, 所在党组织=None)]
    outcome = run(xlsx(rows, merges=["M2:M4"]), tree.admin_w)

    assert outcome.ok, messages(outcome)
    assert set(Member.objects.values_list("organization__code", flat=True)) == {"B"}
    assert Member.objects.count() == 3


def test_a_header_merged_over_two_lines(tree):
    def two_line_header(sheet):
        sheet.insert_rows(2)
        for col in range(1, len(HEADER) + 1):
            sheet.merge_cells(start_row=1, start_column=col, end_row=2, end_column=col)

    outcome = run(xlsx([person(1)], prepare=two_line_header), tree.admin_w)

    assert outcome.ok, messages(outcome)
    assert outcome.total == 1


def test_birth_date_and_gender_may_be_blank_and_come_from_the_id(tree):
    woman = make_id_number(7, birth=date(1990, 2, 3), female=True)
    outcome = run(xlsx([person(1, 性别=None, 出生日期=None, 公民身份号码=woman)]), tree.admin_w)

    assert outcome.ok, messages(outcome)
    assert Member.objects.values_list("gender", "birth_date").get() == ("female", date(1990, 2, 3))


def test_a_birth_year_and_month_agreeing_with_the_id_is_accepted(tree):
    assert run(xlsx([person(1, 出生日期="1985.06")]), tree.admin_w).ok
    assert Member.objects.get().birth_date == date(1985, 6, 15)


def test_choices_by_chinese_label_and_short_forms(tree):
    rows = [person(1, 人员类别="流动", 党员状态="正式"), person(2, 人员类别="失联党员"),
            person(3, 人员类别="离退休", 党员状态="预备党员", 转正日期=None), person(4, 人员类别=None, 党员状态=None)]
    assert run(xlsx(rows), tree.admin_w).ok
    got = dict(Member.objects.values_list("name", "category"))
    assert got == {"党员1": "floating", "党员2": "lost", "党员3": "retired", "党员4": "employed"}
    assert Member.objects.get(name="党员3").status == "probationary"


@pytest.mark.parametrize("cells, column, reason", [
    ({"公民身份号码": make_id_number(1)[:17] + "0"}, "公民身份号码", "校验位不正确"),
    ({"公民身份号码": "33010219850615"}, "公民身份号码", "应为18位"),
    ({"公民身份号码": 330102198506150031}, "公民身份号码", "存成了数字"),
    ({"公民身份号码": None}, "公民身份号码", "不能为空"),
    ({"姓名": "  "}, "姓名", "姓名不能为空"),
    ({"出生日期": date(1985, 6, 16)}, "出生日期", "出生日期与公民身份号码不一致"),
    ({"性别": "女"}, "性别", "性别与公民身份号码不一致"),
    ({"入党日期": date(1980, 1, 1), "转正日期": None}, "入党日期", "入党日期应晚于出生日期"),
    ({"入党日期": None}, "入党日期", "入党日期不能为空"),
    ({"党员状态": "预备党员"}, "转正日期", "预备党员没有转正日期"),
    ({"转正日期": date(2010, 1, 1)}, "转正日期", "转正日期应晚于入党日期"),
    ({"党员状态": "积极分子"}, "党员状态", "应为：正式党员、预备党员"),
    ({"人员类别": "退役"}, "人员类别", "不是有效的人员类别"),
    ({"联系电话": "138****0000"}, "联系电话", "掩码"),
    ({"入党日期": "去年七月"}, "入党日期", "无法识别的日期"),
    ({"党小组": "第九小组"}, "党小组", "没有名为「第九小组」的党小组"),
])
def test_each_invalid_cell_is_a_row_error_naming_the_column(tree, cells, column, reason):
    outcome = run(xlsx([person(1), person(2, **cells)]), tree.admin_w)

    assert not outcome.written and outcome.error_rows == 1
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(3, column)]
    assert reason in outcome.errors[0]["message"]
    assert Member.objects.count() == 0


def test_a_near_miss_branch_names_the_closest_and_never_matches_by_contains(tree):
    outcome = run(xlsx([person(1, 所在党组织="甲公司支部"), person(2, 所在党组织="甲公司"),
                        person(3, 所在党组织="丁公司党支部")]), tree.admin_w)

    assert outcome.error_rows == 3
    first, second, third = (e["message"] for e in outcome.errors)
    assert "未找到党组织「甲公司支部」" in first and "甲公司党支部（A）" in first
    assert "未找到党组织「甲公司」" in second
    assert "丁公司党支部" in third
    assert Member.objects.count() == 0


def test_a_name_shared_by_two_branches_asks_for_the_code(tree):
    from tests.factories import make_org

    make_org(tree.w, code="A2", name="甲公司党支部")
    outcome = run(xlsx([person(1, 所在党组织="甲公司党支部")]), tree.admin_w)
    assert "对应多个党组织" in outcome.errors[0]["message"] and "A2" in outcome.errors[0]["message"]
    assert run(xlsx([person(1, 所在党组织="A2")]), tree.admin_w).ok


def test_a_party_group_is_matched_within_the_row_branch(tree):
    from branches.models import PartyGroup

    group = PartyGroup.objects.create(branch=tree.a, name="第一党小组")
    PartyGroup.objects.create(branch=tree.b, name="第二党小组")
    outcome = run(xlsx([person(1, 党小组=" 第一党小组"), person(2, 党小组="第二党小组")]), tree.admin_w)

    assert [e["row"] for e in outcome.errors] == [3]
    assert run(xlsx([person(1, 党小组="第一党小组")]), tree.admin_w).ok
    assert Member.objects.get().party_group == group


def test_the_default_organization_fills_rows_without_one(tree):
    header = [h for h in HEADER if h != "所在党组织"]
    outcome = run(xlsx([person(1)], header=header), tree.admin_w, default_org=tree.b)
    assert outcome.ok, messages(outcome)
    assert Member.objects.get().organization == tree.b


def test_existing_members_made_by_factories_are_found_by_id(tree):
    MemberFactory(id_number=make_id_number(1), organization=tree.a, name="旧名")
    outcome = run(xlsx([person(1)]), tree.admin_w)
    assert (outcome.created, outcome.updated) == (0, 1)
    assert Member.objects.get().name == "党员1"
