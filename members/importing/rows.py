"""One roster row → the member fields it provides, or its errors (column, reason in Chinese).

`parse_row` converts each cell; `check_member` then applies Member.clean's rules to the member
as it would be after the import (existing values merged with the row's)."""

import re
from datetime import date
from dataclasses import dataclass, field

from members.importing import dates
from members.importing.headers import BY_FIELD, LABELS
from members.importing.normalize import compact, key, person_name, text
from members.models import Education, Gender, MemberCategory, MemberStatus
from members.validators import id_birth_date, id_check_char, id_gender, validate_id_number


def _choices(choices, **aliases) -> dict[str, str]:
    table = {key(label): value for value, label in choices.choices}
    for value, names in aliases.items():
        table.update({key(name): value for name in names})
    return table


GENDERS = _choices(Gender, male=("男性",), female=("女性",))
STATUSES = _choices(MemberStatus, full=("正式",), probationary=("预备",))
CATEGORIES = _choices(
    MemberCategory, employed=("在职党员", "在岗"), retired=("退休", "离休", "离退休党员", "退休党员"),
    student=("学生党员",), floating=("流动",), lost=("失联",),
)
EDUCATIONS = _choices(
    Education, primary=("小学",), senior=("高中", "中专", "中技", "技校", "职高", "高中/中专", "高中中专"),
    college=("专科", "大学专科"), bachelor=("本科", "大学"), master=("硕士", "研究生"), doctor=("博士",),
)
CHOICE_TYPES = {"gender": Gender, "status": MemberStatus, "category": MemberCategory, "education": Education}
CHOICES = {"gender": GENDERS, "status": STATUSES, "category": CATEGORIES, "education": EDUCATIONS}
MAX_LENGTHS = {"name": 50, "ethnicity": 20, "phone": 20, "job": 60}
# A blank cell clears these; for the others a blank keeps the member's value (or the default).
CLEARABLE = {"education": "", "phone": "", "job": "", "confirmed_on": None, "party_group_id": None}
FORMULA_STARTS = ("=", "+", "-", "@")
_PHONE = re.compile(r"^[0-9+()\-/ ,;、转]+$")
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


@dataclass(slots=True)
class Row:
    number: int
    values: dict = field(default_factory=dict)  # model attname → value
    errors: list = field(default_factory=list)  # (field, message)
    org: object = None
    group_raw: object = None

    def error(self, field_name: str, message: str) -> None:
        self.errors.append((field_name, message))


def parse_row(number: int, cells: tuple, columns: dict[str, int], orgs, default_org) -> Row:
    row = Row(number)
    put = row.values
    for name, index in columns.items():
        raw = cells[index] if index < len(cells) else None
        if name in ("organization", "party_group"):
            continue
        try:
            value = _convert(name, raw)
        except ValueError as exc:
            row.error(name, str(exc))
            continue
        if value in (None, ""):
            if name in CLEARABLE:
                put[name] = CLEARABLE[name]
        else:
            put[name] = value
    _check_identity(row)
    _place(row, cells, columns, orgs, default_org)
    return row


def _convert(name: str, raw):
    if name in ("birth_date", "joined_on", "confirmed_on"):
        value = dates.parse_date(raw)
        if type(value) is dates.MonthDate and name != "birth_date":
            value = date(value.year, value.month, value.day)
        return value
    if name == "id_number":
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw > 1e15:
            raise ValueError("身份证号被 Excel 存成了数字，末几位已丢失：请把该列设为文本格式后重新填写。")
        return compact(raw).upper()
    if name == "name":
        value = person_name(raw)
    elif name in CHOICES:
        value = compact(raw)
        if value and key(value) not in CHOICES[name]:
            allowed = "、".join(label for _, label in CHOICE_TYPES[name].choices)
            raise ValueError(f"「{value}」不是有效的{LABELS[name]}，应为：{allowed}。")
        return CHOICES[name].get(key(value), "")
    elif name == "phone":
        value = compact(raw)
        if "*" in value:
            raise ValueError("联系电话含有掩码（*），请填写完整号码。")
        if value and not _PHONE.match(value):
            raise ValueError(f"「{value}」不是有效的电话号码。")
    else:
        value = text(raw)
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        value = value[1:]  # undo the export's formula neutralisation (members.exporting.safe_cell)
    if len(value) > MAX_LENGTHS.get(name, 10**6):
        raise ValueError(f"不能超过{MAX_LENGTHS[name]}个字（当前{len(value)}个）。")
    return value


