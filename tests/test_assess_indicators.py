"""Indicator arithmetic against hand-built records: every value is computed, never typed."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.models import Attendance, Meeting
from assessments import indicator_catalog, indicators, schemes, workflow
from assessments.indicators import Period
from assessments.models import Criterion, Venue
from branches.models import CommitteeMember
from members.models import Applicant, DuesRecord
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db]

TODAY = date(2025, 9, 15)
PERIOD = Period(date(2025, 5, 1), date(2025, 12, 31), TODAY)


def at(day: date, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def held(org, day, kinds=("theme_day",), topic="主题党日"):
    return Meeting.objects.create(organization=org, kinds=list(kinds), status="held", planned_at=at(day),
                                  held_at=at(day), topic=topic)


def period():
    return Period(PERIOD.start, PERIOD.end, PERIOD.today)  # a fresh memo per computation


def test_theme_day_completion_counts_closed_months_and_the_current_one_once_met(tree):
    for day in (date(2025, 5, 10), date(2025, 7, 3), date(2025, 8, 20), date(2025, 9, 2)):
        held(tree.a, day)
    held(tree.a, date(2025, 4, 28))  # before the period: its month is not counted
    result = indicators.compute("meetings:theme_day", tree.a, period())
    # May, Jun, Jul, Aug have ended; September is met already → 4 of 5.
    assert result.value == Decimal("0.8000")
    assert "应完成 5 个周期，已完成 4 个" in result.explanation
    assert "2025年6月主题党日" in result.explanation
    assert len([link for link in result.links if "/meetings/" in link[1] and "orgs" not in link[1]]) == 4


def test_current_window_not_yet_met_is_not_counted_against_the_branch(tree):
    held(tree.a, date(2025, 5, 10), kinds=("general_meeting", "lecture", "theme_day"))
    result = indicators.compute("meetings:general_meeting", tree.a, period())
    # Q2 (Apr–Jun) has ended and was met; Q3 is still open and not yet met → 1 of 1.
    assert result.value == Decimal("1.0000")
    lecture = indicators.compute("meetings:lecture", tree.a, period())
    assert lecture.value == Decimal("1.0000")


def test_committee_meeting_without_a_committee_is_left_to_the_reviewer(tree):
    assert indicators.compute("meetings:committee_meeting", tree.a, period()).value is None
    for role in ("secretary", "organization", "propaganda"):
        CommitteeMember.objects.create(organization=tree.a, role=role, name=role)
    held(tree.a, date(2025, 6, 5), kinds=("committee_meeting",))
    result = indicators.compute("meetings:committee_meeting", tree.a, period())
    assert result.value == Decimal("0.2500")  # May, Jun, Jul, Aug ended; only June held


def test_attendance_rate_counts_members_only_within_the_period(tree):
    members = [MemberFactory(organization=tree.a) for _ in range(3)]
    first = held(tree.a, date(2025, 6, 1))
    second = held(tree.a, date(2025, 7, 1))
    outside = held(tree.a, date(2025, 3, 1))
    for m, presence in zip(members, ("present", "present", "leave")):
        Attendance.objects.create(meeting=first, member=m, presence=presence, leave_reason="出差" if presence == "leave" else "")
    for m in members:
        Attendance.objects.create(meeting=second, member=m, presence="present")
        Attendance.objects.create(meeting=outside, member=m, presence="absent")
    Attendance.objects.create(meeting=second, guest_name="列席者", presence="present", expected=False)
    result = indicators.compute("attendance", tree.a, period())
    assert result.value == Decimal("0.8333")  # 5 of 6 member attendances
    assert "应到 6 人次，出席 5 人次" in result.explanation
    assert result.links[0][1] == first.get_absolute_url()  # the weakest meeting first


def test_attendance_without_records_is_not_computed(tree):
    assert indicators.compute("attendance", tree.a, period()).value is None


def test_elections_on_time(tree):
    assert indicators.compute("elections", tree.a, period()).value is None
    tree.a.term_ends_on = date(2025, 8, 31)
    assert indicators.compute("elections", tree.a, period()).value == Decimal("0")
    tree.a.term_ends_on = date(2026, 3, 1)
    assert indicators.compute("elections", tree.a, period()).value == Decimal("1")


def test_dues_paid_counts_months_that_have_ended(tree):
    members = [MemberFactory(organization=tree.a) for _ in range(2)]
    for month in (5, 6, 7, 8, 9):
        for n, member in enumerate(members):
            paid = not (n == 1 and month in (7, 8)) and month != 9
            DuesRecord.objects.create(member=member, organization=tree.a, month=date(2025, month, 1),
                                      amount_due=Decimal("15"), amount_paid=Decimal("15") if paid else 0,
                                      paid_on=date(2025, month, 20) if paid else None)
    DuesRecord.objects.create(member=members[0], organization=tree.a, month=date(2025, 4, 1), amount_due=0)
    result = indicators.compute("dues", tree.a, period())
    assert result.value == Decimal("0.7500")  # May–Aug: 8 records, 6 paid; September is still open
    assert "应缴党费记录 8 条" in result.explanation
    assert any("2025年7月 未缴 1 人" in label for label, _ in result.links)


def _applicant(org, n, applied_on, **fields):
    return Applicant.objects.create(name=f"申请人{n}", gender="male", birth_date=date(1995, 1, 1),
                                    id_number=f"11010119950101{n:04d}", organization=org, applied_on=applied_on, **fields)


def test_pipeline_on_schedule(tree):
    assert indicators.compute("pipeline", tree.a, period()).value is None
    _applicant(tree.a, 1, date(2025, 6, 1))  # no talk within 30 days: overdue
    _applicant(tree.a, 2, date(2025, 9, 10))  # talk due in October: on schedule
    result = indicators.compute("pipeline", tree.a, period())
    assert result.value == Decimal("0.5000")
    assert "申请人1" in result.explanation and result.links[-1][0].startswith("申请人1")


def test_venue_nine_haves(tree):
    assert indicators.compute("venue", tree.a, period()).value == Decimal("0")
    Venue.objects.create(organization=tree.a, items=["activity_room", "reading_room", "flag", "rules", "av", "furniture"])
    result = indicators.compute("venue", tree.a, period())
    assert result.value == Decimal("0.6667")
    assert "缺：职工说事室、党组织网络图、党员群像图" in result.explanation
    assert indicators.compute("venue:flag", tree.a, period()).value == 1
    assert indicators.compute("venue:portraits", tree.a, period()).value == 0


def test_every_shipped_indicator_code_is_in_the_catalog(db):
    schemes.ensure_default_schemes()
    codes = set(Criterion.objects.exclude(indicator="").values_list("indicator", flat=True))
    assert codes and codes <= set(indicator_catalog.CATALOG)


def test_every_indicator_in_the_catalog_is_computed_from_the_records(tree):
    for code, indicator in indicator_catalog.CATALOG.items():
        result = indicators.compute(code, tree.a, period())
        assert result.explanation, code
        assert result.value is None or 0 <= result.value <= 1, code
        assert indicator.explanation, code
    unknown = indicators.compute("typed_by_hand", tree.a, period())
    assert unknown.value is None and "未知的指标" in unknown.explanation


def test_computed_item_takes_points_from_the_records_and_refuses_typed_scores(tree, campaign):
    participation = campaign.participations.get(branch=tree.a)
    for day in (date(2025, 5, 10), date(2025, 6, 10), date(2025, 7, 10), date(2025, 8, 10)):
        held(tree.a, day)
    workflow.refresh_indicators(participation=participation, today=TODAY)
    item = participation.items.get(criterion__indicator="meetings:theme_day")
    assert item.computed and item.auto_value == Decimal("1.0000") and item.auto_points == Decimal("10.00")
    with pytest.raises(ValidationError):
        workflow.save_self_scores(participation=participation, user=tree.secretary_a, scores={item.pk: ("3", "")})
    participation.refresh_from_db()
    assert participation.self_total == Decimal("10.00")


@pytest.fixture
def campaign(tree):
    from tests.test_assess_workflow import build_campaign

    return build_campaign(tree)
