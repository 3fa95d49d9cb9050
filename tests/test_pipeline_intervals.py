"""Each interval of the development pipeline is one definition: the rule that blocks a step, the due list
and the reminder sweep name the same day, also where months are clamped (29 February, 31st of a month)."""

from datetime import date, timedelta

import pytest

from members.models import Applicant, PipelineRules
from members.pipeline.due import due_items
from members.pipeline.models import Stage
from members.pipeline.reminders import pipeline_candidates
from members.pipeline.rules import WARN, add_months, check_advance, earliest_next, latest_start, probation_ends
from reminders.models import ReminderSettings
from reminders.recipients import Directory
from tests.factories import make_id_number

pytestmark = pytest.mark.django_db
BORN = date(1995, 1, 1)


def applicant(org, n, stage, **dates):
    return Applicant.objects.create(name=f"申请人{n}", id_number=make_id_number(700 + n, BORN), gender="male",
                                    birth_date=BORN, organization=org, applied_on=date(2022, 1, 1), stage=stage, **dates)


def blocked(found) -> bool:
    return any(f.blocks for f in found)


def reminded_on(tree, day, kind) -> dict:
    found = pipeline_candidates(day, ReminderSettings.current(), Directory(), tree.w.path)
    return {c.subject: c.due_date for c in found if c.kind == kind}


def assert_one_day(tree, a, stage, day, due_kind, reminder_kind, rules):
    """The rule allows `stage` from `day` on, the due list names `day`, the sweep reminds of `day` from
    exactly pipeline_notice_days before it."""
    assert blocked(check_advance(a, stage, day - timedelta(days=1), rules=rules))
    assert not blocked(check_advance(a, stage, day, rules=rules))
    assert {i.kind: i.due_on for i in due_items(tree.a, day, rules) if i.applicant == a}[due_kind] == day
    first_day = day - timedelta(days=ReminderSettings.current().pipeline_notice_days)
    assert f"applicant:{a.pk}" not in reminded_on(tree, first_day - timedelta(days=1), reminder_kind)
    assert reminded_on(tree, first_day, reminder_kind)[f"applicant:{a.pk}"] == day


@pytest.mark.parametrize("activist_on", [date(2024, 2, 29), date(2024, 8, 31), date(2024, 5, 15)])
def test_an_activist_becomes_eligible_on_one_day_for_the_rule_the_due_list_and_the_sweep(tree, activist_on):
    rules = PipelineRules.current()
    a = applicant(tree.a, 1, Stage.ACTIVIST, talked_on=date(2022, 1, 10), activist_on=activist_on,
                  last_review_on=activist_on + timedelta(days=150))
    assert_one_day(tree, a, Stage.CANDIDATE, earliest_next(a, rules), "candidate", "pipeline_activist_year", rules)


@pytest.mark.parametrize("vote_on, extended", [(date(2024, 2, 29), 0), (date(2023, 8, 31), 6), (date(2024, 1, 31), 0)])
def test_probation_ends_on_one_day_for_the_rule_the_due_list_and_the_sweep(tree, vote_on, extended):
    rules = PipelineRules.current()
    a = applicant(tree.a, 2, Stage.PROBATIONARY, branch_vote_on=vote_on, approved_on=vote_on + timedelta(days=20),
                  probation_extended_months=extended)
    assert_one_day(tree, a, Stage.FULL, probation_ends(a, rules), "confirm", "pipeline_probation_end", rules)


def test_the_approval_deadline_of_the_due_list_is_the_one_the_rule_warns_after(tree):
    rules = PipelineRules.current()
    vote_on = date(2024, 11, 30)
    a = applicant(tree.a, 3, Stage.CANDIDATE, talked_on=date(2022, 1, 10), activist_on=date(2023, 1, 1),
                  candidate_on=date(2024, 3, 1), political_review_on=date(2024, 11, 1), training_days=5,
                  branch_vote_on=vote_on)
    due_on = next(i.due_on for i in due_items(tree.a, vote_on, rules) if i.kind == "approval")
    assert due_on == date(2025, 2, 28)  # three months after 30 November
    assert not check_advance(a, Stage.PROBATIONARY, due_on, rules=rules)  # neither blocked nor warned
    assert [f.level for f in check_advance(a, Stage.PROBATIONARY, due_on + timedelta(days=1), rules=rules)] \
        == [WARN]


@pytest.mark.parametrize("day, months, start", [
    (date(2025, 2, 28), 12, date(2024, 2, 29)),  # the end of February: a start on the 29th is complete too
    (date(2025, 3, 15), 12, date(2024, 3, 15)),
    (date(2024, 4, 30), 2, date(2024, 2, 29)),  # 30 April less two months is clamped to 29 February
    (date(2025, 6, 30), 6, date(2024, 12, 31)),
])
def test_latest_start_inverts_add_months(day, months, start):
    assert latest_start(day, months) == start
    assert add_months(start, months) <= day
    assert add_months(start + timedelta(days=1), months) > day