def _check_identity(row: Row) -> None:
    """ID number valid (GB 11643 check digit); birth date and gender agree with it or come from it."""
    values = row.values
    number = values.get("id_number", "")
    if "name" not in values and not any(f == "name" for f, _ in row.errors):
        row.error("name", "姓名不能为空。")
    if not number:
        if not any(f == "id_number" for f, _ in row.errors):
            row.error("id_number", "公民身份号码不能为空。")
        return
    if not (_ID_SHAPE.match(number) and id_birth_date(number) and id_check_char(number[:17]) == number[17]):
        try:
            validate_id_number(number)
        except Exception as exc:  # ValidationError: its message names the problem
            row.error("id_number", " ".join(getattr(exc, "messages", [str(exc)])))
        return
    born, gender = id_birth_date(number), id_gender(number)
    written = values.get("birth_date")
    if type(written) is dates.MonthDate and (written.year, written.month) == (born.year, born.month):
        values["birth_date"] = born  # 出生年月 1985.06 agrees with the ID's 1985-06-15
    if values.setdefault("birth_date", born) != born:
        row.error("birth_date", f"出生日期与公民身份号码不一致（身份证为 {born:%Y-%m-%d}）。")
    if values.setdefault("gender", gender) != gender:
        row.error("gender", f"性别与公民身份号码不一致（身份证为{Gender(gender).label}）。")


def _place(row: Row, cells, columns, orgs, default_org) -> None:
    raw = cells[columns["organization"]] if "organization" in columns and columns["organization"] < len(cells) else None
    if compact(raw):
        row.org, message = orgs.resolve(raw)
        if message:
            row.error("organization", message)
    elif default_org is not None:
        row.org = default_org
    else:
        row.error("organization", "所在党组织不能为空。")
    if row.org is not None:
        row.values["organization_id"] = row.org.pk
    if "party_group" in columns:
        raw = cells[columns["party_group"]] if columns["party_group"] < len(cells) else None
        row.values["party_group_id"] = None
        if compact(raw) and row.org is not None:
            row.values["party_group_id"], message = orgs.party_group(row.org, raw)
            if message:
                row.error("party_group", message)


def check_member(row: Row, member: dict) -> None:
    """Member.clean's rules on the member as it will be (`member`: every field after merging).
    A date whose cell already failed to parse is not judged again."""
    failed = {name for name, _ in row.errors}
    born, joined, confirmed = member.get("birth_date"), member.get("joined_on"), member.get("confirmed_on")
    if "joined_on" not in failed:
        if not joined:
            row.error("joined_on", "入党日期不能为空。")
        elif born and "birth_date" not in failed and joined <= born:
            row.error("joined_on", "入党日期应晚于出生日期。")
    if "confirmed_on" in failed:
        return
    if member.get("status") == MemberStatus.PROBATIONARY and confirmed:
        row.error("confirmed_on", "预备党员没有转正日期：请删去转正日期，或将党员状态改为正式党员。")
    elif confirmed and joined and confirmed <= joined:
        row.error("confirmed_on", "转正日期应晚于入党日期。")


def column_label(field_name: str) -> str:
    name = {"organization_id": "organization", "party_group_id": "party_group"}.get(field_name, field_name)
    return BY_FIELD[name].label if name in BY_FIELD else name
