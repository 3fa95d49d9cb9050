"""Who is expected at a meeting follows from its kind (docs/domain.md §3), as data: the whole branch, the
committee, the party group, or a talk's pair. Others who come sit in (列席): present, never absent,
never counted — in the meeting page, the 台账, the assessment indicator and the absence flag."""

import importlib
from datetime import date, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities import attendees
from activities.models import Attendance, Meeting, MeetingAudience
from activities.selectors import long_absent_member_ids
from assessments import indicators
from branches.models import CommitteeMember, PartyGroup
from tests.factories import MemberFactory
from tests.test_absence import months_ago

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def branch(tree):
    """Branch A: 书记 张书记 and 组织委员 李委员 on the roster and linked, 宣传委员 王委员 typed by name
    only (one 王委员 on the roster), 纪检委员 赵外聘 not on the roster at all; three ordinary members,
    two of them in 第一党小组."""
    group = PartyGroup.objects.create(branch=tree.a, name="第一党小组")
    people = {name: MemberFactory(organization=tree.a, name=name)
              for name in ("张书记", "李委员", "王委员", "党员甲", "党员乙", "党员丙")}
    for name in ("党员甲", "党员乙"):
        people[name].party_group = group
        people[name].save()
    CommitteeMember.objects.create(organization=tree.a, role="secretary", name="张书记", member=people["张书记"])
    CommitteeMember.objects.create(organization=tree.a, role="organization", name="李委员", member=people["李委员"])
    CommitteeMember.objects.create(organization=tree.a, role="propaganda", name="王委员")
    CommitteeMember.objects.create(organization=tree.a, role="discipline", name="赵外聘")
    CommitteeMember.objects.create(organization=tree.a, role="member", name="钱离任", ended_on=date(2020, 1, 1))
    return people, group


def expected_names(org, kinds, group=None, picked=()):
    meeting = Meeting(organization=org, kinds=kinds, party_group=group, planned_at=timezone.now())
    return [a.name for a in attendees.expected_attendees(meeting, picked=picked)]


def test_each_kind_expects_its_audience_and_a_combined_sitting_the_union(tree, branch):
    people, group = branch
    everyone = sorted(["张书记", "李委员", "王委员", "党员甲", "党员乙", "党员丙"])
    for kind in ("general_meeting", "lecture", "theme_day", "life_meeting", "appraisal"):
        assert expected_names(tree.a, [kind]) == everyone
    # linked seats, a seat matched by its name on the roster, and a seat by name only; not the one who left
    assert expected_names(tree.a, ["committee_meeting"]) == sorted(["张书记", "李委员", "王委员", "赵外聘"])
    assert expected_names(tree.a, ["group_meeting"], group) == ["党员乙", "党员甲"]
    assert expected_names(tree.a, ["talk"]) == []
    assert expected_names(tree.a, ["talk"], picked=[people["党员丙"].pk, people["张书记"].pk]) == ["党员丙", "张书记"]
    assert expected_names(tree.a, ["group_meeting", "committee_meeting"], group) == sorted(
        ["张书记", "李委员", "王委员", "赵外聘", "党员甲", "党员乙"])
    assert expected_names(tree.a, ["committee_meeting", "lecture"]) == everyone + ["赵外聘"]


def test_the_rule_is_data(tree, branch):
    MeetingAudience.objects.filter(kind="lecture").update(audience="committee")
    assert expected_names(tree.a, ["lecture"]) == sorted(["张书记", "李委员", "王委员", "赵外聘"])


def test_a_committee_seat_counts_until_the_day_it_ended(tree, branch):
    seat = CommitteeMember.objects.get(name="李委员")
    seat.ended_on = date(2026, 3, 10)
    seat.save()
    on = lambda day: Meeting(organization=tree.a, kinds=["committee_meeting"],  # noqa: E731
                             planned_at=datetime(day.year, day.month, day.day, 15, tzinfo=SH))
    assert "李委员" in [a.name for a in attendees.expected_attendees(on(date(2026, 3, 10)))]
    assert "李委员" not in [a.name for a in attendees.expected_attendees(on(date(2026, 3, 11)))]


def test_planning_a_committee_meeting_expects_the_committee_only(client, tree, branch):
    client.force_login(tree.secretary_a)
    client.post(reverse("activities:plan", args=[tree.a.pk]), {
        "kinds": ["committee_meeting"], "planned_at": "2026-11-28T15:00", "topic": "研究发展党员",
        "topic_category": "organization"})
    meeting = Meeting.objects.get()
    rows = {a.member.name if a.member else a.guest_name: (a.member_id is not None, a.expected, a.presence)
            for a in meeting.attendances.all()}
    assert rows == {"张书记": (True, True, "absent"), "李委员": (True, True, "absent"),
                    "王委员": (True, True, "absent"), "赵外聘": (False, True, "absent")}


