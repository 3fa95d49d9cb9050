from celery import shared_task
from django.utils import timezone

from core.tasks import enqueue_on_commit, task_queue
from reminders import delivery, sweep

@shared_task(name="reminders.sweep", acks_late=True)
def sweep_task(day: str | None = None) -> dict:
    from datetime import date

    today = date.fromisoformat(day) if day else timezone.localdate()
    created = sweep.run(today)
    enqueue_delivery()
    return dict(created)


@shared_task(name="reminders.deliver", acks_late=True)
def deliver_task() -> dict:
    result = delivery.deliver()
    wait = delivery.next_retry_in()
    if wait is not None:  # retry failed channels with backoff, without blocking the others
        deliver_task.apply_async(countdown=wait, queue=task_queue())
    return result


def enqueue_delivery() -> None:
    """After commit, ask a worker to send; if the broker is down the rows stay pending for the
    periodic delivery (or the next sweep) to pick up."""
    enqueue_on_commit(deliver_task)
