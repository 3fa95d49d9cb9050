import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("zhibu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def task_queue() -> str:
    """The queue tasks are sent to; CELERY_QUEUE (read at call time) lets tests use a queue of their own."""
    from django.conf import settings

    return os.environ.get("CELERY_QUEUE") or getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")


def enqueue_on_commit(task, *args) -> None:
    """Send a task once the current transaction commits. A broker that is down must not break the
    request that asked: the work stays recorded in the database for the next periodic run."""
    import logging

    from django.db import transaction

    def send():
        try:
            task.apply_async(args, queue=task_queue())
        except Exception as exc:  # noqa: BLE001
            logging.getLogger(__name__).warning("could not enqueue %s: %s", task.name, exc)

    transaction.on_commit(send)
