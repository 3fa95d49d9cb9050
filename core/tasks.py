"""Sending Celery tasks from the apps: to the queue of this run, and only once the data they need
is committed."""

import logging
import os

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)


def task_queue() -> str:
    """The queue tasks are sent to; CELERY_QUEUE (read at call time) lets tests use a queue of their own."""
    return os.environ.get("CELERY_QUEUE") or getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")


def enqueue_on_commit(task, *args) -> None:
    """Send a task once the current transaction commits. A broker that is down must not break the
    request that asked: the work stays recorded in the database for the next periodic run."""

    def send():
        try:
            task.apply_async(args, queue=task_queue())
        except Exception as exc:  # noqa: BLE001
            log.warning("could not enqueue %s: %s", task.name, exc)

    transaction.on_commit(send)
