"""Roster export to xlsx and the download template.

Only what Member.objects.restrict(user) shows, with the roster list's filters; ID numbers and
phones masked unless the user may export that member's organization (accounts.scope EXPORT);
every cell that a spreadsheet would run as a formula is neutralised; each export is logged."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.scope import EXPORT, can
from core.spreadsheets import safe_cell
from members.importing.headers import COLUMNS
from members.roster.models import Education, Gender, MemberCategory, MemberStatus, PersonalDataLog
from members.roster.resources import RosterResource
from members.roster.selectors import roster
from members.roster.services import log_personal_data


def export_roster(user, params, ip_address=None) -> tuple[bytes, int]:
    """(xlsx bytes, number of members). Logs the export in PersonalDataLog."""
    entitled: dict[str, bool] = {}

    def unmask(member) -> bool:
        path = member.organization.path
        if path not in entitled:
            entitled[path] = can(user, EXPORT, path)
        return entitled[path]

    resource = RosterResource(unmask=unmask)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("党员名册")
    sheet.append([f"党员名册（导出于 {timezone.localtime():%Y-%m-%d %H:%M}）"])
    sheet.append(resource.get_export_headers())
    count = unmasked = 0
    selection = roster(user, params)
    for member in selection.members.iterator(chunk_size=2000):
        sheet.append([safe_cell(value) for value in resource.row(member)])
        count += 1
        unmasked += unmask(member)
    out = io.BytesIO()
    book.save(out)
    log_personal_data(user=user, action=PersonalDataLog.Action.EXPORT, organization=selection.organization,
                      detail=f"导出党员名册 xlsx：{count} 人，其中 {unmasked} 人含完整身份证号和电话",
                      unmasked=bool(unmasked), count=count, ip_address=ip_address)
    return out.getvalue(), count


def template_xlsx() -> bytes:
    """The import template: canonical headers, text-formatted ID/phone columns, drop-downs for the
    choice columns, and a sheet explaining each column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "党员名册"
    sheet.append([c.label for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = 22 if column.field in ("id_number", "organization") else 13
        if column.field in ("id_number", "phone"):
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
        choices = _CHOICES.get(column.field)
        if choices:
            rule = DataValidation(type="list", formula1='"%s"' % ",".join(choices.labels), allow_blank=True)
            rule.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        notes.append([column.label, "必填" if column.field in _REQUIRED else "选填", _NOTES.get(column.field, "")])
    notes.column_dimensions["C"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_CHOICES = {"gender": Gender, "education": Education, "status": MemberStatus, "category": MemberCategory}
_REQUIRED = ("name", "id_number", "joined_on", "organization")
_NOTES = {
    "id_number": "18位，末位可为 X；请保持文本格式，以免 Excel 丢失末几位。",
    "gender": "可留空，按公民身份号码自动填写。",
    "birth_date": "可留空，按公民身份号码自动填写。",
    "joined_on": "日期可写成 2019-07-01、2019.07.01、2019/7/1、2019年7月1日 等。",
    "confirmed_on": "预备党员不填。",
    "status": "正式党员 或 预备党员；留空为正式党员。",
    "category": "在职、离退休、学生、流动党员、失联党员；留空为在职。",
    "organization": "组织代码，或党组织的完整名称（须在您的管理范围内）。",
    "party_group": "该党组织下党小组的名称，可留空。",
}
