"""One 三会一课 rule: the branch page, the reminder sweep and the dashboard figures owe and count the same.

The landscape below has every case where copies of the rule used to disagree: requirements overridden per
organization and per organization kind (one switched off each way), a kind counted per party group in a
branch with two groups, a committee too small for committee meetings and large ones, a branch founded in
the middle of a period and one dissolved in the middle of one. For every (organization, kind, group,
period) of 2026 the branch page (`compliance`, `due_items`), the sweep (`requirement_candidates`) and the
dashboard (`LifeFigures` after `refresh`) must give the same answer: owed or not, met or not.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from activities.choices import MeetingKind as K
from activities.compliance import compliance, due_items
from activities.models import Meeting, Requirement
from activities.periods import window
from branches.choices import OrgKind, OrgStatus
from branches.models import CommitteeMember, Organization, PartyGroup
from dashboards.figures import refresh
from dashboards.models import LifeFigures
from activities.reminders import requirement_candidates
from reminders.models import ReminderSettings
from reminders.recipients import Directory
from tests.factories import make_org

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 26)  # December: every month, quarter and the year of 2026 is on the dashboard


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def held(org, kinds, moment, group=None, **extra):
    return Meeting.objects.create(organization=org, kinds=kinds, status="held", planned_at=moment, held_at=moment,
                                  topic="学习", party_group=group, **extra)


def committee(org, size):
    for n in range(size):
        CommitteeMember.objects.create(organization=org, role="member", name=f"委员{n}")


def hold_a_patchy_year(org, seed, groups=()):
    """Some months met, some missed, differently per branch (`seed`), including combined sittings."""
    for month in range(1, 13):
        if (month + seed) % 4:
            held(org, [K.COMMITTEE_MEETING], at(2026, month, 8))
        if (month + seed) % 3:
            kinds = [K.THEME_DAY, K.GENERAL_MEETING] if month % 3 == seed % 3 else [K.THEME_DAY]
            held(org, kinds, at(2026, month, 20))
        if month in (2, 8) or (seed % 2 and month % 2):
            held(org, [K.LECTURE], at(2026, month, 15), lecturer_is_secretary=month == 8)
        for i, group in enumerate(groups):
            if (month + i) % 2:
                held(org, [K.GROUP_MEETING], at(2026, month, 10), group=group)
            if (month + i) % 3:
                held(org, [K.THEME_DAY], at(2026, month, 11), group=group)
    if seed % 2 == 0:
        held(org, [K.LIFE_MEETING, K.APPRAISAL], at(2026, 6, 20))
    held(org, [K.TALK], at(2026, 3, 3))


@dataclass
class Landscape:
    root: Organization
    branches: list[Organization]
    groups: list[PartyGroup]


@pytest.fixture
def landscape(tree):
    w = tree.w
    plain = tree.a
    committee(plain, 3)
    overridden = make_org(w, name="覆盖要求党支部")
    committee(overridden, 4)
    Requirement.objects.create(kind=K.THEME_DAY, period="quarter", times=2, organization=overridden)
    Requirement.objects.create(kind=K.TALK, period="year", organization=overridden, active=False)
    joint = make_org(w, name="联合党支部", kind=OrgKind.JOINT_BRANCH)
    committee(joint, 2)  # below RuleSet.committee_min_size (3): no committee meetings owed
    Requirement.objects.create(kind=K.LECTURE, period="month", org_kind=OrgKind.JOINT_BRANCH)
    Requirement.objects.create(kind=K.APPRAISAL, period="year", org_kind=OrgKind.JOINT_BRANCH, active=False)
    grouped = make_org(w, name="两个党小组的党支部")
    committee(grouped, 5)
    groups = [PartyGroup.objects.create(branch=grouped, name=name) for name in ("第一党小组", "第二党小组")]
    Requirement.objects.create(kind=K.THEME_DAY, period="month", per_group=True, organization=grouped)
    founded = make_org(w, name="年中成立的党支部", founded_on=date(2026, 5, 15))
    committee(founded, 3)
    dissolved = make_org(w, name="已撤销的党支部", founded_on=date(2010, 1, 1), status=OrgStatus.DISSOLVED,
                         dissolved_on=date(2026, 8, 10))
    committee(dissolved, 3)
    for seed, org in enumerate([plain, overridden, joint, grouped, founded, dissolved, tree.b]):
        hold_a_patchy_year(org, seed, groups if org == grouped else ())
    held(plain, [K.COMMITTEE_MEETING], at(2026, 10, 1, 0, 30))  # still 30 September in UTC
    held(plain, [K.GENERAL_MEETING], at(2026, 9, 30, 23, 50))
    Meeting.objects.create(organization=plain, kinds=[K.THEME_DAY], status="planned", planned_at=at(2026, 12, 28),
                           topic="计划")
    Meeting.objects.create(organization=grouped, kinds=[K.GROUP_MEETING], status="planned", planned_at=at(2026, 11, 27),
                           party_group=groups[1], topic="计划")
    branches = [Organization.objects.get(pk=o.pk) for o in (plain, overridden, joint, grouped, founded, dissolved, tree.b)]
    return Landscape(w, branches, groups)


def page_statuses(org) -> dict:
    """(kind, group id, window) → the branch page's status, for every period of 2026."""
    found = {}
    for month in range(1, 13):
        for status in compliance(org, date(2026, month, 15)):
            if not status.by_secretary:
                found[(status.kind, status.group.pk if status.group else None, status.window)] = status
    return found


