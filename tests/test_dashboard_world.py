"""A hand-countable world for the dashboard tests, on top of the `tree` fixture (工委 W with branches A
and B; 工委 X with branch C). The expected figures are worked out in the docstrings of
tests/test_dashboard.py. Report day: TODAY (mid-June, so Jan–May are over and June is running)."""

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from activities.models import Meeting
from branches.choices import FoundingMode, OrgKind, OrgStatus, UnitType
from branches.models import (
    CommitteeMember, Industry, Instructor, Organization, PartyGroup, Region, RuleSet, UnitCoverage,
)
from members.models import Applicant
from tests.factories import HostUnitFactory, MemberFactory, make_id_number, make_org

TODAY = date(2026, 6, 15)


@dataclass
class World:
    tree: object
    j: Organization  # joint branch
    d: Organization  # dissolved branch
    upper: Region  # 上城区
    west: Region  # 西湖区
    city: Region
    making: Industry
    it: Industry


def at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def held(org, day, *kinds, group=None, status="held"):
    return Meeting.objects.create(
        organization=org, party_group=group, kinds=list(kinds), status=status, planned_at=at(day),
        held_at=at(day) if status == "held" else None, topic="学习", cancel_reason="改期" if status == "cancelled" else "",
    )


def build_world(tree) -> World:
    RuleSet.current()  # the rules row a deployment has
    province = Region.objects.create(code="330000", name="浙江省")
    city = Region.objects.create(code="330100", name="杭州市", parent=province)
    upper = Region.objects.create(code="330102", name="上城区", parent=city)
    west = Region.objects.create(code="330106", name="西湖区", parent=city)
    making = Industry.objects.create(code="C", name="制造业")
    it = Industry.objects.create(code="I", name="信息技术")
    w, a, b, x = tree.w, tree.a, tree.b, tree.x

    Organization.objects.filter(pk=a.pk).update(founded_on=date(2019, 5, 1), term_ends_on=date(2026, 5, 1),
                                                region=upper, industry=making)
    Organization.objects.filter(pk=b.pk).update(founded_on=date(2024, 7, 1), term_ends_on=date(2026, 8, 1),
                                                region=west, industry=it)
    j = make_org(w, code="J", name="上城区联合党支部", kind=OrgKind.JOINT_BRANCH, founding_mode=FoundingMode.JOINT,
                 founded_on=date(2025, 3, 1), region=upper)
    d = make_org(w, code="D", name="丁公司党支部（已撤销）", founding_mode=FoundingMode.SINGLE, founded_on=date(2020, 1, 1),
                 status=OrgStatus.DISSOLVED, dissolved_on=date(2026, 3, 1), term_ends_on=date(2025, 1, 1), region=upper)
    a.refresh_from_db()
    b.refresh_from_db()

    # Units. unit_a / unit_b come from the tree (managed by W, covered by A / B).
    type(tree.unit_a).objects.filter(pk=tree.unit_a.pk).update(
        region=upper, industry=making, party_member_count=8, full_member_count=8, employees=20)
    type(tree.unit_b).objects.filter(pk=tree.unit_b.pk).update(
        region=west, industry=it, party_member_count=3, full_member_count=3, employees=10)
    UnitCoverage.objects.filter(unit=tree.unit_a).update(since=date(2019, 5, 1))
    UnitCoverage.objects.filter(unit=tree.unit_b).update(since=date(2024, 7, 1))
    j1 = HostUnitFactory(name="戊小微企业", managed_by=w, region=upper, industry=making, party_member_count=2, full_member_count=1)
    j2 = HostUnitFactory(name="己小微企业", managed_by=w, region=west, industry=it, party_member_count=1, full_member_count=1)
    k = HostUnitFactory(name="庚企业（临江管理）", managed_by=x, region=upper)
    d1 = HostUnitFactory(name="丁公司", managed_by=w, region=upper, industry=making, party_member_count=4, full_member_count=4)
    e = HostUnitFactory(name="=HYPERLINK(\"http://evil\")", managed_by=w, region=west, industry=it,
                        party_member_count=5, full_member_count=5,
                        instructor=Instructor.objects.create(name="指导员甲", dispatched_by=w))
    HostUnitFactory(name="辛协会", managed_by=w, region=upper, industry=making, employees=150,
                    unit_type=UnitType.SOCIAL_ORGANIZATION)
    gone = HostUnitFactory(name="已注销企业", managed_by=w, region=upper, is_active=False, party_member_count=3,
                           full_member_count=3)
    for unit in (j1, j2, k):
        UnitCoverage.objects.create(unit=unit, organization=j, since=date(2025, 3, 1))
    UnitCoverage.objects.create(unit=d1, organization=d, since=date(2020, 1, 1))
    UnitCoverage.objects.create(unit=gone, organization=a, since=date(2019, 5, 1))
    UnitCoverage.objects.create(unit=HostUnitFactory(name="丙公司", managed_by=x, party_member_count=4,
                                                     full_member_count=4), organization=tree.c)
    assert e  # the formula-like name checks export neutralisation

    _members(a, b, j, tree.c)
    _meetings(a, b, j)
    _applicants(a, tree.c)
    return World(tree=tree, j=j, d=d, upper=upper, west=west, city=city, making=making, it=it)


