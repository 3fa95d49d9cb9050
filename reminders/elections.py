"""Collector for the organization tree: terms ending (换届) and overdue elections."""

from datetime import timedelta

from branches.choices import OrgKind
from branches.models import Organization
from reminders.registry import Candidate


def election_candidates(today, settings, directory, prefix):
    thresholds = sorted(settings.election_days)
    if not thresholds:
        return []
    orgs = Organization.objects.filter(
        status="active", term_ends_on__lte=today + timedelta(days=thresholds[-1]), path__startswith=prefix,
    ).exclude(kind=OrgKind.WORK_COMMITTEE).only("pk", "path", "name", "term_ends_on")
    found = []
    for org in orgs:
        days = (org.term_ends_on - today).days
        recipients = directory.secretaries_of(org.pk) | directory.parent_staff_of(org.path)
        if days < 0:
            found.append(Candidate(
                kind="election_overdue", subject=f"org:{org.pk}", due_date=today.replace(day=1),
                title=f"{org.name}：任期已于{org.term_ends_on:%Y年%m月%d日}届满，尚未换届",
                url=org.get_absolute_url(), recipients=recipients,
            ))
            continue
        threshold = next(t for t in thresholds if days <= t)
        found.append(Candidate(
            kind=f"election_{threshold}d", subject=f"org:{org.pk}", due_date=org.term_ends_on,
            title=f"{org.name}：任期将于{org.term_ends_on:%Y年%m月%d日}届满（还有 {days} 天），请做好换届准备",
            url=org.get_absolute_url(), recipients=recipients,
        ))
    return found
