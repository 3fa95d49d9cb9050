"""Send pending reminders: rows are claimed with SKIP LOCKED so concurrent workers never send one
twice, a failure is retried with exponential backoff, and a row left 'sending' by a killed worker
is claimed again once it is stale."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reminders.channels import CHANNELS
from reminders.models import Reminder, ReminderSettings, Status

BATCH = 100


def stale_claim() -> timedelta:
    """How long a row may stay 'sending' before another worker takes it over (its worker died)."""
    return timedelta(seconds=getattr(settings, "REMINDERS_STALE_CLAIM_SECONDS", 600))


def backoff(attempts: int, base_seconds: int) -> timedelta:
    return timedelta(seconds=min(3600, base_seconds * 2 ** (attempts - 1)))


def claimable(now, max_attempts: int):
    return Reminder.objects.filter(channel__in=list(CHANNELS)).filter(
        Q(status=Status.PENDING)
        | Q(status=Status.FAILED, attempts__lt=max_attempts, next_attempt_at__lte=now)
        | Q(status=Status.SENDING, claimed_at__lt=now - stale_claim())
    )


def claim(limit: int = BATCH) -> list[Reminder]:
    now = timezone.now()
    max_attempts = ReminderSettings.current().max_attempts
    with transaction.atomic():
        rows = list(
            claimable(now, max_attempts).select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient").order_by("pk")[:limit]
        )
        Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(status=Status.SENDING, claimed_at=now)
    return rows


def deliver(limit: int = 1000) -> dict[str, int]:
    """Send what is due now; returns counts. Each row is committed on its own."""
    result = {"sent": 0, "failed": 0}
    base = ReminderSettings.current().retry_base_seconds
    while result["sent"] + result["failed"] < limit:
        rows = claim()
        if not rows:
            break
        for reminder in rows:
            try:
                CHANNELS[reminder.channel].send(reminder)
            except Exception as exc:  # noqa: BLE001 - any channel failure is recorded and retried
                attempts = reminder.attempts + 1
                Reminder.objects.filter(pk=reminder.pk).update(
                    status=Status.FAILED, attempts=attempts, last_error=f"{exc.__class__.__name__}: {exc}"[:300],
                    next_attempt_at=timezone.now() + backoff(attempts, base), claimed_at=None,
                )
                result["failed"] += 1
            else:
                Reminder.objects.filter(pk=reminder.pk).update(
                    status=Status.SENT, attempts=reminder.attempts + 1, sent_at=timezone.now(), last_error="",
                    claimed_at=None,
                )
                result["sent"] += 1
    return result


def next_retry_in() -> float | None:
    """Seconds until the earliest failed row may be tried again (None when nothing waits)."""
    max_attempts = ReminderSettings.current().max_attempts
    row = (Reminder.objects.filter(status=Status.FAILED, attempts__lt=max_attempts)
           .order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())
    if row is None:
        return None
    return max(1.0, (row - timezone.now()).total_seconds())
