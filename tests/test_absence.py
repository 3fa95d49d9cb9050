"""Members absent without leave for six consecutive months are flagged; attendance shows on the member page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.urls import reverse

from activities.models import Attendance, Meeting
from activities.selectors import long_absent_member_ids
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def months_ago(n: int) -> date:
    index = TODAY.year * 12 + TODAY.month - 1 - n
    return date(index // 12, index % 12 + 1, 10)


def meeting(org, day: date):
    moment = datetime(day.year, day.month, day.day, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    return Meeting.objects.create(organization=org, kinds=["theme_day"], status="held", planned_at=moment,
                                  held_at=moment, topic=f"{day.month}月主题党日")


@pytest.fixture
def history(tree):
    absent, excused, recent = (MemberFactory(organization=tree.a, name=n) for n in ("缺席者", "请假者", "新来者"))
    for back in range(6, -1, -1):  # the 10th of each of the last seven months
        m = meeting(tree.a, months_ago(back))
        Attendance.objects.create(meeting=m, member=absent, presence="absent")
        Attendance.objects.create(meeting=m, member=excused, presence="leave" if back == 3 else "absent",
                                  leave_reason="病假" if back == 3 else "")
        if back <= 2:
            Attendance.objects.create(meeting=m, member=recent, presence="absent")
    return absent, excused, recent


def test_only_members_absent_without_leave_for_six_months_are_flagged(history):
    absent, excused, recent = history
    assert long_absent_member_ids([absent.pk, excused.pk, recent.pk], TODAY) == {absent.pk}


def test_the_flag_and_the_attendance_history_show_on_the_roster_and_member_page(client, tree, history):
    absent = history[0]
    client.force_login(tree.secretary_a)
    assert "连续6个月未参加组织生活" in client.get(reverse("members:list"), {"organization": tree.a.pk}).text
    text = client.get(absent.get_absolute_url()).text
    assert f"{months_ago(1).month}月主题党日" in text and "缺席" in text
