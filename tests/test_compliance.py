"""Compliance arithmetic: required, held, planned and missing per kind and period (Asia/Shanghai)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from activities.choices import MeetingKind as K
from activities.compliance import compliance, due_items, requirements_for
from activities.models import Meeting, Requirement
from activities.periods import window
from branches.models import CommitteeMember, PartyGroup

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def held(org, kinds, moment, group=None):
    return Meeting.objects.create(organization=org, kinds=kinds, status="held", planned_at=moment, held_at=moment,
                                  topic="学习", party_group=group)


def planned(org, kinds, moment):
    return Meeting.objects.create(organization=org, kinds=kinds, status="planned", planned_at=moment, topic="计划")


def status(org, day, kind, group=None):
    return next(s for s in compliance(org, day) if s.kind == kind and (group is None or s.group == group))


@pytest.fixture
def branch(tree):
    for role in ("secretary", "organization", "propaganda"):
        CommitteeMember.objects.create(organization=tree.a, role=role, name="委员")
    return tree.a


def test_windows_follow_calendar_months_quarters_and_years():
    assert window("month", date(2024, 2, 10)).end == date(2024, 2, 29)
    assert window("quarter", date(2026, 11, 25)).start == date(2026, 10, 1)
    assert window("quarter", date(2026, 11, 25)).end == date(2026, 12, 31)
    assert window("year", date(2026, 6, 1)).label == "2026年"
    assert window("quarter", date(2026, 1, 1)).previous().label == "2025年第4季度"


def test_a_meeting_at_half_past_midnight_local_time_counts_in_the_local_month(branch):
    held(branch, [K.COMMITTEE_MEETING], at(2026, 12, 1, 0, 30))  # 2026-11-30 16:30 UTC
    assert status(branch, date(2026, 11, 15), K.COMMITTEE_MEETING).held == 0
    assert status(branch, date(2026, 12, 15), K.COMMITTEE_MEETING).held == 1


def test_a_meeting_late_on_the_last_evening_of_a_quarter_counts_in_that_quarter(branch):
    held(branch, [K.GENERAL_MEETING], at(2026, 9, 30, 23, 50))  # already October in UTC? no: 15:50 UTC
    held(branch, [K.LECTURE], at(2026, 10, 1, 7, 0))  # 2026-09-30 23:00 UTC, but October locally
    assert status(branch, date(2026, 9, 1), K.GENERAL_MEETING).held == 1
    assert status(branch, date(2026, 9, 1), K.LECTURE).held == 0
    assert status(branch, date(2026, 10, 1), K.LECTURE).held == 1


def test_yearly_requirements_span_the_whole_year(branch):
    held(branch, [K.LIFE_MEETING], at(2026, 1, 10))
    assert status(branch, date(2026, 12, 31), K.LIFE_MEETING).met
    assert not status(branch, date(2027, 1, 1), K.LIFE_MEETING).met


def test_one_combined_sitting_counts_once_for_each_of_its_kinds(branch):
    held(branch, [K.GENERAL_MEETING, K.LECTURE, K.THEME_DAY], at(2026, 11, 5))
    day = date(2026, 11, 25)
    assert status(branch, day, K.GENERAL_MEETING).held == 1
    assert status(branch, day, K.LECTURE).held == 1
    assert status(branch, day, K.THEME_DAY).held == 1
    assert status(branch, day, K.COMMITTEE_MEETING).held == 0


def test_party_group_meetings_count_per_group(branch):
    one = PartyGroup.objects.create(branch=branch, name="第一党小组")
    two = PartyGroup.objects.create(branch=branch, name="第二党小组")
    held(branch, [K.GROUP_MEETING], at(2026, 11, 3), group=one)
    held(branch, [K.GROUP_MEETING], at(2026, 11, 4), group=one)
    day = date(2026, 11, 25)
    assert status(branch, day, K.GROUP_MEETING, one).held == 2
    assert status(branch, day, K.GROUP_MEETING, two).held == 0
    assert status(branch, day, K.GROUP_MEETING, two).missing == 1


def test_no_groups_means_no_group_requirement_and_no_committee_means_no_committee_meeting(tree):
    kinds = {s.kind for s in compliance(tree.b, date(2026, 11, 25))}
    assert K.GROUP_MEETING not in kinds and K.COMMITTEE_MEETING not in kinds
    assert K.GENERAL_MEETING in kinds


def test_planned_meetings_reduce_what_is_missing_but_are_not_held(branch):
    planned(branch, [K.THEME_DAY], at(2026, 11, 28))
    s = status(branch, date(2026, 11, 25), K.THEME_DAY)
    assert (s.required, s.held, s.planned, s.missing, s.met) == (1, 0, 1, 0, False)


def test_cancelled_meetings_do_not_count(branch):
    Meeting.objects.create(organization=branch, kinds=[K.THEME_DAY], status="cancelled", cancel_reason="台风",
                           planned_at=at(2026, 11, 10), topic="x")
    assert status(branch, date(2026, 11, 25), K.THEME_DAY).planned == 0


def test_organization_override_beats_kind_override_beats_default(branch):
    Requirement.objects.create(kind=K.LECTURE, period="month", times=1, org_kind="branch")
    assert {r.kind: r.period for r in requirements_for(branch)}[K.LECTURE] == "month"
    Requirement.objects.create(kind=K.LECTURE, period="year", times=2, organization=branch)
    rule = {r.kind: r for r in requirements_for(branch)}[K.LECTURE]
    assert (rule.period, rule.times) == ("year", 2)


def test_a_requirement_switched_off_for_one_organization(branch):
    Requirement.objects.create(kind=K.TALK, period="year", organization=branch, active=False)
    assert K.TALK not in {r.kind for r in requirements_for(branch)}


def test_due_list_names_this_months_gap_and_last_quarters_miss(branch):
    held(branch, [K.LECTURE], at(2026, 8, 1))  # Q3 lecture held; Q3 general meeting not
    texts = [d.text for d in due_items(branch, date(2026, 11, 25))]
    assert "本月支部委员会会议未召开（2026年11月，还剩 5 天）" in texts
    assert "2026年第3季度支部党员大会未召开，已逾期" in texts
    assert not any("2026年第3季度党课" in t for t in texts)


def test_due_list_says_planned_when_a_meeting_is_planned(branch):
    planned(branch, [K.COMMITTEE_MEETING], at(2026, 11, 28))
    texts = [d.text for d in due_items(branch, date(2026, 11, 25))]
    assert "本月支部委员会会议已计划，尚未召开" in texts


def test_the_secretary_lectures_at_least_once_a_year(branch):
    held(branch, [K.LECTURE], at(2026, 3, 5))  # a 党课 by someone else
    secretary = next(s for s in compliance(branch, date(2026, 11, 25)) if s.by_secretary)
    assert (secretary.label, secretary.window.label, secretary.held, secretary.met) == ("书记讲党课", "2026年", 0, False)
    lecture = Meeting.objects.create(organization=branch, kinds=[K.LECTURE], status="held", topic="书记讲党课",
                                     planned_at=at(2026, 6, 1), held_at=at(2026, 6, 1), lecturer_is_secretary=True)
    assert next(s for s in compliance(branch, date(2026, 11, 25)) if s.by_secretary).met
    texts = [d.text for d in due_items(branch, date(2027, 1, 10))]
    assert not any("2026年书记讲党课" in t for t in texts)
    lecture.delete()
    texts = [d.text for d in due_items(branch, date(2027, 1, 10))]
    assert "2026年书记讲党课未召开，已逾期" in texts
    assert sum("2026年第4季度党课" in t for t in texts) == 1  # the quarterly miss is listed once, not twice
