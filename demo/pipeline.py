"""Deterministic demo data for the development pipeline and 党费, added after the members.

`seed_pipeline_and_dues(root, rng, today, scale)`: applicants at every stage (with their steps and,
from 预备党员 on, their Member records) in the branches under `root`; a declared income for every
member; and, for the small scale, twelve months of dues records with a few members long unpaid.
Everything is written in bulk; dates respect the rules in members/pipeline/rules.py.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection

from branches.choices import BRANCH_KINDS
from demo.names import person_name
from branches.models import Organization
from demo.roster import id_number
from members.models import (
    Applicant,
    DuesRecord,
    Education,
    Member,
    MemberCategory,
    MemberStatus,
    PipelineRules,
    PipelineStep,
)
from members.dues.pricing import current_rates, monthly_dues
from members.dues.selectors import month_end, month_start
from members.pipeline.models import STAGE_ORDER, Stage
from members.pipeline.rules import STAGE_DATE_FIELD, add_months, committee_of

# Share of branches with applicants, and applicants in such a branch.
PIPELINE_SHARE = {"small": 1.0, "province": 0.25}
APPLICANTS_PER_BRANCH = (2, 6)
DUES_MONTHS = 12
JOBS = ["职员", "技术员", "工程师", "销售", "会计", "设计师", "客服", "研发人员"]
EDUCATIONS = [Education.COLLEGE, Education.BACHELOR, Education.BACHELOR, Education.MASTER, Education.SENIOR]


def seed_pipeline_and_dues(root: Organization, rng: random.Random, today: date, scale: str) -> None:
    rules = PipelineRules.current()
    branches = list(
        Organization.objects.filter(path__startswith=root.path, kind__in=BRANCH_KINDS)
        .select_related("region").order_by("path")
    )
    _seed_applicants(branches, rng, today, scale, rules)
    _seed_incomes(root, rng)
    if scale == "small":
        _seed_dues(branches, rng, today)


# ---------------------------------------------------------------- pipeline


def _days(rng, low, high) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _history(stage: str, rng: random.Random, today: date, rules: PipelineRules) -> dict:
    """Dates of an applicant now at `stage`, worked back from today so that every rule holds."""
    d = {}
    if stage == Stage.FULL:
        d["branch_vote_on"] = today - _days(rng, 400, 1500)
        d["confirmed_on"] = add_months(d["branch_vote_on"], rules.probation_months) + _days(rng, 0, 20)
    elif stage == Stage.PROBATIONARY:
        # Some end their probation within the notice period, so the due list shows them.
        soon = rng.random() < 0.3
        d["branch_vote_on"] = add_months(today, -rules.probation_months) + (_days(rng, 5, 40) if soon else _days(rng, 41, 330))
    if "branch_vote_on" in d:
        d["approved_on"] = min(d["branch_vote_on"] + _days(rng, 10, 80), today)
        d["candidate_on"] = d["branch_vote_on"] - _days(rng, 60, 150)
        d["political_review_on"] = d["branch_vote_on"] - _days(rng, 5, 40)
        d["training_days"] = rng.choice((3, 3, 4, 5))
    elif stage == Stage.CANDIDATE:
        d["candidate_on"] = today - _days(rng, 20, 200)
        if rng.random() < 0.5:
            d["political_review_on"] = min(d["candidate_on"] + _days(rng, 10, 60), today)
            d["training_days"] = 3
    if "candidate_on" in d:
        d["activist_on"] = add_months(d["candidate_on"], -rules.activist_min_months) - _days(rng, 0, 150)
    elif stage == Stage.ACTIVIST:
        d["activist_on"] = today - _days(rng, 30, 420)
    if "activist_on" in d:
        reviews = (min(d.get("candidate_on", today), today) - d["activist_on"]).days // 182
        if reviews and rng.random() < 0.8:
            d["last_review_on"] = min(
                add_months(d["activist_on"], rules.activist_review_months * reviews), d.get("candidate_on", today), today
            )
        d["applied_on"] = d["activist_on"] - _days(rng, 60, 300)
        d["talked_on"] = d["applied_on"] + _days(rng, 3, 28)
    else:  # still an applicant: some await their talk
        d["applied_on"] = today - _days(rng, 2, 60)
        if rng.random() < 0.5 and d["applied_on"] + timedelta(days=20) <= today:
            d["talked_on"] = d["applied_on"] + _days(rng, 3, 20)
    return d


def _seed_applicants(branches, rng, today, scale, rules) -> None:
    taken = set(Member.objects.values_list("id_number", flat=True))
    taken |= set(Applicant.objects.values_list("id_number", flat=True))
    applicants, members = [], []
    seq = 0
    for branch in branches:
        if rng.random() >= PIPELINE_SHARE[scale]:
            continue
        region_code = branch.region.code if branch.region else "990101"
        count = rng.randint(*APPLICANTS_PER_BRANCH)
        # The first five of a branch cover every stage; the rest are mostly early in the pipeline.
        stages = STAGE_ORDER[:count] + rng.choices(STAGE_ORDER[:3], k=max(0, count - len(STAGE_ORDER)))
        for stage in stages:
            d = _history(stage, rng, today, rules)
            female = rng.random() < 0.45
            birth = d["applied_on"].replace(year=d["applied_on"].year - rng.randint(19, 40), day=rng.randint(1, 28))
            seq += 1
            number = id_number(region_code, birth, seq + 700, female)
            while number in taken:
                seq += 1
                number = id_number(region_code, birth, seq + 700, female)
            taken.add(number)
            applicant = Applicant(
                name=person_name(rng), gender="female" if female else "male", birth_date=birth, id_number=number,
                phone=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}", education=rng.choice(EDUCATIONS),
                job=rng.choice(JOBS), organization=branch, stage=stage, **d,
            )
            if stage in (Stage.PROBATIONARY, Stage.FULL):
                applicant.member = Member(
                    name=applicant.name, gender=applicant.gender, birth_date=birth, id_number=number,
                    education=applicant.education, phone=applicant.phone, job=applicant.job,
                    joined_on=d["branch_vote_on"], confirmed_on=d.get("confirmed_on"),
                    status=MemberStatus.FULL if stage == Stage.FULL else MemberStatus.PROBATIONARY,
                    organization=branch,
                )
                members.append(applicant.member)
            applicants.append(applicant)
    Member.objects.bulk_create(members, batch_size=5000)
    for applicant in applicants:
        if applicant.member is not None:
            applicant.member_id = applicant.member.pk
    Applicant.objects.bulk_create(applicants, batch_size=5000)
    parent_paths = {b.path[:-Organization.steplen] for b in branches}
    parents = dict(Organization.objects.filter(path__in=parent_paths).values_list("path", "name"))
    PipelineStep.objects.bulk_create(_steps(applicants, parents), batch_size=5000)


def _steps(applicants, parents):
    for a in applicants:
        branch = a.organization.name
        committee = parents.get(a.organization.path[:-Organization.steplen], "上级党委")
        yield PipelineStep(applicant=a, stage=Stage.APPLICANT, on=a.applied_on, approved_by=branch, note="递交入党申请书")
        if a.talked_on:
            yield PipelineStep(applicant=a, stage=Stage.APPLICANT, on=a.talked_on, note="党组织派人谈话")
        for stage in STAGE_ORDER[1:STAGE_ORDER.index(a.stage) + 1]:
            approver = committee if stage in (Stage.PROBATIONARY, Stage.FULL) else committee_of(branch)
            yield PipelineStep(applicant=a, stage=stage, on=getattr(a, STAGE_DATE_FIELD[stage]), approved_by=approver)
            if stage == Stage.ACTIVIST and a.last_review_on:
                yield PipelineStep(applicant=a, stage=stage, on=a.last_review_on, note="半年考察")


# ---------------------------------------------------------------- incomes and dues


def _seed_incomes(root, rng) -> None:
    """A declared monthly income for every member under the root, in one UPDATE."""
    rows = list(
        Member.objects.filter(organization__path__startswith=root.path).order_by("pk").values_list("pk", "category")
    )
    ids, incomes, low = [], [], []
    for pk, category in rows:
        if category == MemberCategory.STUDENT:
            income = Decimal(0)
        elif category == MemberCategory.RETIRED:
            income = Decimal(rng.randrange(2500_00, 9000_00)) / 100
        else:
            income = Decimal(round(rng.lognormvariate(8.7, 0.45) * 100)) / 100
        ids.append(pk)
        incomes.append(income)
        low.append(category != MemberCategory.STUDENT and rng.random() < 0.01)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Member._meta.db_table} AS m SET declared_income = v.income, low_income = v.low "
            "FROM unnest(%s::bigint[], %s::numeric[], %s::boolean[]) AS v(id, income, low) WHERE m.id = v.id",
            [ids, incomes, low],
        )


def _seed_dues(branches, rng, today) -> None:
    """Twelve months of records: most paid in the month, the current month partly, a few long unpaid."""
    rates = current_rates()
    this_month = month_start(today)
    months = [add_months(this_month, -n) for n in range(DUES_MONTHS - 1, -1, -1)]
    members = Member.objects.current().filter(organization__in=branches).order_by("pk")
    records = []
    for member in members:
        amount = monthly_dues(member, rates)
        if amount is None:
            continue
        stops_paying = rng.random() < 0.03  # the 自行脱党 risk the month page flags
        stopped_at = rng.randint(DUES_MONTHS - 9, DUES_MONTHS - 7)
        for index, month in enumerate(months):
            if member.joined_on > month_end(month):
                continue
            record = DuesRecord(member=member, organization_id=member.organization_id, month=month, amount_due=amount)
            last_day = min(month_end(month), today)
            paid = not (stops_paying and index >= stopped_at) and (
                month < this_month and rng.random() < 0.97 or month == this_month and rng.random() < 0.4
            )
            if paid:
                record.amount_paid = amount
                record.paid_on = min(month + timedelta(days=rng.randint(0, 20)), last_day)
            records.append(record)
    DuesRecord.objects.bulk_create(records, batch_size=5000, ignore_conflicts=True)
