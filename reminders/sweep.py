"""The daily sweep: run every registered collector (reminders.registry), and record one reminder per key.

Collectors return Candidates; `record` inserts them with ON CONFLICT DO NOTHING on the unique key, so
running the sweep twice, or two sweeps at once, creates nothing twice. Thresholds are ranges (days
left ≤ N), not exact days, so a sweep that did not run yesterday catches up today.
"""

from collections import Counter
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from branches.models import Organization
from reminders import registry
from reminders.models import Channel, ReminderSettings, Status
from reminders.recipients import Directory
from reminders.registry import Candidate

INSERT_BATCH = 200_000  # rows per INSERT … SELECT FROM unnest(); a province-wide day fits in one


def collect(today: date, root: Organization | None = None) -> list[Candidate]:
    """Every registered collector's candidates for the subtree of `root` (all when None)."""
    settings = ReminderSettings.current()
    directory = Directory()
    prefix = root.path if root else ""
    return [c for collector in registry.collectors() for c in collector(today, settings, directory, prefix)]


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
