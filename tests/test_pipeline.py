"""发展党员: the rules of the pipeline at their boundaries, promotion to the roster, what is due, and scope."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import Applicant, Member, MemberStatus, PipelineRules, PipelineStep
from members.pipeline import rules, services
from members.pipeline.due import due_items
from members.pipeline.models import Stage
from members.pipeline.rules import add_months, age_on
from tests.factories import make_id_number

pytestmark = pytest.mark.django_db

_seq = {"n": 0}


def make_applicant(org, stage=Stage.APPLICANT, birth=date(1995, 4, 10), **dates) -> Applicant:
    """An applicant already at `stage`, with the dates given (defaults follow the rules)."""
    _seq["n"] += 1
    defaults = {"applied_on": date(2022, 1, 10)}
    if stage != Stage.APPLICANT:
        defaults.update(talked_on=date(2022, 1, 20), activist_on=date(2022, 3, 1))
    if stage in (Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL):
        defaults.update(candidate_on=date(2023, 3, 1))
    if stage in (Stage.PROBATIONARY, Stage.FULL):
        defaults.update(political_review_on=date(2023, 4, 1), training_days=3, branch_vote_on=date(2023, 5, 10),
                        approved_on=date(2023, 6, 1))
    defaults.update(dates)
    return Applicant.objects.create(
        name=f"申请人{_seq['n']}", gender="male", birth_date=birth, id_number=make_id_number(_seq["n"], birth),
        organization=org, stage=stage, **defaults,
    )


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def warnings_of(findings) -> list[str]:
    assert not [f for f in findings if f.blocks], findings
    return [f.text for f in findings]


def blocks_of(findings) -> str:
    return " ".join(f.text for f in findings if f.blocks)


# ---------------------------------------------------------------- date arithmetic


@pytest.mark.parametrize("start, months, expected", [
    (date(2023, 3, 15), 12, date(2024, 3, 15)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 Feb next year: the month's last day
    (date(2023, 2, 28), 12, date(2024, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2023, 11, 30), 3, date(2024, 2, 29)),
    (date(2024, 3, 31), -1, date(2024, 2, 29)),
    (date(2023, 12, 5), -12, date(2022, 12, 5)),
])
def test_months_are_calendar_months_clamped_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_age_counts_full_years_and_the_birthday_itself():
    assert age_on(date(2006, 5, 20), date(2024, 5, 20)) == 18
    assert age_on(date(2006, 5, 20), date(2024, 5, 19)) == 17
    assert age_on(date(2004, 2, 29), date(2022, 2, 28)) == 18  # a leap-day birthday falls on 28 Feb
    assert age_on(date(2004, 2, 29), date(2022, 2, 27)) == 17


# ---------------------------------------------------------------- application and talk


def register(tree, **fields) -> Applicant:
    """An application to branch A, registered by its secretary."""
    return services.add_applicant(applicant=Applicant(organization=tree.a, **fields), user=tree.secretary_a)


def application(tree, birth, applied_on):
    return register(tree, name="小李", id_number=make_id_number(900, birth), applied_on=applied_on)


def test_an_applicant_of_exactly_eighteen_may_apply(tree):
    applicant = application(tree, date(2006, 5, 20), date(2024, 5, 20))
    assert applicant.stage == Stage.APPLICANT
    assert applicant.birth_date == date(2006, 5, 20) and applicant.gender == "male"  # from the ID number
    step = applicant.steps.get()
    assert (step.stage, step.on, step.note) == (Stage.APPLICANT, date(2024, 5, 20), "递交入党申请书")


def test_an_applicant_one_day_short_of_eighteen_is_blocked_citing_the_rule(tree):
    with pytest.raises(ValidationError) as exc:
        application(tree, date(2006, 5, 20), date(2024, 5, 19))
    assert "年满18岁方可申请入党" in messages_of(exc) and "第五条" in messages_of(exc)
    assert "2024年5月20日起方可申请" in messages_of(exc)
    assert not Applicant.objects.exists()


def test_the_minimum_age_is_data(tree):
    PipelineRules.objects.update_or_create(pk=1, defaults={"min_age": 20})
    with pytest.raises(ValidationError, match="年满20岁"):
        application(tree, date(2005, 1, 1), date(2024, 6, 1))


def test_an_invalid_id_number_or_an_existing_member_is_refused(tree):
    with pytest.raises(ValidationError, match="校验位"):
        register(tree, name="甲", id_number="330102199001011230", applied_on=date(2024, 1, 1))
    member_number = make_id_number(901)
    Member.objects.create(name="老党员", gender="male", birth_date=date(1985, 6, 15), id_number=member_number,
                          joined_on=date(2010, 1, 1), organization=tree.a)
    with pytest.raises(ValidationError, match="已是党员"):
        register(tree, name="乙", id_number=member_number, applied_on=date(2024, 1, 1))


@pytest.mark.parametrize("days, warned", [(30, False), (31, True)])
def test_a_talk_later_than_one_month_after_the_application_warns(tree, days, warned):
    applicant = make_applicant(tree.a, applied_on=date(2024, 1, 10), talked_on=None)
    findings = rules.check_advance(applicant, Stage.ACTIVIST, date(2024, 4, 1),
                                      {"talked_on": date(2024, 1, 10) + timedelta(days=days)})
    texts = warnings_of(findings)
    assert bool(texts) == warned
    if warned:
        assert "第七条" in texts[0] and "超期1天" in texts[0]


def test_an_activist_needs_the_talk_first(tree):
    applicant = make_applicant(tree.a, applied_on=date(2024, 1, 10), talked_on=None)
    assert "谈话" in blocks_of(rules.check_advance(applicant, Stage.ACTIVIST, date(2024, 4, 1)))


def test_record_talk_stores_the_warning_on_its_step(tree):
    applicant = make_applicant(tree.a, applied_on=date(2024, 1, 10), talked_on=None)
    step = services.record_talk(applicant=applicant, on=date(2024, 3, 1), user=tree.secretary_a)
    applicant.refresh_from_db()
    assert applicant.talked_on == date(2024, 3, 1)
    assert step.note == "党组织派人谈话" and "第七条" in step.warnings and step.recorded_by == tree.secretary_a


# ---------------------------------------------------------------- activist → candidate


@pytest.mark.parametrize("activist_on, on, allowed", [
    (date(2023, 3, 15), date(2024, 3, 15), True),  # exactly 12 months
    (date(2023, 3, 15), date(2024, 3, 14), False),  # 11 months 30 days
    (date(2024, 2, 29), date(2025, 2, 28), True),  # leap day: a year later is 28 Feb
    (date(2024, 2, 29), date(2025, 2, 27), False),
    (date(2023, 2, 28), date(2024, 2, 28), True),  # a leap year in between changes nothing
    (date(2023, 2, 28), date(2024, 2, 27), False),
])
def test_an_activist_becomes_a_candidate_only_after_twelve_months(tree, activist_on, on, allowed):
    applicant = make_applicant(tree.a, Stage.ACTIVIST, applied_on=activist_on - timedelta(days=90),
                               talked_on=activist_on - timedelta(days=80), activist_on=activist_on,
                               last_review_on=add_months(activist_on, 6))
    findings = rules.check_advance(applicant, Stage.CANDIDATE, on)
    if allowed:
        assert warnings_of(findings) == []
    else:
        assert "第十四条" in blocks_of(findings) and "12个月" in blocks_of(findings)


def test_the_training_period_is_data(tree):
    PipelineRules.objects.update_or_create(pk=1, defaults={"activist_min_months": 18})
    applicant = make_applicant(tree.a, Stage.ACTIVIST, activist_on=date(2023, 3, 15), last_review_on=date(2024, 9, 1))
    assert "18个月" in blocks_of(rules.check_advance(applicant, Stage.CANDIDATE, date(2024, 3, 15)))
    assert warnings_of(rules.check_advance(applicant, Stage.CANDIDATE, date(2024, 9, 15))) == []


def test_an_activist_not_reviewed_for_half_a_year_warns(tree):
    applicant = make_applicant(tree.a, Stage.ACTIVIST, activist_on=date(2023, 3, 15), last_review_on=date(2023, 9, 15))
    texts = warnings_of(rules.check_advance(applicant, Stage.CANDIDATE, date(2024, 3, 20)))
    assert len(texts) == 1 and "考察一次" in texts[0]


# ---------------------------------------------------------------- candidate → probationary


def candidate(org, **dates):
    return make_applicant(org, Stage.CANDIDATE, candidate_on=date(2023, 3, 1), **dates)


READY = {"political_review_on": date(2023, 4, 1), "training_days": 3, "branch_vote_on": date(2023, 5, 10)}


@pytest.mark.parametrize("missing, rule", [
    ({"political_review_on": None}, "第十六条"),
    ({"training_days": 2}, "第十七条"),
    ({"branch_vote_on": None}, "支部大会"),
])
def test_admission_needs_review_training_and_the_branch_vote(tree, missing, rule):
    findings = rules.check_advance(candidate(tree.a), Stage.PROBATIONARY, date(2023, 6, 1), {**READY, **missing})
    assert rule in blocks_of(findings)


def test_the_branch_vote_comes_after_the_political_review(tree):
    details = {**READY, "political_review_on": date(2023, 5, 20)}
    assert "政治审查完成" in blocks_of(rules.check_advance(candidate(tree.a), Stage.PROBATIONARY, date(2023, 6, 1), details))


@pytest.mark.parametrize("approved_on, outcome", [
    (date(2023, 8, 10), "ok"),  # exactly 3 months after the vote
    (date(2023, 8, 11), "warn"),
    (date(2023, 11, 10), "warn"),  # exactly 6 months
    (date(2023, 11, 11), "block"),
])
def test_higher_committee_approval_within_three_months_warns_beyond_six_blocks(tree, approved_on, outcome):
    findings = rules.check_advance(candidate(tree.a), Stage.PROBATIONARY, approved_on, READY)
    if outcome == "block":
        assert "不得超过6个月" in blocks_of(findings)
    else:
        texts = warnings_of(findings)
        assert (texts == []) == (outcome == "ok")
        if texts:
            assert "3个月内审批" in texts[0]


def test_admission_creates_a_valid_probationary_member(tree):
    applicant = candidate(tree.a, phone="13800000000", education="bachelor", job="工程师")
    step = services.advance(applicant=applicant, stage=Stage.PROBATIONARY, on=date(2023, 9, 1), approved_by="东海市两新工委",
                            user=tree.admin_w, details=READY)
    applicant.refresh_from_db()
    member = applicant.member
    assert applicant.stage == Stage.PROBATIONARY and applicant.approved_on == date(2023, 9, 1)
    assert member.status == MemberStatus.PROBATIONARY
    assert member.joined_on == date(2023, 5, 10)  # the branch vote, not the approval
    assert member.organization == tree.a and member.id_number == applicant.id_number
    assert member.confirmed_on is None and member.education == "bachelor"
    member.full_clean()
    assert step.approved_by == "东海市两新工委" and step.recorded_by == tree.admin_w
    assert "3个月内审批" in step.warnings  # approved 3 months 22 days after the vote: kept on the step


def test_a_blocked_admission_changes_nothing(tree):
    applicant = candidate(tree.a)
    with pytest.raises(ValidationError, match="第十七条"):
        services.advance(applicant=applicant, stage=Stage.PROBATIONARY, on=date(2023, 6, 1), approved_by="工委",
                         user=tree.admin_w, details={**READY, "training_days": 1})
    applicant.refresh_from_db()
    assert applicant.stage == Stage.CANDIDATE and applicant.member is None and applicant.training_days == 0
    assert not Member.objects.exists() and not PipelineStep.objects.exists()


# ---------------------------------------------------------------- probationary → full


def probationary(tree, **kw):
    applicant = candidate(tree.a)
    services.advance(applicant=applicant, stage=Stage.PROBATIONARY, on=date(2023, 6, 1), approved_by="工委",
                     user=tree.admin_w, details={**READY, "branch_vote_on": date(2023, 5, 31), **kw})
    applicant.refresh_from_db()
    return applicant


@pytest.mark.parametrize("on, allowed", [(date(2024, 5, 31), True), (date(2024, 5, 30), False)])
def test_probation_lasts_twelve_months_from_the_branch_vote(tree, on, allowed):
    findings = rules.check_advance(probationary(tree), Stage.FULL, on)
    if allowed:
        assert warnings_of(findings) == []
    else:
        assert "第七条" in blocks_of(findings) and "2024年5月31日期满" in blocks_of(findings)


def test_confirmation_makes_the_member_full(tree):
    applicant = probationary(tree)
    services.advance(applicant=applicant, stage=Stage.FULL, on=date(2024, 6, 3), approved_by="东海市两新工委",
                     user=tree.admin_w)
    member = Member.objects.get(pk=applicant.member_id)
    assert member.status == MemberStatus.FULL and member.confirmed_on == date(2024, 6, 3)
    assert Applicant.objects.get(pk=applicant.pk).stage == Stage.FULL
    member.full_clean()


def extend(tree, applicant, months, on=date(2024, 5, 20)):
    return services.extend_probation(applicant=applicant, months=months, on=on, approved_by="支部大会", user=tree.admin_w)


def test_an_extension_moves_the_end_of_probation_and_is_allowed_once(tree):
    applicant = probationary(tree)
    step = extend(tree, applicant, 6)
    assert step.note == "延长预备期6个月"
    applicant.refresh_from_db()
    assert "2024年11月30日期满" in blocks_of(rules.check_advance(applicant, Stage.FULL, date(2024, 11, 29)))
    assert warnings_of(rules.check_advance(applicant, Stage.FULL, date(2024, 11, 30))) == []
    with pytest.raises(ValidationError, match="只能延长一次"):
        extend(tree, applicant, 3, on=date(2024, 6, 1))


@pytest.mark.parametrize("months, allowed", [(12, True), (13, False), (0, False)])
def test_an_extension_is_at_most_twelve_months(tree, months, allowed):
    applicant = probationary(tree)
    if allowed:
        extend(tree, applicant, months)
        applicant.refresh_from_db()
        assert rules.probation_ends(applicant, PipelineRules.current()) == date(2025, 5, 31)
    else:
        with pytest.raises(ValidationError, match="不能超过12个月"):
            extend(tree, applicant, months)


# ---------------------------------------------------------------- order and dates


def test_stages_cannot_be_skipped(tree):
    findings = rules.check_advance(make_applicant(tree.a), Stage.CANDIDATE, date(2024, 1, 1))
    assert "下一阶段应为入党积极分子" in blocks_of(findings)


def test_a_step_cannot_be_dated_in_the_future_or_before_the_previous_one(tree):
    applicant = make_applicant(tree.a, applied_on=date(2024, 1, 10), talked_on=date(2024, 1, 15))
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert "晚于今天" in blocks_of(rules.check_advance(applicant, Stage.ACTIVIST, tomorrow))
    assert "早于成为入党申请人的日期" in blocks_of(rules.check_advance(applicant, Stage.ACTIVIST, date(2024, 1, 9)))


def test_the_whole_pipeline_leaves_one_step_per_stage(tree):
    user = tree.admin_w
    applicant = register(tree, name="王五", id_number=make_id_number(950, date(1998, 3, 3)), applied_on=date(2021, 1, 4))

    def advance(stage, on, approved_by, **details):
        services.advance(applicant=applicant, stage=stage, on=on, approved_by=approved_by, user=user, details=details)

    advance(Stage.ACTIVIST, date(2021, 3, 1), "甲公司党支部委员会", talked_on=date(2021, 1, 20))
    services.record_review(applicant=applicant, on=date(2021, 9, 1), user=user)
    services.record_review(applicant=applicant, on=date(2022, 2, 25), user=user)
    advance(Stage.CANDIDATE, date(2022, 3, 1), "甲公司党支部委员会")
    services.record_candidate_progress(applicant=applicant, user=user, details=READY | {
        "political_review_on": date(2022, 4, 1), "branch_vote_on": date(2022, 5, 10)})
    advance(Stage.PROBATIONARY, date(2022, 6, 1), "东海市两新工委")
    advance(Stage.FULL, date(2023, 5, 10), "东海市两新工委")
    stages = list(applicant.steps.exclude(note__in=["半年考察"]).values_list("stage", flat=True))
    assert stages == [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL]
    assert list(applicant.steps.values_list("warnings", flat=True)) == [""] * 7
    assert Member.objects.get(application=applicant).joined_on == date(2022, 5, 10)


# ---------------------------------------------------------------- what is due


def test_the_due_list_shows_what_the_branch_should_do_next(tree):
    today = date(2025, 6, 15)
    waiting = make_applicant(tree.a, applied_on=date(2025, 6, 1))
    talked = make_applicant(tree.a, applied_on=date(2025, 6, 1), talked_on=date(2025, 6, 5))
    full_year = make_applicant(tree.a, Stage.ACTIVIST, activist_on=date(2024, 6, 20), last_review_on=date(2025, 3, 1))
    review = make_applicant(tree.a, Stage.ACTIVIST, activist_on=date(2025, 1, 5))
    fresh = make_applicant(tree.a, Stage.ACTIVIST, activist_on=date(2025, 5, 1))
    ending = make_applicant(tree.a, Stage.PROBATIONARY, branch_vote_on=date(2024, 7, 10))
    later = make_applicant(tree.a, Stage.PROBATIONARY, branch_vote_on=date(2024, 12, 10))
    elsewhere = make_applicant(tree.b, applied_on=date(2025, 6, 1))

    items = due_items(tree.a, today)
    assert [(i.applicant, i.kind, i.due_on) for i in items] == [
        (full_year, "candidate", date(2025, 6, 20)),  # a full year of training
        (waiting, "talk", date(2025, 7, 1)),  # the application awaits its talk
        (review, "review", date(2025, 7, 5)),  # half-yearly review
        (ending, "confirm", date(2025, 7, 10)),  # probation ends next month
    ]
    assert not any(i.overdue for i in items)
    listed = {i.applicant.pk for i in items}
    assert not listed & {talked.pk, fresh.pk, later.pk, elsewhere.pk}


def test_an_overdue_talk_is_marked_overdue(tree):
    make_applicant(tree.a, applied_on=date(2025, 4, 1))
    (item,) = due_items(tree.a, date(2025, 6, 15))
    assert item.kind == "talk" and item.overdue and item.due_on == date(2025, 5, 1)


# ---------------------------------------------------------------- pages and scope


def url(name, *args):
    return reverse(f"members:{name}", args=args)


def test_secretary_sees_own_applicants_and_not_the_siblings(client, tree):
    mine, theirs = make_applicant(tree.a), make_applicant(tree.b)
    client.force_login(tree.secretary_a)
    assert client.get(url("applicant", mine.pk)).status_code == 200
    assert client.get(url("applicant", theirs.pk)).status_code == 404
    assert client.get(url("org_applicants", tree.b.pk)).status_code == 404
    listing = client.get(url("applicants")).text
    assert mine.name in listing and theirs.name not in listing


def test_secretary_cannot_advance_or_add_in_another_branch(client, tree):
    theirs = make_applicant(tree.b, talked_on=date(2022, 1, 20))
    client.force_login(tree.secretary_a)
    response = client.post(url("applicant_advance", theirs.pk), {"on": "2022-03-01", "approved_by": "x"})
    assert response.status_code == 404
    assert client.get(url("applicant_add", tree.b.pk)).status_code == 404
    assert Applicant.objects.get(pk=theirs.pk).stage == Stage.APPLICANT


def test_staff_of_the_parent_see_but_may_not_advance(client, tree):
    applicant = make_applicant(tree.a, talked_on=date(2022, 1, 20))
    client.force_login(tree.staff_w)
    page = client.get(url("applicant", applicant.pk))
    assert page.status_code == 200 and "转为入党积极分子" not in page.text
    assert applicant.name in client.get(url("org_applicants", tree.w.pk)).text
    response = client.post(url("applicant_advance", applicant.pk), {"on": "2022-03-01", "approved_by": "x"})
    assert response.status_code == 403
    assert client.post(url("applicant_record", applicant.pk, "talk"), {"on": "2022-01-21"}).status_code == 403
    assert client.get(url("applicant_add", tree.a.pk)).status_code == 403
    assert Applicant.objects.get(pk=applicant.pk).stage == Stage.APPLICANT


def test_staff_of_another_committee_see_nothing(client, tree):
    applicant = make_applicant(tree.a)
    client.force_login(tree.staff_x)
    assert client.get(url("applicant", applicant.pk)).status_code == 404
    assert applicant.name not in client.get(url("applicants")).text


def test_secretary_adds_an_applicant_and_an_under_age_one_is_refused(client, tree):
    client.force_login(tree.secretary_a)
    number = make_id_number(960, date(2000, 8, 8), female=True)
    response = client.post(url("applicant_add", tree.a.pk), {
        "name": "陈红", "id_number": number, "applied_on": "2024-03-01", "phone": "13900000000",
    })
    applicant = Applicant.objects.get(id_number=number)
    assert response.status_code == 302 and response.url == applicant.get_absolute_url()
    assert applicant.organization == tree.a and applicant.gender == "female"

    young = make_id_number(961, timezone.localdate().replace(day=1) - timedelta(days=365 * 17))
    response = client.post(url("applicant_add", tree.a.pk), {
        "name": "小明", "id_number": young, "applied_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 200 and "年满18岁方可申请入党" in response.text
    bad = client.post(url("applicant_add", tree.a.pk), {"name": "错号", "id_number": number[:17] + "0", "applied_on": "2024-03-01"})
    assert "校验位" in bad.text


def test_advancing_with_a_warning_asks_for_confirmation_and_keeps_it(client, tree):
    applicant = make_applicant(tree.a, applied_on=date(2024, 1, 10), talked_on=None)
    client.force_login(tree.secretary_a)
    form = {"talked_on": "2024-03-01", "on": "2024-04-01", "approved_by": "甲公司党支部委员会"}
    first = client.post(url("applicant_advance", applicant.pk), form)
    assert first.status_code == 200 and "第七条" in first.text and "我已知晓以上提示" in first.text
    assert Applicant.objects.get(pk=applicant.pk).stage == Stage.APPLICANT

    second = client.post(url("applicant_advance", applicant.pk), {**form, "confirm": "on"})
    assert second.status_code == 302
    step = PipelineStep.objects.get(applicant=applicant, stage=Stage.ACTIVIST)
    assert step.on == date(2024, 4, 1) and "第七条" in step.warnings and step.recorded_by == tree.secretary_a
    assert "第七条" in client.get(url("applicant", applicant.pk)).text


def test_a_blocked_advance_shows_the_rule_and_saves_nothing(client, tree):
    applicant = make_applicant(tree.a, Stage.ACTIVIST, activist_on=date(2023, 3, 15), last_review_on=date(2023, 9, 1))
    client.force_login(tree.admin_w)
    response = client.post(url("applicant_advance", applicant.pk), {"on": "2024-03-14", "approved_by": "支委会", "confirm": "on"})
    assert response.status_code == 200 and "第十四条" in response.text
    assert Applicant.objects.get(pk=applicant.pk).stage == Stage.ACTIVIST


def test_the_organization_page_lists_what_is_due(client, tree):
    make_applicant(tree.a, applied_on=timezone.localdate() - timedelta(days=3))
    client.force_login(tree.secretary_a)
    page = client.get(url("org_applicants", tree.a.pk))
    assert page.status_code == 200 and "入党申请待谈话" in page.text and "登记入党申请" in page.text


# ---------------------------------------------------------------- demo data


def test_demo_data_is_deterministic_and_follows_the_rules(tree):
    import random

    from django.db import transaction

    from demo.pipeline import seed_pipeline_and_dues
    from members.models import DuesRecord
    from tests.factories import MemberFactory, make_org

    for _ in range(6):
        make_org(tree.w)
    MemberFactory.create_batch(6, organization=tree.a)
    today = date(2025, 6, 15)

    def seeded():
        with transaction.atomic():
            seed_pipeline_and_dues(tree.w, random.Random(7), today, "small")
            applicants = list(Applicant.objects.order_by("id_number").select_related("member"))
            snapshot = (
                [(a.name, a.stage, a.applied_on, a.id_number, a.branch_vote_on) for a in applicants],
                sorted(PipelineStep.objects.values_list("applicant__id_number", "stage", "on", "note")),
                sorted(Member.objects.values_list("id_number", "declared_income")),
                sorted(DuesRecord.objects.values_list("member__id_number", "month", "amount_due", "paid_on")),
            )
            check_demo_rules(applicants, today)
            transaction.set_rollback(True)
        return snapshot

    first = seeded()
    assert first == seeded()
    assert {stage for _, stage, *_ in first[0]} == {Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY,
                                                     Stage.FULL}
    assert all(income is not None for _, income in first[2])
    assert len({month for _, month, *_ in first[3]}) == 12


def check_demo_rules(applicants, today):
    current = PipelineRules.current()
    for a in applicants:
        assert age_on(a.birth_date, a.applied_on) >= 18
        dates = [a.applied_on, a.talked_on, a.activist_on, a.candidate_on, a.branch_vote_on, a.approved_on, a.confirmed_on]
        known = [d for d in dates if d]
        assert known == sorted(known) and known[-1] <= today, a
        if a.candidate_on:
            assert a.candidate_on >= add_months(a.activist_on, current.activist_min_months)
            assert a.candidate_on <= (a.political_review_on or a.candidate_on)
        if a.approved_on:
            assert a.political_review_on <= a.branch_vote_on and a.training_days >= 3
            assert a.approved_on <= add_months(a.branch_vote_on, current.approval_max_months)
            a.member.full_clean()
            assert a.member.joined_on == a.branch_vote_on
        if a.confirmed_on:
            assert a.confirmed_on >= rules.probation_ends(a, current)
            assert a.member.status == MemberStatus.FULL
