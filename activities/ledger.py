"""The yearly 台账 as xlsx, generated from the meeting records (nothing typed twice)."""

from collections import defaultdict
from datetime import date
from io import BytesIO

from django.db.models import Count, Q
from django.utils import timezone
from openpyxl import Workbook

from core.spreadsheets import safe_cell as cell
from activities.attendees import counted, sitting_in
from activities.choices import MeetingKind, MeetingStatus, Period, Presence
from activities.models import Attendance, Meeting
from activities.compliance import statuses_in
from activities.periods import window

def yearly_ledger(org, year: int) -> bytes:
    start, end = window("year", date(year, 1, 1)).aware_bounds()
    meetings = list(
        Meeting.objects.filter(organization=org, planned_at__gte=start, planned_at__lt=end)
        .select_related("party_group")
        .annotate(
            expected=Count("attendances", filter=counted("attendances__")),
            present=Count("attendances", filter=counted("attendances__") & Q(attendances__presence=Presence.PRESENT)),
            on_leave=Count("attendances", filter=counted("attendances__") & Q(attendances__presence=Presence.LEAVE)),
            absent=Count("attendances", filter=counted("attendances__") & Q(attendances__presence=Presence.ABSENT)),
            guests=Count("attendances", filter=sitting_in("attendances__")),
        )
        .order_by("planned_at")
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("会议台账")
    sheet.append([f"{org.name} {year}年组织生活台账（生成于 {timezone.localtime():%Y-%m-%d %H:%M}）"])
    sheet.append(["日期", "会议类型", "主题", "主题类别", "地点", "党小组", "主持人", "记录人", "授课人",
                  "应到", "出席", "请假", "缺席", "列席", "出席率", "状态", "决议事项"])
    for m in meetings:
        rate = f"{round(100 * m.present / m.expected)}%" if m.expected else ""
        sheet.append([cell(v) for v in [
            timezone.localtime(m.when).strftime("%Y-%m-%d %H:%M"), m.kinds_display, m.topic,
            m.get_topic_category_display(), m.place, m.party_group.name if m.party_group else "", m.host, m.recorder,
            m.lecturer, m.expected, m.present, m.on_leave, m.absent, m.guests, rate,
            m.get_status_display() + (f"（{m.cancel_reason}）" if m.cancel_reason else ""), m.resolutions,
        ]])
    _attendance_sheet(book, meetings)
    _summary_sheet(book, org, year, meetings)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _attendance_sheet(book, meetings):
    sheet = book.create_sheet("出席明细")
    sheet.append(["日期", "会议类型", "主题", "姓名", "身份", "出席情况", "请假事由"])
    by_meeting = defaultdict(list)
    rows = Attendance.objects.filter(meeting__in=[m.pk for m in meetings]).select_related("member")
    for a in rows.order_by("-expected", "member__name", "guest_name"):
        by_meeting[a.meeting_id].append(a)
    for m in meetings:
        if m.status == MeetingStatus.CANCELLED:
            continue
        for a in by_meeting[m.pk]:
            sheet.append([cell(v) for v in [
                timezone.localtime(m.when).strftime("%Y-%m-%d"), m.kinds_display, m.topic,
                a.member.name if a.member else a.guest_name, _role(a),
                a.get_presence_display(), a.leave_reason,
            ]])


def _role(attendance) -> str:
    if not attendance.expected:
        return "列席"
    return "党员" if attendance.member_id else "委员（未关联名册）"


def _summary_sheet(book, org, year, meetings):
    """Per kind and period of the year: required, held; plus the balance of topic categories."""
    sheet = book.create_sheet("完成情况")
    sheet.append(["项目", "周期", "要求次数", "已召开", "是否完成"])
    windows = {window(period, date(year, month, 1)) for period in Period.values for month in range(1, 13)}
    for status in sorted(statuses_in(org, list(windows)), key=lambda s: s.window.start):
        sheet.append([status.label, status.window.label, status.required, status.held, "是" if status.met else "否"])
    sheet.append([])
    sheet.append(["主题类别", "次数"])
    categories = defaultdict(int)
    for m in meetings:
        if m.status == MeetingStatus.HELD:
            categories[m.get_topic_category_display()] += 1
    for name, count in sorted(categories.items(), key=lambda kv: -kv[1]):
        sheet.append([name, count])
    held_kinds = defaultdict(int)
    for m in meetings:
        if m.status == MeetingStatus.HELD:
            for kind in m.kinds:
                held_kinds[MeetingKind(kind).label] += 1
    sheet.append([])
    sheet.append(["会议类型", "全年召开次数"])
    for name, count in held_kinds.items():
        sheet.append([name, count])
