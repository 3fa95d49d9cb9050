"""The yearly 台账 and the calendar feed are generated from the records."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from activities.models import Attendance, CalendarFeed, Meeting
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def records(tree):
    zhang = MemberFactory(organization=tree.a, name="张一")
    li = MemberFactory(organization=tree.a, name="李二")
    when = datetime(2026, 3, 5, 15, tzinfo=SH)
    held = Meeting.objects.create(organization=tree.a, kinds=["general_meeting", "lecture"], status="held",
                                  planned_at=when, held_at=when, topic="=HYPERLINK(\"x\")", place="会议室")
    Attendance.objects.create(meeting=held, member=zhang, presence="present")
    Attendance.objects.create(meeting=held, member=li, presence="leave", leave_reason="出差")
    Attendance.objects.create(meeting=held, guest_name="王经理", presence="present", expected=False)
    Meeting.objects.create(organization=tree.a, kinds=["theme_day"], status="planned",
                           planned_at=datetime(2026, 12, 1, 9, tzinfo=SH), topic="参观")
    Meeting.objects.create(organization=tree.b, kinds=["theme_day"], status="held", topic="乙的会",
                           planned_at=when, held_at=when)
    return held


def download(client, user, org, year=2026):
    client.force_login(user)
    response = client.get(reverse("activities:ledger", args=[org.pk]), {"year": year})
    return response, load_workbook(BytesIO(response.content))


def test_ledger_lists_meetings_attendance_and_completion(client, tree, records):
    response, book = download(client, tree.secretary_a, tree.a)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(book["会议台账"].values)
    meeting_row = next(r for r in rows if r[0] == "2026-03-05 15:00")
    assert meeting_row[1] == "支部党员大会、党课"
    assert meeting_row[2].startswith("'=")  # formula neutralised
    assert meeting_row[9:15] == (2, 1, 1, 0, 1, "50%")
    assert not any(r[2] == "乙的会" for r in rows)
    details = list(book["出席明细"].values)
    assert ("2026-03-05", "支部党员大会、党课", "'=HYPERLINK(\"x\")", "李二", "党员", "请假", "出差") in details
    assert any(r[3] == "王经理" and r[4] == "列席" for r in details)
    summary = list(book["完成情况"].values)
    assert ("党课", "2026年第1季度", 1, 1, "是") in summary
    assert ("支部党员大会", "2026年第2季度", 1, 0, "否") in summary


def test_ledger_is_scoped(client, tree, records):
    client.force_login(tree.secretary_b)
    assert client.get(reverse("activities:ledger", args=[tree.a.pk])).status_code == 404


def test_calendar_feed_by_secret_token(client, tree, records):
    client.force_login(tree.secretary_a)
    client.get(reverse("activities:list", args=[tree.a.pk]))
    feed = CalendarFeed.objects.get(organization=tree.a)
    client.logout()
    response = client.get(reverse("activities:calendar_feed", args=[feed.token]))
    assert response["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    summaries = {str(e["summary"]) for e in events}
    assert "主题党日：参观" in summaries and not any("乙的会" in s for s in summaries)
    assert client.get(reverse("activities:calendar_feed", args=["not-a-token"])).status_code == 404


def test_resetting_the_token_retires_the_old_address(client, tree, records):
    feed = CalendarFeed.objects.create(organization=tree.a)
    client.force_login(tree.secretary_a)
    client.post(reverse("activities:calendar_reset", args=[tree.a.pk]))
    assert client.get(reverse("activities:calendar_feed", args=[feed.token])).status_code == 404
    client.force_login(tree.staff_w)
    assert client.post(reverse("activities:calendar_reset", args=[tree.a.pk])).status_code == 403
