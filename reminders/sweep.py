"""The daily sweep: find what is due, as set-based queries, and record one reminder per key.

Each collector returns Candidates; `record` inserts them with ON CONFLICT DO NOTHING on the
unique key, so running the sweep twice, or two sweeps at once, creates nothing twice. Thresholds
are ranges (days left ≤ N), not exact days, so a sweep that did not run yesterday catches up today.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from activities.choices import MeetingStatus, Period
from assessments.reminders import rectification_candidates
from activities.compliance import obligations
from activities.models import Attendance, Meeting
from activities.periods import Window, local_date, window
from branches.choices import OrgKind
from branches.models import Organization
from members.models import Applicant, PipelineRules
from members.models.pipeline import Stage
from members.pipeline import candidate_ready_on, latest_start, probation_ends
from reminders.models import Channel, ReminderSettings, Status
from reminders.recipients import Directory, users_of_members


INSERT_BATCH = 200_000  # rows per INSERT … SELECT FROM unnest(); a province-wide day fits in one


@dataclass
class Candidate:
    kind: str
    subject: str
    due_date: date
    title: str
    url: str
    recipients: set[int] = field(default_factory=set)
    body: str = ""


def collect(today: date, root: Organization | None = None) -> list[Candidate]:
    settings = ReminderSettings.current()
    directory = Directory()
    prefix = root.path if root else ""
    return [
        *meeting_candidates(today, settings, directory, prefix),
        *requirement_candidates(today, settings, directory, prefix),
        *election_candidates(today, settings, directory, prefix),
        *pipeline_candidates(today, settings, directory, prefix),
        *rectification_candidates(today, settings, directory, prefix),
    ]


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


def record(candidates: list[Candidate]) -> Counter:
    """Insert inbox rows (delivered at once) and email rows (pending) for every recipient; return
    how many new rows each kind got. Existing keys are left alone."""
    from accounts.models import User

    recipient_ids = {r for c in candidates for r in c.recipients}
    emails = set(User.objects.filter(pk__in=recipient_ids, email_reminders=True, is_active=True)
                 .exclude(email="").values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    for c in candidates:
        for user_id in sorted(c.recipients):
            rows.append((c.kind, c.subject, c.due_date, user_id, Channel.INBOX, c.title, c.body, c.url, Status.SENT, now))
            if user_id in emails:
                rows.append((c.kind, c.subject, c.due_date, user_id, Channel.EMAIL, c.title, c.body, c.url, Status.PENDING, None))
    created = Counter()
    for start in range(0, len(rows), INSERT_BATCH):
        created.update(_insert(rows[start:start + INSERT_BATCH], now))
    return created


def _insert(rows, now) -> list[str]:
    if not rows:
        return []
    columns = list(zip(*rows))
    sql = """
        INSERT INTO reminders_reminder
            (kind, subject, due_date, recipient_id, channel, title, body, url, status, sent_at,
             attempts, last_error, created_at)
        SELECT *, 0, '', %s FROM unnest(%s::text[], %s::text[], %s::date[], %s::bigint[], %s::text[], %s::text[],
                                     %s::text[], %s::text[], %s::text[], %s::timestamptz[])
        ON CONFLICT ON CONSTRAINT unique_reminder_key DO NOTHING
        RETURNING kind
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, *[list(c) for c in columns]])
        return [row[0] for row in cursor.fetchall()]


def run(today: date, root: Organization | None = None, dry_run: bool = False) -> Counter:
    """Collect and record. With dry_run, counts what would be created without writing."""
    candidates = collect(today, root)
    if dry_run:
        return Counter(c.kind for c in candidates for _ in c.recipients)
    with transaction.atomic():
        return record(candidates)
