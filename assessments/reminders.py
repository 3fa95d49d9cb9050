"""Collector for the daily sweep (registered in apps.py): overdue 整改 items.

One reminder per rectification item and deadline to the branch's secretaries; a deadline moved later
and missed again reminds again (the key includes the due date)."""

from assessments.models import Rectification
from reminders.registry import Candidate


def rectification_candidates(today, settings, directory, prefix):
    rows = (
        Rectification.objects.filter(status=Rectification.State.OPEN, deadline__lt=today,
                                     problem__participation__branch__path__startswith=prefix,
                                     problem__participation__branch__status="active")
        .select_related("problem__participation__branch")
        .only("id", "measure", "owner", "deadline", "problem__participation__id",
              "problem__participation__branch__id", "problem__participation__branch__name")
    )
    found = []
    for row in rows:
        participation = row.problem.participation
        branch = participation.branch
        found.append(Candidate(
            kind="rectification_overdue", subject=f"rectification:{row.pk}", due_date=row.deadline,
            title=f"{branch.name}：整改事项已逾期（{row.deadline:%Y年%m月%d日}到期）：{row.measure}"[:200],
            body=f"责任人：{row.owner}。请完成整改后在考核页面填报整改情况。",
            url=participation.get_absolute_url() + "#problems",
            recipients=directory.secretaries_of(branch.pk),
        ))
    return found
