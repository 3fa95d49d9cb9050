"""Collectors for the daily sweep (registered in apps.py): planned meetings coming up, and 三会一课
requirements due soon or missed (the rule is activities.compliance's)."""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from activities.choices import MeetingStatus, Period
from activities.compliance import obligations
from activities.models import Attendance, Meeting
from activities.periods import Window, local_date, window
from branches.models import Organization
from reminders.recipients import users_of_members
from reminders.registry import Candidate


def meeting_candidates(today, settings, directory, prefix):
    leads = sorted(settings.meeting_lead_days)
    if not leads:
        return []
    start, end = Window("span", today, today + timedelta(days=leads[-1])).aware_bounds()  # local midnights
    meetings = list(
        Meeting.objects.filter(status=MeetingStatus.PLANNED, planned_at__gte=start, planned_at__lt=end,
                               organization__path__startswith=prefix)
        .only("pk", "organization_id", "planned_at", "kinds", "topic", "place")
    )
    expected = defaultdict(set)
    rows = Attendance.objects.filter(meeting__in=[m.pk for m in meetings], member__isnull=False)
    member_ids = defaultdict(list)
    for meeting_id, member_id in rows.values_list("meeting_id", "member_id"):
        member_ids[meeting_id].append(member_id)
    accounts = users_of_members({m for ids in member_ids.values() for m in ids})
    for meeting_id, ids in member_ids.items():
        expected[meeting_id] = {accounts[m] for m in ids if m in accounts}
    found = []
    for m in meetings:
        day = local_date(m.planned_at)
        days = (day - today).days
        lead = next(lead for lead in leads if days <= lead)
        when = timezone.localtime(m.planned_at)
        found.append(Candidate(
            kind=f"meeting_{lead}d", subject=f"meeting:{m.pk}", due_date=day,
            title=f"{when:%m月%d日 %H:%M} {m.kinds_display}：{m.topic}",
            body=f"地点：{m.place or '待定'}。", url=m.get_absolute_url(),
            recipients=directory.secretaries_of(m.organization_id) | expected[m.pk],
        ))
    return found


def requirement_candidates(today, settings, directory, prefix):
    """This period's requirement neither held nor planned, near its end → secretaries;
    last period's requirement not met → the parent organization's staff. What is owed and met is
    activities.compliance's rule, asked once for every branch under `prefix` (about the current periods
    only when they end soon)."""
    current = [window(period, today) for period in Period.values]
    ending = [w for w in current if (w.end - today).days <= settings.requirement_days_before_end]
    rows = obligations("o.path LIKE %(prefix)s", {"prefix": prefix + "%"}, ending + [w.previous() for w in current],
                       many=True, unmet_only=True)
    branches = Organization.objects.only("pk", "path", "name").in_bulk({row.org_id for row in rows})
    found = []
    for row in rows:
        branch, win = branches[row.org_id], row.window
        subject = f"org:{branch.pk}:{row.kind}" + (f":{row.group_id}" if row.group_id else "")
        url = f"/orgs/{branch.pk}/meetings/"
        if win.contains(today):
            if row.missing:
                found.append(Candidate(
                    kind="requirement_due", subject=subject, due_date=win.end,
                    title=f"{branch.name}：{win.relative_label}{row.label}尚未召开（{win.end:%m月%d日}截止）",
                    url=url, recipients=directory.secretaries_of(branch.pk),
                ))
        else:
            found.append(Candidate(
                kind="requirement_missed", subject=subject, due_date=win.end,
                title=f"{branch.name}：{win.label}{row.label}未召开", url=url, recipients=directory.parent_staff_of(branch.path),
            ))
    return found