def parse_subject(subject: str) -> tuple[int, str, int | None]:
    _, org, kind, *group = subject.split(":")
    return int(org), kind, int(group[0]) if group else None


def sweep_candidates(landscape, day, kind):
    found = requirement_candidates(day, ReminderSettings.current(), Directory(), landscape.root.path)
    return {(*parse_subject(c.subject), c.due_date) for c in found if c.kind == kind}


def test_the_branch_page_and_the_dashboard_owe_and_count_the_same_periods(landscape):
    refresh(landscape.root.path, force=True, now=at(TODAY.year, TODAY.month, TODAY.day, 12))
    for org in landscape.branches:
        expected = Counter()
        for (kind, _, win), status in page_statuses(org).items():
            expected[(kind, win.end.month, "required")] += 1
            expected[(kind, win.end.month, "met")] += status.met
        figures = Counter()
        for row in LifeFigures.objects.filter(organization=org).exclude(kind=""):
            for month in range(1, 13):
                figures[(row.kind, month, "required")] += row.required[month - 1]
                figures[(row.kind, month, "met")] += row.met[month - 1]
        assert +figures == +expected, org.name


def test_the_sweep_reminds_exactly_the_misses_the_branch_page_shows(landscape):
    pages = {org.pk: page_statuses(org) for org in landscape.branches}
    for month in range(2, 14):
        day = date(2026 + month // 13, (month - 1) % 12 + 1, 1)
        shown = {(org_id, kind, group, win.end) for org_id, statuses in pages.items()
                 for (kind, group, win), status in statuses.items() if win.end == day - timedelta(days=1) and not status.met}
        reminded = sweep_candidates(landscape, day, "requirement_missed")  # also last quarter's and year's
        assert {key for key in reminded if key[3] == day - timedelta(days=1)} == shown, day
        for org in landscape.branches:
            overdue = [i for i in due_items(org, day) if i.text.endswith("已逾期") and "书记讲党课" not in i.text]
            assert len(overdue) == sum(1 for key in reminded if key[0] == org.pk), (org.name, day)


def test_the_sweep_reminds_exactly_the_gaps_the_branch_page_shows_before_a_period_ends(landscape):
    pages = {org.pk: page_statuses(org) for org in landscape.branches}
    for month in range(1, 13):
        day = window("month", date(2026, month, 1)).end - timedelta(days=2)
        shown = {(org_id, kind, group, win.end) for org_id, statuses in pages.items()
                 for (kind, group, win), status in statuses.items()
                 if win.contains(day) and (win.end - day).days <= 7 and status.missing}
        assert sweep_candidates(landscape, day, "requirement_due") == shown, day


def test_a_branch_founded_after_a_period_began_owes_nothing_for_that_period(landscape):
    founded = next(o for o in landscape.branches if o.founded_on == date(2026, 5, 15))
    owed = {(kind, win.label) for kind, _, win in page_statuses(founded)}
    assert (K.COMMITTEE_MEETING, "2026年5月") not in owed and (K.COMMITTEE_MEETING, "2026年6月") in owed
    assert (K.GENERAL_MEETING, "2026年第2季度") not in owed and (K.GENERAL_MEETING, "2026年第3季度") in owed
    assert not any(kind == K.LIFE_MEETING for kind, _ in owed)  # founded after 1 January


def test_a_dissolved_branch_owes_nothing_from_the_period_it_was_dissolved_in(landscape):
    dissolved = next(o for o in landscape.branches if o.status == OrgStatus.DISSOLVED)
    owed = {(kind, win.label) for kind, _, win in page_statuses(dissolved)}
    assert (K.THEME_DAY, "2026年7月") in owed and (K.THEME_DAY, "2026年8月") not in owed
    assert (K.GENERAL_MEETING, "2026年第2季度") in owed and (K.GENERAL_MEETING, "2026年第3季度") not in owed
    assert not any(kind == K.LIFE_MEETING for kind, _ in owed)


def test_a_kind_counted_per_group_counts_each_groups_own_meetings(landscape):
    grouped = next(o for o in landscape.branches if o.name == "两个党小组的党支部")
    one, two = landscape.groups
    statuses = page_statuses(grouped)
    february = window("month", date(2026, 2, 1))  # a branch-wide theme day and one of the first group
    assert statuses[(K.THEME_DAY, one.pk, february)].held == 1  # the branch-wide one counts for neither group
    assert statuses[(K.THEME_DAY, two.pk, february)].held == 0
    assert (K.THEME_DAY, None, february) not in statuses
    missed = sweep_candidates(landscape, date(2026, 3, 1), "requirement_missed")
    assert (grouped.pk, K.THEME_DAY, two.pk, february.end) in missed
    assert (grouped.pk, K.THEME_DAY, one.pk, february.end) not in missed
