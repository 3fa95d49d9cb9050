"""Two years of demo meetings with realistic gaps (some branches fall behind)."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from activities import attendees
from activities.choices import Audience, MeetingStatus, Presence, TopicCategory
from activities.choices import MeetingKind as K
from activities.models import Attendance, Meeting
from branches.choices import BRANCH_KINDS
from branches.models import CommitteeMember, Organization, PartyGroup, RuleSet
from members.models import Member

TOPICS = {
    TopicCategory.THEORY: ["学习习近平新时代中国特色社会主义思想", "学习党章党规", "学习全会精神", "读原著学原文"],
    TopicCategory.POLICY: ["学习税收政策新规", "学习民营经济促进法", "学习安全生产法"],
    TopicCategory.ORGANIZATION: ["研究发展党员工作", "讨论党费收缴情况", "研究支部年度计划"],
    TopicCategory.BUSINESS: ["讨论企业经营情况", "研究业务工作"],
    TopicCategory.RED_EDUCATION: ["参观革命纪念馆", "重温入党誓词"],
    TopicCategory.SERVICE: ["社区志愿服务", "结对帮扶"],
    TopicCategory.INTEGRITY: ["廉洁从业警示教育"],
    TopicCategory.CULTURE: ["职工趣味运动会"],
}
BATCH = 5000


def seed_meetings(root: Organization, rng: random.Random, today: date, scale: str):
    branches = list(Organization.objects.filter(path__startswith=root.path, kind__in=BRANCH_KINDS, status="active"))
    rules = RuleSet.current()
    committee_sizes = _committee_sizes(branches)
    groups = _groups(branches)
    with_attendance = scale == "small"
    members = _members(branches, rng) if with_attendance else {}
    committees = _committees(branches) if with_attendance else {}
    audiences = {}  # kinds → who they expect (activities.attendees), looked up once per combination
    first = date(today.year - 1, 1, 1)
    tz = timezone.get_current_timezone()
    pending: list[tuple[Meeting, list]] = []
    for branch in branches:
        diligence = rng.choice([0.98, 0.95, 0.9, 0.9, 0.8, 0.6, 0.35])  # some branches fall behind
        has_committee = committee_sizes.get(branch.pk, 0) >= rules.committee_min_size
        month = first
        while month <= today:
            plans = [([K.THEME_DAY], rng.randint(8, 25), None)]
            if month.month in (3, 6, 9, 12):
                plans[0] = ([K.GENERAL_MEETING, K.LECTURE, K.THEME_DAY], rng.randint(8, 25), None)
            if has_committee:
                plans.append(([K.COMMITTEE_MEETING], rng.randint(1, 10), None))
            if month.month == 1:
                plans.append(([K.LIFE_MEETING, K.APPRAISAL], rng.randint(10, 28), None))
            if month.month == 7:
                plans.append(([K.TALK], rng.randint(1, 28), None))
            plans += [([K.GROUP_MEETING], rng.randint(1, 28), g) for g in groups.get(branch.pk, [])]
            for kinds, day, group in plans:
                if rng.random() > diligence:
                    continue
                moment = datetime.combine(month.replace(day=day), time(rng.choice((9, 14, 15, 19))), tz)
                future = moment.date() > today
                category = rng.choice(list(TOPICS))
                meeting = Meeting(
                    organization=branch, party_group=group, kinds=kinds, planned_at=moment,
                    held_at=None if future else moment, status=MeetingStatus.PLANNED if future else MeetingStatus.HELD,
                    place=rng.choice(["党员活动室", "会议室", "线上会议", "红色教育基地"]),
                    topic=rng.choice(TOPICS[category]), topic_category=category,
                    host="书记", recorder="组织委员",
                    lecturer="书记" if K.LECTURE in kinds else "", lecturer_is_secretary=K.LECTURE in kinds,
                )
                pending.append((meeting, _expected(audiences, kinds, branch, group, members, committees, rng)))
            month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        if len(pending) >= BATCH:
            _flush(pending, rng)
            pending = []
    _flush(pending, rng)


def _flush(pending, rng):
    Meeting.objects.bulk_create([m for m, _ in pending], batch_size=BATCH)
    rows = []
    for meeting, expected in pending:
        for member_id, habit in expected:
            if meeting.status != MeetingStatus.HELD:
                rows.append(Attendance(meeting=meeting, member_id=member_id, presence=Presence.ABSENT))
                continue
            roll = rng.random()
            if roll < habit:
                rows.append(Attendance(meeting=meeting, member_id=member_id, presence=Presence.PRESENT))
            elif roll < habit + (1 - habit) / 2:
                rows.append(Attendance(meeting=meeting, member_id=member_id, presence=Presence.LEAVE,
                                       leave_reason=rng.choice(["出差", "病假", "家中有事", "值班"])))
            else:
                rows.append(Attendance(meeting=meeting, member_id=member_id, presence=Presence.ABSENT))
    Attendance.objects.bulk_create(rows, batch_size=BATCH)


def _expected(audiences, kinds, branch, group, members, committees, rng) -> list:
    """(member id, attendance habit) of the people the meeting expects: the demo's version of
    `activities.attendees.expected_attendees`, from rows loaded once. A talk's pair is the secretary
    and one member, who both come."""
    if not members:
        return []
    if tuple(kinds) not in audiences:
        audiences[tuple(kinds)] = attendees.audiences(kinds)
    found = audiences[tuple(kinds)]
    roster = dict(members.get(("org", branch.pk), []))
    committee = committees.get(branch.pk, [])
    chosen = {}
    if Audience.BRANCH in found:
        chosen.update(roster)
    if Audience.GROUP in found and group:
        chosen.update(members.get(("group", group.pk), []))
    if Audience.COMMITTEE in found:
        chosen.update((m, roster.get(m, 0.9)) for m in committee)
    if Audience.PAIR in found and len(roster) >= 2:
        secretary = committee[0] if committee else min(roster)
        chosen.update({secretary: 1.0, rng.choice(sorted(set(roster) - {secretary})): 1.0})
    return sorted(chosen.items())


def _committees(branches):
    """Branch id → member ids of its current committee, secretary first (members.demo links every
    seat to a roster member)."""
    found = {}
    seats = CommitteeMember.objects.filter(organization__in=branches, ended_on__isnull=True, member__isnull=False)
    for org_id, member_id, role in seats.order_by("organization", "pk").values_list("organization_id", "member_id", "role"):
        ids = found.setdefault(org_id, [])
        ids.insert(0 if role == "secretary" else len(ids), member_id)
    return found


def _committee_sizes(branches):
    sizes = {}
    for org_id in CommitteeMember.objects.filter(organization__in=branches, ended_on__isnull=True).values_list(
            "organization_id", flat=True):
        sizes[org_id] = sizes.get(org_id, 0) + 1
    return sizes


def _groups(branches):
    found = {}
    for group in PartyGroup.objects.filter(branch__in=branches):
        found.setdefault(group.branch_id, []).append(group)
    return found


def _members(branches, rng):
    """(member id, attendance habit) keyed by ("org", branch id) and ("group", party group id)."""
    found = {}
    for member_id, org_id, group_id in Member.objects.current().filter(organization__in=branches).values_list(
            "pk", "organization_id", "party_group_id"):
        habit = 0.0 if rng.random() < 0.02 else rng.choice([0.95, 0.9, 0.85, 0.7])  # a few never come
        found.setdefault(("org", org_id), []).append((member_id, habit))
        if group_id:
            found.setdefault(("group", group_id), []).append((member_id, habit))
    return found
