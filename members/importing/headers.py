"""The roster's columns: canonical Chinese headers, the aliases real rosters use, and finding
the header row under any number of title rows."""

import re
from dataclasses import dataclass

from members.importing.normalize import compact


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = (
    Column("name", "姓名", ("党员姓名", "名字"), required=True),
    Column("gender", "性别"),
    Column("ethnicity", "民族"),
    Column("birth_date", "出生日期", ("出生年月", "出生年月日", "出生时间", "生日")),
    Column("id_number", "公民身份号码",
           ("身份证号", "身份证号码", "身份证", "公民身份证号码", "公民身份证号", "身份证件号码", "证件号码"),
           required=True),
    Column("education", "学历", ("文化程度", "最高学历", "全日制学历")),
    Column("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码")),
    Column("job", "工作岗位", ("岗位", "职务", "职业", "工作单位及职务", "现任职务")),
    Column("joined_on", "入党日期", ("入党时间", "入党年月", "加入党组织日期")),
    Column("confirmed_on", "转正日期", ("转正时间", "转正年月")),
    Column("status", "党员状态", ("党籍状态", "党员类型", "正式/预备")),
    Column("category", "人员类别", ("党员类别", "人员分类", "类别")),
    Column("organization", "所在党组织",
           ("所在支部", "所在党支部", "所属党组织", "所属支部", "党组织", "党支部", "支部", "党组织名称",
            "所在党组织名称", "党组织代码", "组织代码")),
    Column("party_group", "党小组", ("所在党小组", "所属党小组")),
)
BY_FIELD = {c.field: c for c in COLUMNS}
LABELS = {c.field: c.label for c in COLUMNS}

_HINT = re.compile(r"[(\[（【].*?[)\]）】]")


def header_key(value) -> str:
    """'* 身份证号码（18位）' → '身份证号码'."""
    return _HINT.sub("", compact(value)).strip("*※:：")


_ALIASES = {header_key(name): c.field for c in COLUMNS for name in (c.label, *c.aliases)}

# How far down a header row is looked for (title rows, notes, a blank line or two).
HEADER_SEARCH_ROWS = 30


class HeaderError(ValueError):
    pass


def match_header(row) -> dict[str, int]:
    """Map field → column index for the cells of `row` that are known headers."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        field = _ALIASES.get(header_key(cell)) if cell is not None else None
        if field and field not in found:
            found[field] = index
    return found


def is_header_row(found: dict[str, int]) -> bool:
    return "name" in found and "id_number" in found


def looks_like_header(row, columns: dict[str, int]) -> bool:
    """A second header line (a header merged over two rows repeats its text below)."""
    hits = sum(1 for field, i in columns.items() if i < len(row) and _ALIASES.get(header_key(row[i])) == field)
    return hits >= 2


def check_columns(columns: dict[str, int], has_default_org: bool) -> None:
    if "organization" not in columns and not has_default_org:
        raise HeaderError("缺少「所在党组织」列：请填写该列，或在导入时选择默认党组织。")
