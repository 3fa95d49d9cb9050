"""Deterministic demo members for a freshly seeded tree (about 18 a branch, 200,000 in a province);
the committees seeded with the tree are then filled from these rosters."""

import random
from bisect import bisect_left
from datetime import date, timedelta

from branches.choices import BRANCH_KINDS
from demo.names import person_name
from branches.models import CommitteeMember, Organization, PartyGroup
from members.models import Education, Member, MemberCategory, MemberStatus
from members.validators import id_check_char

AVERAGE_PER_BRANCH = {"small": 16, "province": 24}
EDUCATION_WEIGHTS = [
    (Education.JUNIOR, 4), (Education.SENIOR, 10), (Education.COLLEGE, 20), (Education.BACHELOR, 45),
    (Education.MASTER, 18), (Education.DOCTOR, 3),
]
ETHNICITIES = ["汉族"] * 30 + ["回族", "满族", "壮族", "蒙古族", "土家族"]


def id_number(region_code: str, birth: date, seq: int, female: bool) -> str:
    order = seq % 500 * 2 + (0 if female else 1)
    body = f"{region_code}{birth:%Y%m%d}{order:03d}"
    return body + id_check_char(body)


def seed_members(root: Organization, rng: random.Random, today: date, scale: str):
    branches = list(
        Organization.objects.filter(path__startswith=root.path, kind__in=BRANCH_KINDS).select_related("region")
    )
    average = AVERAGE_PER_BRANCH[scale]
    groups, members, seen = [], [], set()
    educations = [e for e, _ in EDUCATION_WEIGHTS]
    weights = [w for _, w in EDUCATION_WEIGHTS]
    seq = 0
    plans = []
    for branch in branches:
        count = max(2, int(rng.gauss(average, average / 2)))
        if count >= 15:
            groups.extend(PartyGroup(branch=branch, name=f"第{'一二三'[n]}党小组") for n in range(rng.randint(2, 3)))
        plans.append((branch, count))
    PartyGroup.objects.bulk_create(groups, batch_size=5000)
    groups_by_branch = {}
    for g in groups:
        groups_by_branch.setdefault(g.branch_id, []).append(g)
    for branch, count in plans:
        region_code = branch.region.code if branch.region else "990101"
        for _ in range(count):
            female = rng.random() < 0.38
            birth = date(rng.randint(1950, 2003), rng.randint(1, 12), rng.randint(1, 28))
            seq += 1
            number = id_number(region_code, birth, seq, female)
            while number in seen:
                seq += 1
                number = id_number(region_code, birth, seq, female)
            seen.add(number)
            earliest = birth.replace(year=birth.year + 18)
            probationary = rng.random() < 0.05
            if probationary:
                joined = today - timedelta(days=rng.randint(20, 360))
                confirmed = None
            else:
                span = max(1, (today - timedelta(days=400) - earliest).days)
                joined = earliest + timedelta(days=rng.randint(1, span))
                confirmed = joined + timedelta(days=365)
            if birth.year < 1963:
                category = MemberCategory.RETIRED
            else:
                category = rng.choices(
                    [MemberCategory.EMPLOYED, MemberCategory.FLOATING, MemberCategory.STUDENT, MemberCategory.LOST],
                    [92, 5, 2, 1],
                )[0]
            branch_groups = groups_by_branch.get(branch.pk)
            members.append(Member(
                name=person_name(rng),
                gender="female" if female else "male",
                ethnicity=rng.choice(ETHNICITIES),
                birth_date=birth,
                id_number=number,
                education=rng.choices(educations, weights)[0],
                phone=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                job=rng.choice(["职员", "技术员", "工程师", "经理", "会计", "销售", "行政"]),
                joined_on=joined,
                confirmed_on=confirmed,
                status=MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL,
                category=category,
                organization=branch,
                party_group=rng.choice(branch_groups) if branch_groups else None,
            ))
    Member.objects.bulk_create(members, batch_size=5000)
    link_committees(root, members, rng)


def link_committees(root: Organization, members: list[Member], rng: random.Random):
    """Committee members are roster members: each seat gets a distinct member of its branch (above a
    branch: of a branch below it), with that member's name. Seats beyond the members there are dropped."""
    by_branch: dict[int, list[Member]] = {}
    for member in members:
        by_branch.setdefault(member.organization_id, []).append(member)
    branch_paths = sorted(
        Organization.objects.filter(path__startswith=root.path, kind__in=BRANCH_KINDS).values_list("path", "pk")
    )
    seats_by_org: dict[int, list[CommitteeMember]] = {}
    for seat in CommitteeMember.objects.filter(organization__path__startswith=root.path).select_related(
            "organization").order_by("organization__path", "pk"):
        seats_by_org.setdefault(seat.organization_id, []).append(seat)
    linked, dropped = [], []
    for seats in seats_by_org.values():
        org = seats[0].organization
        candidates = by_branch.get(org.pk, []) if org.kind in BRANCH_KINDS else _below(org.path, branch_paths, by_branch)
        picks = rng.sample(candidates, min(len(candidates), len(seats)))
        for seat, member in zip(seats, picks):
            seat.member, seat.name = member, member.name
            linked.append(seat)
        dropped += [seat.pk for seat in seats[len(picks):]]
    CommitteeMember.objects.bulk_update(linked, ["member", "name"], batch_size=2000)
    CommitteeMember.objects.filter(pk__in=dropped).delete()


def _below(path: str, branch_paths: list[tuple[str, int]], by_branch) -> list[Member]:
    found = []
    for branch_path, branch_pk in branch_paths[bisect_left(branch_paths, (path,)):]:
        if not branch_path.startswith(path):
            break
        found += by_branch.get(branch_pk, [])
    return found
