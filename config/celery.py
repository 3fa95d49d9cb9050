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