def test_quick_log_of_a_committee_meeting_records_others_as_sitting_in(client, tree, branch):
    people, _ = branch
    seat = CommitteeMember.objects.get(name="赵外聘")
    client.force_login(tree.secretary_a)
    moment = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("activities:quick_log", args=[tree.a.pk]), {
        "kinds": ["committee_meeting"], "held_at": moment, "topic": "研究本月工作", "topic_category": "organization",
        f"state_{people['张书记'].pk}": "present", f"state_{people['李委员'].pk}": "present",
        f"state_{people['王委员'].pk}": "present", f"seatstate_{seat.pk}": "leave", f"seatreason_{seat.pk}": "出差",
        f"state_{people['党员甲'].pk}": "present", f"state_{people['党员乙'].pk}": ""})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    rows = {a.member.name if a.member else a.guest_name: (a.expected, a.presence) for a in meeting.attendances.all()}
    assert rows == {"张书记": (True, "present"), "李委员": (True, "present"), "王委员": (True, "present"),
                    "赵外聘": (True, "leave"), "党员甲": (False, "present")}
    text = client.get(meeting.get_absolute_url()).text
    assert "应到 4 人：出席 3，请假 1，缺席 0（出席率 75%）；列席 1 人" in text


def test_a_talk_expects_the_people_the_secretary_picks(client, tree, branch):
    people, _ = branch
    client.force_login(tree.secretary_a)
    moment = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("activities:quick_log", args=[tree.a.pk]), {
        "kinds": ["talk"], "held_at": moment, "topic": "谈心谈话", "topic_category": "organization",
        f"state_{people['张书记'].pk}": "present", f"state_{people['党员丙'].pk}": "present",
        f"state_{people['党员甲'].pk}": ""})
    rows = {a.member.name: (a.expected, a.presence) for a in Meeting.objects.get().attendances.all()}
    assert rows == {"张书记": (True, "present"), "党员丙": (True, "present")}


def held_meeting(org, kinds, day, group=None):
    moment = datetime(day.year, day.month, day.day, 15, tzinfo=SH)
    return Meeting.objects.create(organization=org, kinds=kinds, party_group=group, status="held",
                                  planned_at=moment, held_at=moment, topic="会议")


def test_counts_ledger_and_indicator_leave_sitting_in_out(client, tree, branch):
    people, _ = branch
    meeting = held_meeting(tree.a, ["committee_meeting"], date(2026, 3, 5))
    Attendance.objects.create(meeting=meeting, member=people["张书记"], presence="present")
    Attendance.objects.create(meeting=meeting, member=people["李委员"], presence="absent")
    Attendance.objects.create(meeting=meeting, member=people["党员甲"], presence="present", expected=False)
    Attendance.objects.create(meeting=meeting, guest_name="王经理", presence="present", expected=False)
    client.force_login(tree.secretary_a)
    response = client.get(reverse("activities:ledger", args=[tree.a.pk]), {"year": 2026})
    row = next(r for r in load_workbook(BytesIO(response.content))["会议台账"].values if r[0] == "2026-03-05 15:00")
    assert row[9:15] == (2, 1, 0, 1, 2, "50%")  # 应到 出席 请假 缺席 列席 出席率
    period = indicators.Period(date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1))
    assert indicators.compute("attendance", tree.a, period).value == indicators.ratio(1, 2)
    assert "应到 2 人：出席 1，请假 0，缺席 1（出席率 50%）；列席 2 人" in client.get(meeting.get_absolute_url()).text


def test_members_not_on_the_committee_are_never_flagged_for_missing_its_meetings(client, tree, branch):
    people, _ = branch
    client.force_login(tree.secretary_a)
    for back in range(6, 0, -1):
        client.post(reverse("activities:quick_log", args=[tree.a.pk]), {
            "kinds": ["committee_meeting"], "held_at": f"{months_ago(back):%Y-%m-%d}T15:00", "topic": "支委会",
            "topic_category": "organization", f"state_{people['张书记'].pk}": "present",
            f"state_{people['李委员'].pk}": "absent"})
    assert Meeting.objects.count() == 6
    ordinary = [people[n].pk for n in ("党员甲", "党员乙", "党员丙")]
    assert long_absent_member_ids(ordinary + [people["李委员"].pk]) == {people["李委员"].pk}


def test_the_repair_migration_drops_the_absences_the_old_rule_wrote(tree, branch):
    """The old rule wrote every member of the branch, absent, to every meeting."""
    people, group = branch
    day = date(2026, 3, 5)
    committee = held_meeting(tree.a, ["committee_meeting"], day)
    talk = held_meeting(tree.a, ["talk"], day)
    group_meeting = held_meeting(tree.a, ["group_meeting"], day, group)
    combined = held_meeting(tree.a, ["committee_meeting", "lecture"], day)
    for meeting in (committee, talk, group_meeting, combined):
        for person in people.values():
            Attendance.objects.create(meeting=meeting, member=person, presence="absent")
    Attendance.objects.filter(meeting=talk, member=people["党员丙"]).update(presence="present")
    Attendance.objects.filter(meeting=committee, member=people["党员乙"]).update(presence="leave", leave_reason="出差")
    Attendance.objects.create(meeting=committee, guest_name="王经理", presence="present")
    CommitteeMember.objects.create(organization=tree.a, role="member", name="党员丙", member=people["党员丙"],
                                   ended_on=day - timedelta(days=1))  # left the day before: not expected

    module = importlib.import_module("activities.migrations.0005_repair_attendance_of_unexpected")
    module.repair(apps, None)

    def left_in(meeting):
        return sorted(a.member.name if a.member else a.guest_name for a in meeting.attendances.all())

    assert left_in(committee) == sorted(["张书记", "李委员", "王委员", "党员乙", "王经理"])
    assert left_in(talk) == ["党员丙"]
    assert left_in(group_meeting) == sorted(["党员甲", "党员乙"])
    assert len(left_in(combined)) == 6
    assert not Attendance.objects.get(guest_name="王经理").expected