def _members(a, b, j, c):
    people = [  # (birth date, gender, education, extra)
        (date(1996, 1, 1), "male", "bachelor", {}),
        (date(1994, 6, 16), "female", "bachelor", {}),
        (date(1980, 1, 1), "male", "master", {"ethnicity": "回族"}),
        (date(1970, 5, 5), "male", "college", {}),
        (date(1960, 1, 1), "male", "", {"category": "retired"}),
        (date(1990, 1, 1), "female", "bachelor", {}),
        (date(1990, 2, 2), "male", "senior", {"status": "probationary", "confirmed_on": None, "joined_on": date(2025, 9, 1)}),
    ]
    for n, (birth, gender, education, extra) in enumerate(people):
        MemberFactory(organization=a, birth_date=birth, gender=gender, education=education,
                      id_number=make_id_number(900 + n, birth, gender == "female"), **extra)
    MemberFactory(organization=a, birth_date=date(2000, 1, 1), gender="female", education="doctor",
                  id_number=make_id_number(950, date(2000, 1, 1), True),
                  archived_on=date(2026, 2, 10), archive_reason="转出")  # transferred out this year
    for n in range(3):
        MemberFactory(organization=b, birth_date=date(1985, 6, 15), education="bachelor")
    for n in range(2):
        MemberFactory(organization=j, birth_date=date(1999, 12, 31), gender="female", education="college", ethnicity="壮族",
                      id_number=make_id_number(960 + n, date(1999, 12, 31), True))
    for n in range(4):
        MemberFactory(organization=c, education="doctor")
    for role in ("secretary", "organization", "propaganda"):
        CommitteeMember.objects.create(organization=b, role=role, name=f"乙{role}")


def _meetings(a, b, j):
    for month in (1, 2, 5, 6):
        held(a, date(2026, month, 10), "theme_day")
    held(a, date(2026, 3, 20), "general_meeting", "lecture", "theme_day")
    held(a, date(2026, 4, 10), "theme_day", status="cancelled")
    held(a, date(2026, 4, 20), "theme_day", status="planned")
    PartyGroup.objects.create(branch=b, name="第一党小组")
    held(b, date(2026, 2, 15), "committee_meeting")
    held(j, date(2025, 5, 1), "theme_day")  # more than 12 months before TODAY


def _applicants(a, c):
    rows = [
        ("applicant", {"applied_on": date(2026, 1, 1)}),
        ("activist", {"applied_on": date(2025, 1, 1), "activist_on": date(2025, 3, 1)}),
        ("candidate", {"applied_on": date(2024, 1, 1), "activist_on": date(2024, 3, 1), "candidate_on": date(2025, 4, 1)}),
        ("stopped", {"applied_on": date(2024, 1, 1), "activist_on": date(2024, 3, 1)}),
    ]
    for n, (stage, dates) in enumerate(rows):
        Applicant.objects.create(name=f"申请人{n}", gender="male", birth_date=date(2000, 1, 1), organization=a,
                                 id_number=make_id_number(980 + n, date(2000, 1, 1)), stage=stage, **dates)
    Applicant.objects.create(name="临江申请人", gender="male", birth_date=date(2000, 1, 1), organization=c,
                             id_number=make_id_number(990, date(2000, 1, 1)), stage="applicant", applied_on=date(2026, 1, 1))


@pytest.fixture
def world(tree):
    return build_world(tree)
