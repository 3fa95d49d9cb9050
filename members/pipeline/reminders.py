"""Collector for the daily reminder sweep (registered in members/apps.py): the candidate year and the end
of the probation coming due, dated by members.pipeline.rules."""

from datetime import timedelta

from members.pipeline.models import Applicant, PipelineRules, Stage
from members.pipeline.rules import candidate_ready_on, latest_start, probation_ends
from reminders.registry import Candidate


def pipeline_candidates(today, settings, directory, prefix):
    rules = PipelineRules.current()
    horizon = today + timedelta(days=settings.pipeline_notice_days)
    found = []
    activists = Applicant.objects.filter(
        stage=Stage.ACTIVIST, activist_on__lte=latest_start(horizon, rules.activist_min_months),
        organization__path__startswith=prefix,
    ).only("pk", "name", "organization_id", "activist_on")
    for a in activists:
        due = candidate_ready_on(a.activist_on, rules)
        found.append(Candidate(
            kind="pipeline_activist_year", subject=f"applicant:{a.pk}", due_date=due,
            title=f"入党积极分子{a.name}将于{due:%Y年%m月%d日}满{rules.activist_min_months}个月培养期，可考虑列为发展对象",
            url=a.get_absolute_url(), recipients=directory.secretaries_of(a.organization_id),
        ))
    probationers = Applicant.objects.filter(
        stage=Stage.PROBATIONARY, branch_vote_on__isnull=False, organization__path__startswith=prefix,
        branch_vote_on__lte=latest_start(horizon, rules.probation_months),
    ).only("pk", "name", "organization_id", "branch_vote_on", "probation_extended_months")
    for a in probationers:
        due = probation_ends(a, rules)
        if due > horizon:
            continue  # an extension moved it out of the window
        found.append(Candidate(
            kind="pipeline_probation_end", subject=f"applicant:{a.pk}", due_date=due,
            title=f"预备党员{a.name}预备期将于{due:%Y年%m月%d日}届满，请按期讨论转正",
            url=a.get_absolute_url(), recipients=directory.secretaries_of(a.organization_id),
        ))
    return found
